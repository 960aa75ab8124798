package dev.deploycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.report.JsonReport;
import dev.deploycheck.run.RunResult;
import dev.deploycheck.testing.CliRun;
import dev.deploycheck.testing.ScriptedHttpServer;
import dev.deploycheck.testing.ScriptedHttpServer.Answer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bake window end to end through the CLI: rounds on a schedule, failure semantics, rollback, Ctrl-C. */
class WatchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Answer UP = Answer.ok("{\"status\":\"UP\"}");
    private static final Answer DOWN = new Answer(503, "{\"status\":\"DOWN\"}", 0, Map.of());

    @TempDir
    Path dir;
    ScriptedHttpServer server;
    Path checklist;

    @BeforeEach
    void setUp() throws Exception {
        server = new ScriptedHttpServer();
        checklist = dir.resolve("checklist.yaml");
        Files.writeString(checklist, """
                version: 1
                sections:
                  - name: Post-Deployment Monitoring
                    items:
                      - id: health
                        title: Health checks passing
                        probe: http
                        url: ${vars.api}/health
                        expect: [status == 200]
                      - id: healthy-marker
                        title: The deployment is healthy again
                        probe: command
                        run: test ! -f broken
                        tags: [smoke]
                        expect: [exitCode == 0]
                """);
        Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(dir.resolve("profiles/local.yaml"), "name: local\nvars:\n  api: " + server.url("")
                + "\nrollback:\n  command: sh rollback.sh\n  timeout: 20s\n");
        Files.writeString(dir.resolve("rollback.sh"), "rm -f broken\necho rolled back > rolled-back\n");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private CliRun watch(String... args) {
        List<String> all = new ArrayList<>(List.of("watch", "--checklist", checklist.toString()));
        all.addAll(List.of(args));
        return CliRun.of(Map.of("USER", "ci"), all.toArray(String[]::new));
    }

    private JsonNode report(Path file) throws Exception {
        return JSON.readTree(Files.readString(file)).path("watch");
    }

    @Test
    void aHealthyWindowRunsEveryRoundOnItsScheduleAndPasses() throws Exception {
        server.route("/health", UP);
        Path out = dir.resolve("watch.json");
        long start = System.nanoTime();
        CliRun r = watch("--for", "1s", "--every", "250ms", "-f", "json=" + out);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, r.exitCode(), r.describe());
        JsonNode w = report(out);
        assertEquals("PASSED", w.path("outcome").asText());
        assertEquals(4, w.path("rounds").size(), w.toString());
        assertEquals(4, server.calls("/health"));
        assertTrue(ms >= 750, "rounds start at 0, 250, 500, 750 ms: took " + ms + "ms");
        assertEquals(List.of("health", "healthy-marker"), fields(w.path("series")));
        assertTrue(w.path("series").path("health").path(3).toString().startsWith("[4,\"PASS\","), w.toString());
        assertEquals(4, r.err().lines().filter(l -> l.startsWith("round ")).count(), r.err());
        assertTrue(r.err().contains("round 4/4 at +"), r.err());
        // the saved report renders again, rounds included
        RunResult back = JsonReport.read(Files.readString(out));
        assertEquals(4, back.watch().rounds().size());
        assertEquals(0, back.exitCode());
    }

    @Test
    void aFaultMidWindowFailsItAtOnceNamingTheItemAndTheLimit() throws Exception {
        server.route("/health", UP, UP, DOWN);
        Path out = dir.resolve("watch.json");
        Path html = dir.resolve("watch.html");
        long start = System.nanoTime();
        CliRun r = watch("--for", "30s", "--every", "200ms", "-f", "json=" + out, "-f", "html=" + html);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1, r.exitCode(), r.describe());
        assertTrue(ms < 10_000, "the window stops at the failing round, not at its end: " + ms + "ms");
        JsonNode w = report(out);
        assertEquals("FAILED", w.path("outcome").asText());
        assertEquals(3, w.path("rounds").size());
        assertTrue(w.path("reason").asText().startsWith("round 3 of 150: health failed in 1 round (failure limit 0)"),
                w.path("reason").asText());
        assertTrue(r.out().contains("bake window: 3 round(s) every 200ms of 30s"), r.describe());
        String page = Files.readString(html);
        assertTrue(page.contains("<h2>Bake window</h2>") && page.contains("<svg") && page.contains("round 3: FAIL"), page);
    }

    @Test
    void aFailureLimitToleratesThatManyFailedRounds() throws Exception {
        server.route("/health", UP, DOWN, UP, DOWN, UP, UP);
        Path out = dir.resolve("watch.json");
        CliRun r = watch("--for", "1200ms", "--every", "200ms", "--failure-limit", "2", "-f", "json=" + out);
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(6, report(out).path("rounds").size());
        server.close();
        server = new ScriptedHttpServer().route("/health", UP, DOWN, UP, DOWN, DOWN, UP);
        Files.writeString(dir.resolve("profiles/local.yaml"), "name: local\nvars:\n  api: " + server.url("") + "\n");
        CliRun third = watch("--for", "1200ms", "--every", "200ms", "--failure-limit", "2", "-f", "json=" + out);
        assertEquals(1, third.exitCode(), third.describe());
        assertTrue(report(out).path("reason").asText().contains("health failed in 3 rounds (failure limit 2)"),
                report(out).toString());
    }

    @Test
    void rollbackOnFailureStartsWhenTheWindowFailsAndReverifies() throws Exception {
        server.route("/health", UP, DOWN);
        Files.writeString(dir.resolve("broken"), "the release is broken");
        // the marker item fails from the start: round 1 fails the window; the rollback removes the marker
        long start = System.nanoTime();
        CliRun r = watch("--for", "60s", "--every", "500ms", "--rollback-on-failure", "--rollback-wait", "5s");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(4, r.exitCode(), r.describe());
        assertTrue(Files.exists(dir.resolve("rolled-back")), r.describe());
        assertTrue(ms < 20_000, "rolled back at the failure, not after the 60s window: " + ms + "ms");
        assertTrue(r.out().contains("rolling back 'local'"), r.describe());
    }

    @Test
    void usageErrorsAreExitTwo() {
        assertEquals(2, watch("--for", "1s", "--every", "5s").exitCode());
        assertEquals(2, watch("--for", "0s").exitCode());
        assertEquals(2, watch("--every", "1s").exitCode(), "--for is required");
        CliRun typo = watch("--for", "1s", "--tag", "nosuchtag");
        assertEquals(2, typo.exitCode(), typo.describe());
    }

    /** A real process, stopped by a signal as Ctrl-C stops it: exit 3 and the partial report on disk. */
    @Test
    void aSignalEndsTheWindowCleanlyWithAPartialReport() throws Exception {
        server.route("/health", UP);
        Path out = dir.resolve("partial.json");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.deploycheck.cli.Main", "watch", "--checklist",
                checklist.toString(), "--for", "5m", "--every", "200ms", "-f", "json=" + out)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        int rounds = 0;
        for (String line; rounds < 2 && (line = err.readLine()) != null; ) {
            rounds += line.startsWith("round ") ? 1 : 0;
        }
        assertEquals(2, rounds, "two rounds reported before the signal");
        p.destroy(); // SIGTERM: the same shutdown path as Ctrl-C's SIGINT
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the process ended");
        assertEquals(3, p.exitValue());
        JsonNode w = report(out);
        assertEquals("INTERRUPTED", w.path("outcome").asText(), w.toString());
        assertTrue(w.path("rounds").size() >= 2, w.toString());
        assertFalse(w.path("reason").asText().isEmpty());
    }

    private static List<String> fields(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
