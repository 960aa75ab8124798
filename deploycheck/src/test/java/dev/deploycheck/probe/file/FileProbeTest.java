package dev.deploycheck.probe.file;

import static dev.deploycheck.testing.DataProbeFixtures.context;
import static dev.deploycheck.testing.DataProbeFixtures.problems;
import static dev.deploycheck.testing.DataProbeFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.checklist.Redactor;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file probe on a temporary directory, with ages set through Files.setLastModifiedTime. */
class FileProbeTest {
    private static final FileProbe KIND = new FileProbe();

    @TempDir
    Path dir;

    private ProbeContext ctx() {
        return context(dir, Duration.ofSeconds(5));
    }

    private Path write(String name, String text, Duration age) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(age)));
        return p;
    }

    @Test
    void factsOfAFile() throws Exception {
        write("docs/runbook.md", "# Disaster recovery\nRestore from the nightly dump.\n", Duration.ofHours(30));
        Observation obs = run(KIND, "path: docs/runbook.md", ctx());
        assertEquals(true, obs.get("exists"));
        assertEquals(51L, obs.get("size"));
        assertEquals(dir.resolve("docs/runbook.md").toString(), obs.get("path"));
        Duration age = (Duration) obs.get("age");
        assertTrue(age.compareTo(Duration.ofHours(30)) >= 0 && age.compareTo(Duration.ofHours(31)) < 0, age.toString());
        assertTrue(obs.get("modified") instanceof Instant);
        assertEquals("# Disaster recovery\nRestore from the nightly dump.\n", obs.get("contents"));
        // sha256 of the same bytes, computed independently
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("# Disaster recovery\nRestore from the nightly dump.\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, obs.get("sha256"));
    }

    @Test
    void globPicksTheNewestMatch() throws Exception {
        write("backups/db-1.sql.gz", "old", Duration.ofDays(3));
        write("backups/db-2.sql.gz", "newest", Duration.ofHours(2));
        write("backups/db-3.sql.gz", "middle", Duration.ofDays(1));
        write("backups/notes.txt", "newer but not a dump", Duration.ofMinutes(1));
        write("backups/nested/db-9.sql.gz", "nested does not match *", Duration.ofMinutes(1));
        Observation obs = run(KIND, "glob: backups/*.sql.gz", ctx());
        assertEquals(3, obs.get("matches"));
        assertEquals(dir.resolve("backups/db-2.sql.gz").toString(), obs.get("path"));
        assertTrue(((Duration) obs.get("age")).compareTo(Duration.ofHours(3)) < 0);
        Observation deep = run(KIND, "glob: 'backups/**/*.sql.gz'", ctx());
        assertEquals(1, deep.get("matches"), "** needs at least one directory, as in Java's glob");
    }

    @Test
    void missingFileIsAFactNotAnError() throws Exception {
        Observation obs = run(KIND, "path: backups/none.sql", ctx());
        assertEquals(false, obs.get("exists"));
        assertNull(obs.get("age"));
        Observation none = run(KIND, "glob: backups/*.sql", ctx());
        assertEquals(false, none.get("exists"));
        assertEquals(0, none.get("matches"));
        assertEquals(List.of("0 file(s) match backups/*.sql", "no file matches backups/*.sql"), none.evidence());
    }

    @Test
    void binaryFilesHaveNoContentsAndLargeOnesAreCapped() throws Exception {
        Path bin = dir.resolve("dump.gz");
        Files.write(bin, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0});
        Observation obs = run(KIND, "path: dump.gz", ctx());
        assertFalse(obs.facts().containsKey("contents"));
        assertEquals(6L, obs.get("size"));
        write("big.txt", "é".repeat(100), Duration.ZERO);
        Observation big = run(KIND, "path: big.txt\nmaxContents: 11\nhash: false", ctx());
        assertEquals("ééééé", big.get("contents"), "cut at 11 bytes, half a character dropped");
        assertNull(big.get("sha256"));
    }

    @Test
    void secretsInContentsAreMasked() throws Exception {
        write(".env.production", "JWT_SECRET=abcd-secret-value\n", Duration.ZERO);
        Redactor r = new Redactor();
        r.add("abcd-secret-value");
        Observation obs = run(KIND, "path: .env.production", context(dir, Duration.ofSeconds(5), Map.of(), r));
        assertEquals("JWT_SECRET=********\n", obs.get("contents"));
    }

    @Test
    void utf8Detection() {
        assertEquals(Optional.of("abc"), FileRun.utf8("abc".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), FileRun.utf8(new byte[] {'a', 0, 'b'}));
        assertEquals(Optional.empty(), FileRun.utf8(new byte[] {(byte) 0xff, (byte) 0xfe, 'a', 'b', 'c'}));
    }

    @Test
    void validation() {
        assertEquals(List.of("1:1 a file item needs 'path' or 'glob'"), problems(KIND, "hash: true"));
        assertEquals(List.of("2:7 use either 'path' or 'glob', not both"), problems(KIND, "path: a\nglob: b*"));
    }
}
