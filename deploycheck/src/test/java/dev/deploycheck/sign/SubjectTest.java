package dev.deploycheck.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectTest {
    private static final String SHA1 = "0123456789abcdef0123456789abcdef01234567";
    private static final String SHA256 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "git:" + SHA1 + "                          | git:" + SHA1 + "       | gitCommit | " + SHA1,
        "git:0123456789ABCDEF0123456789ABCDEF01234567 | git:0123456789ABCDEF0123456789ABCDEF01234567 | gitCommit | " + SHA1,
        "sha256:" + SHA256 + "                     | sha256:" + SHA256 + "  | sha256    | " + SHA256,
        "ghcr.io/acme/backend@sha256:" + SHA256 + " | ghcr.io/acme/backend    | sha256    | " + SHA256,
        "backend@git:" + SHA1 + "                  | backend                 | gitCommit | " + SHA1,
    })
    void parsesEveryForm(String spec, String name, String algorithm, String digest) {
        assertEquals(new Subject(name, algorithm, digest), Subject.parse(spec));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "v1.2.3                | expected git:<sha>, sha256:<hex> or name@sha256:<hex>",
        "git:abc123            | a git commit is 40 (or 64) hex digits, got 'abc123'",
        "sha256:" + SHA1 + "   | a sha256 digest is 64 hex digits",
        "img@md5:abcd          | expected git:<sha>, sha256:<hex> or name@sha256:<hex>",
    })
    void rejectsAnythingElseWithTheReason(String spec, String message) {
        String actual = assertThrows(IllegalArgumentException.class, () -> Subject.parse(spec)).getMessage();
        assertEquals(true, actual.contains(message), actual);
    }
}
