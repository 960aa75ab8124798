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

/** The CLI driven in-process exactly as a user would: stdout, stderr and the exit code. */
class CliTest {
    @TempDir
    Path dir;
    ScriptedHttpServer server;
    Path checklist;

    @BeforeEach
    void setUp() throws Exception {
        server = new ScriptedHttpServer().route("/ok", Answer.ok("{\"status\":\"ok\"}"))
                .route("/down", new Answer(503, "{\"status\":\"down\"}", 0, Map.of()));
        checklist = dir.resolve("checklist.yaml");
        Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(dir.resolve("profiles/local.yaml"), "name: local\nvars:\n  api: " + server.url("") + "\n");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private void checklist(String path) throws Exception {
        Files.writeString(checklist, "version: 1\nname: Demo\nsections:\n  - name: Verification Steps\n    items:\n"
                + "      - id: api-health\n        title: Health checks passing\n        probe: http\n"
                + "        url: ${vars.api}" + path + "\n        expect:\n          - status == 200\n");
    }

    private CliRun cli(String... args) {
        return CliRun.of(Map.of(), args);
    }

    @Test
    void passingRunExitsZero() throws Exception {
        checklist("/ok");
        CliRun r = cli("verify", "--checklist", checklist.toString());
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.out().contains("PASS   api-health"), r.describe());
        assertTrue(r.out().contains("1 passed, 0 failed"), r.describe());
        assertTrue(r.out().contains("PASSED (exit 0)"), r.describe());
        assertFalse(r.out().contains("\u001b["), "no colour when not a terminal");
    }

    @Test
    void failingRunExitsOneAndShowsTheActualValue() throws Exception {
        checklist("/down");
        CliRun r = cli("verify", "--checklist", checklist.toString());
        assertEquals(1, r.exitCode(), r.describe());
        assertTrue(r.out().contains("✗ status (503) == 200"), r.describe());
        assertTrue(r.out().contains("at " + checklist + ":6:9") || r.out().contains("checklist.yaml:6:9"), r.describe());
    }

    @Test
    void invalidChecklistExitsTwoWithPositionsAndNoStackTrace() throws Exception {
        Files.writeString(checklist, "version: 1\nsections:\n  - name: S\n    items:\n      - id: a\n        title: T\n        probe: htpp\n");
        CliRun r = cli("verify", "--checklist", checklist.toString());
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().contains("unknown probe kind 'htpp'"), r.describe());
        assertTrue(r.err().contains(":7:16"), r.describe());
        assertTrue(r.err().contains("did you mean 'http'?"), r.describe());
        assertFalse(r.err().contains("\tat "), "stack trace: " + r.describe());
    }

    @Test
    void unknownOptionAndFormatAreUsageErrors() throws Exception {
        checklist("/ok");
        assertEquals(2, cli("verify", "--bogus").exitCode());
        CliRun r = cli("verify", "--checklist", checklist.toString(), "-f", "yaml");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().contains("unknown format 'yaml'"), r.describe());
        r = cli("verify", "--checklist", checklist.toString(), "--deadline", "soon");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().contains("--deadline"), r.describe());
    }

    @Test
    void writesSeveralFormatsInOneRun() throws Exception {
        checklist("/down");
        Path json = dir.resolve("out/report.json");
        Path junit = dir.resolve("out/junit.xml");
        CliRun r = cli("verify", "--checklist", checklist.toString(), "-f", "json", "-o", json.toString(), "-f", "junit",
                "-o", junit.toString());
        assertEquals(1, r.exitCode(), r.describe());
        assertTrue(Files.readString(json).contains("\"verdict\" : \"FAIL\""));
        assertTrue(Files.readString(json).contains("\"message\" : \"status (503) == 200\""));
        assertTrue(Files.readString(junit).contains("<failure message=\"status (503) == 200\""));
        assertTrue(r.out().contains("FAILED (exit 1)"), "console still on stdout: " + r.describe());
    }

    @Test
    void jsonToStdout() throws Exception {
        checklist("/ok");
        CliRun r = cli("verify", "--checklist", checklist.toString(), "-f", "json");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.out().startsWith("{"), r.describe());
        assertTrue(r.out().contains("\"result\" : \"PASSED\""), r.describe());
    }

    @Test
    void validateAndListRunNothing() throws Exception {
        checklist("/ok");
        CliRun v = cli("validate", "--checklist", checklist.toString());
        assertEquals(0, v.exitCode(), v.describe());
        assertTrue(v.out().contains("ok: 1 items"), v.describe());
        CliRun l = cli("list", "--checklist", checklist.toString());
        assertEquals(0, l.exitCode(), l.describe());
        assertTrue(l.out().contains("api-health"), l.describe());
        assertEquals(0, server.calls("/ok"), "validate/list must not probe");
    }

    @Test
    void versionAndHelp() {
        CliRun v = cli("--version");
        assertEquals(0, v.exitCode());
        assertTrue(v.out().startsWith("deploycheck "), v.describe());
        CliRun h = cli("--help");
        assertEquals(0, h.exitCode());
        assertTrue(h.out().contains("verify") && h.out().contains("Exit codes"), h.describe());
        assertEquals(2, cli().exitCode(), "no subcommand is a usage error");
    }

    @Test
    void envSelectsTheProfileBesideTheChecklist() throws Exception {
        checklist("/ok");
        CliRun r = cli("verify", "--checklist", checklist.toString(), "--env", "staging");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().contains("staging.yaml") && r.err().contains("no such file"), r.describe());
    }
}
