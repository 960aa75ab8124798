package dev.deploycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.testing.CliRun;
import dev.deploycheck.testing.ScriptedHttpServer;
import dev.deploycheck.testing.ScriptedHttpServer.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A filter that selects nothing, or names what does not exist, must not turn the gate into a silent PASS. */
class SelectionTest {
    @TempDir
    Path dir;
    ScriptedHttpServer server;
    Path checklist;

    @BeforeEach
    void setUp() throws Exception {
        server = new ScriptedHttpServer().route("/ok", Answer.ok("{}"))
                .route("/down", new Answer(503, "{}", 0, Map.of()));
        checklist = dir.resolve("checklist.yaml");
        Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(dir.resolve("profiles/local.yaml"), "name: local\nvars:\n  api: " + server.url("") + "\n");
        Files.writeString(checklist, "version: 1\nname: Demo\nsections:\n  - name: S\n    items:\n"
                + item("api-health", "/ok", "smoke") + item("api-down", "/down", "slow"));
    }

    private static String item(String id, String path, String tag) {
        return "      - id: " + id + "\n        title: " + id + "\n        probe: http\n        url: ${vars.api}" + path
                + "\n        tags: [" + tag + "]\n        expect:\n          - status == 200\n";
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private CliRun verify(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "verify";
        all[1] = "--checklist";
        all[2] = checklist.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRun.of(Map.of(), all);
    }

    @Test
    void anUnknownTagIsUsageErrorListingTheTagsThatExist() {
        CliRun r = verify("--tag", "nosuchtag");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().contains("--tag names an unknown tag 'nosuchtag'"), r.describe());
        assertTrue(r.err().contains("slow, smoke"), r.describe());
        assertFalse(r.out().contains("PASSED"), r.describe());
    }

    @Test
    void anUnknownSkipIsUsageErrorWithASuggestion() {
        CliRun r = verify("--skip", "api-helth");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().contains("--skip names an unknown item or tag 'api-helth'; did you mean 'api-health'?"), r.describe());
    }

    @Test
    void filtersThatLeaveNothingToRunAreUsageError() {
        CliRun r = verify("--tag", "smoke", "--skip", "api-health");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().contains("the filters select no item to run"), r.describe());
    }

    @Test
    void skipTakesATagAndSkipsItsItems() {
        CliRun r = verify("--skip", "slow");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.out().contains("skipped by --skip"), r.describe());
    }

    @Test
    void zeroConcurrencyIsUsageErrorWithoutAnExceptionName() {
        CliRun r = verify("--concurrency", "0");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().contains("--concurrency must be at least 1 (got 0)"), r.describe());
        assertFalse(r.err().contains("Exception"), r.describe());
    }

    @Test
    void envIsANameNotAPath() {
        CliRun r = verify("--env", "../../etc/passwd");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().contains("--env takes a profile name"), r.describe());
        assertTrue(r.err().contains("use --profile FILE"), r.describe());
    }
}
