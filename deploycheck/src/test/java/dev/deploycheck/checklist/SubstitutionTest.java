package dev.deploycheck.checklist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Values written where they stand: percent-encoded in URLs, passed as arguments to shell lines. */
class SubstitutionTest {
    private final Variables vars = new Variables(Map.of("api", "https://h:8443/base", "host", "db.internal:6379",
            "prefix", "api/v1"), new Env(Map.of("T", "a&b c#d/é+=?", "PW", "p@ss/w:rd"), Set.of()), new Redactor());

    private String url(String text) {
        return vars.resolve(text, UrlSubstitution.INSTANCE);
    }

    @Test
    void queryAndFragmentValuesAreOneValue() {
        assertEquals("https://h:8443/base/x?key=a%26b%20c%23d%2F%C3%A9%2B%3D%3F&n=1",
                url("${vars.api}/x?key=${secret.T}&n=1"));
        assertEquals("https://h/x#a%26b%20c%23d%2F%C3%A9%2B%3D%3F", url("https://h/x#${env.T}"));
    }

    @Test
    void pathValuesKeepTheirSlashes() {
        assertEquals("https://h:8443/base/api/v1/a%26b%20c%23d/%C3%A9%2B=%3F", url("${vars.api}/${vars.prefix}/${env.T}"));
    }

    @Test
    void baseUrlsHostsAndPortsAreTakenAsWritten() {
        assertEquals("https://h:8443/base/health", url("${vars.api}/health"));
        assertEquals("redis://db.internal:6379/0", url("redis://${vars.host}/0"));
    }

    @Test
    void userInfoIsEncoded() {
        assertEquals("redis://:p%40ss%2Fw%3Ard@db.internal:6379", url("redis://:${secret.PW}@${vars.host}"));
        assertEquals("postgres://app:p%40ss%2Fw%3Ard@db/app", url("postgres://app:${secret.PW}@db/app"));
    }

    @Test
    void shellLinesGetValuesAsArguments() {
        ShellLine line = new ShellLine();
        String script = vars.resolve("echo ${env.T} \"in ${env.PW} quotes\" 'single ${vars.host}' $HOME", line);
        assertEquals("echo \"${1}\" \"in ${2} quotes\" 'single '\"${3}\"'' $HOME", script);
        assertEquals(List.of("/bin/sh", "-c", script, "deploycheck", "a&b c#d/é+=?", "p@ss/w:rd", "db.internal:6379"),
                line.argv(script));
    }

    @Test
    void quotingFollowsTheShell() {
        assertEquals('"', ShellLine.quoting("echo \"a"));
        assertEquals(0, ShellLine.quoting("echo \"a\" 'b'"));
        assertEquals('\'', ShellLine.quoting("echo 'it\"s"));
        assertEquals(0, ShellLine.quoting("echo \\\" x"));
    }
}
