package dev.deploycheck.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.checklist.Checklist;
import dev.deploycheck.checklist.ChecklistLoader;
import dev.deploycheck.checklist.Redactor;
import dev.deploycheck.checklist.Variables;
import dev.deploycheck.testing.ScriptedHttpServer;
import dev.deploycheck.testing.ScriptedHttpServer.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler against a real HTTP server: concurrency, order, needs, captures, retries, timeouts, deadline. */
class RunnerTest {
    @TempDir
    Path dir;
    ScriptedHttpServer server;
    final Redactor redactor = new Redactor();

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedHttpServer()
                .route("/ok", Answer.ok("{\"status\":\"ok\",\"token\":\"tok-123456\"}"))
                .route("/slow", new Answer(200, "{}", 300, Map.of()))
                .route("/hang", new Answer(200, "{}", 10_000, Map.of()))
                .route("/down", new Answer(503, "{\"status\":\"down\"}", 0, Map.of()))
                .route("/flaky", new Answer(503, "", 0, Map.of()), new Answer(503, "", 0, Map.of()), Answer.ok("{}"))
                .route("/echo-auth", Answer.ok("{}"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RunResult run(String items, RunOptions options) throws Exception {
        Path c = dir.resolve("checklist.yaml");
        Path p = dir.resolve("test.yaml");
        Files.writeString(c, "version: 1\nsections:\n  - name: S\n    items:\n" + items);
        Files.writeString(p, "name: test\nvars:\n  base: " + server.url("") + "\n");
        Checklist checklist = ChecklistLoader.load(c, p, Map.of(), redactor);
        return new Runner(checklist, new Variables(checklist.profile().vars(), checklist.env(), redactor), options,
                RunListener.NONE).run();
    }

    private static String item(String id, String path, String extra) {
        return "      - id: " + id + "\n        title: " + id + "\n        probe: http\n        url: ${vars.base}" + path
                + "\n" + extra;
    }

    private static String verdicts(RunResult r) {
        return r.items().stream().map(i -> i.id() + "=" + i.verdict()).collect(Collectors.joining(" "));
    }

    @Test
    void runsItemsConcurrentlyAndReportsInChecklistOrder() throws Exception {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            items.append(item("slow-" + i, "/slow", "        expect: [status == 200]\n"));
        }
        long t0 = System.nanoTime();
        RunResult r = run(items.toString(), RunOptions.defaults());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 2000, "10 x 300 ms items took " + ms + " ms: not concurrent");
        assertEquals("slow-0 slow-1 slow-2 slow-3 slow-4 slow-5 slow-6 slow-7 slow-8 slow-9",
                r.items().stream().map(ItemResult::id).collect(Collectors.joining(" ")));
        assertEquals(0, r.exitCode());
    }

    @Test
    void failureShowsActualValueAndFailsTheRun() throws Exception {
        RunResult r = run(item("health", "/down", "        expect: [status == 200]\n"), RunOptions.defaults());
        ItemResult i = r.items().get(0);
        assertEquals(Verdict.FAIL, i.verdict());
        assertEquals("status (503) == 200", i.message());
        assertEquals(1, r.exitCode());
    }

    @Test
    void warningSeverityWarnsButPasses() throws Exception {
        RunResult r = run(item("health", "/down", "        severity: warning\n        expect: [status == 200]\n"),
                RunOptions.defaults());
        assertEquals(Verdict.WARN, r.items().get(0).verdict());
        assertEquals(0, r.exitCode());
        assertEquals("WARNED", r.overall());
    }

    @Test
    void dependentOfAFailedItemIsSkippedWithTheReason() throws Exception {
        RunResult r = run(item("login", "/down", "        expect: [status == 200]\n")
                + item("me", "/ok", "        needs: [login]\n"), RunOptions.defaults());
        assertEquals("login=FAIL me=SKIP", verdicts(r));
        assertEquals("needs 'login', which is FAIL", r.items().get(1).message());
    }

    @Test
    void capturesFlowToLaterItemsAndSecretCapturesAreMasked() throws Exception {
        RunResult r = run(item("login", "/ok", "        capture:\n          token: {from: json.token, secret: true}\n")
                + item("me", "/echo-auth?t=${login.token}", "        needs: [login]\n        expect: ['url contains \"tok-123456\"']\n"),
                RunOptions.defaults());
        assertEquals("login=PASS me=PASS", verdicts(r), r.items().toString());
        assertEquals(Redactor.MASK, r.items().get(0).captures().get("token"));
        assertTrue(r.items().get(1).message().contains(Redactor.MASK), r.items().get(1).message());
        assertTrue(r.items().toString().indexOf("tok-123456") < 0, "secret capture leaked: " + r.items());
    }

    @Test
    void retriesUntilHealthy() throws Exception {
        RunResult r = run(item("flaky", "/flaky", "        retry: {attempts: 5, interval: 50ms}\n        expect: [status == 200]\n"),
                RunOptions.defaults());
        assertEquals(Verdict.PASS, r.items().get(0).verdict());
        assertEquals(3, r.items().get(0).attempts());
    }

    @Test
    void waitRetriesFailingItemsWithinTheWindow() throws Exception {
        RunOptions wait = new RunOptions(4, Duration.ofSeconds(30), Duration.ofSeconds(10), Set.of(), Set.of(), Set.of());
        RunResult r = run(item("flaky", "/flaky", "        retry: {attempts: 1, interval: 50ms}\n        expect: [status == 200]\n"), wait);
        assertEquals(Verdict.PASS, r.items().get(0).verdict());
        assertEquals(3, r.items().get(0).attempts());
    }

    @Test
    void itemTimeoutFailsTheItemNotTheRun() throws Exception {
        long t0 = System.nanoTime();
        RunResult r = run(item("hang", "/hang", "        timeout: 200ms\n") + item("ok", "/ok", ""), RunOptions.defaults());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 3000);
        assertEquals("hang=FAIL ok=PASS", verdicts(r));
        assertTrue(r.items().get(0).message().contains("timed out"), r.items().get(0).message());
        assertEquals(1, r.exitCode());
    }

    @Test
    void globalDeadlineStopsAHangingRunWithExitThree() throws Exception {
        RunOptions opts = new RunOptions(1, Duration.ofMillis(500), Duration.ZERO, Set.of(), Set.of(), Set.of());
        long t0 = System.nanoTime();
        RunResult r = run(item("hang", "/hang", "        timeout: 30s\n") + item("after", "/ok", ""), opts);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 4000, "took " + ms + " ms");
        assertTrue(r.deadlineExceeded());
        assertEquals(3, r.exitCode());
        assertEquals(Verdict.ERROR, r.items().get(1).verdict(), verdicts(r));
    }

    @Test
    void onlySelectsItemsAndWhatTheyNeed() throws Exception {
        RunOptions only = new RunOptions(4, Duration.ofSeconds(30), Duration.ZERO, Set.of("me"), Set.of(), Set.of());
        RunResult r = run(item("login", "/ok", "") + item("me", "/ok", "        needs: [login]\n") + item("other", "/ok", ""), only);
        assertEquals("login=PASS me=PASS", verdicts(r));
    }

    @Test
    void skipAndTagFilters() throws Exception {
        RunOptions skip = new RunOptions(4, Duration.ofSeconds(30), Duration.ZERO, Set.of(), Set.of("login"), Set.of());
        RunResult r = run(item("login", "/ok", "") + item("me", "/ok", "        needs: [login]\n"), skip);
        assertEquals("login=SKIP me=SKIP", verdicts(r));
        RunOptions tag = new RunOptions(4, Duration.ofSeconds(30), Duration.ZERO, Set.of(), Set.of(), Set.of("smoke"));
        r = run(item("a", "/ok", "        tags: [smoke]\n") + item("b", "/ok", ""), tag);
        assertEquals("a=PASS", verdicts(r));
    }

    @Test
    void connectionRefusedIsAFailureWithAReadableMessage() throws Exception {
        int port = server.port();
        server.close();
        RunResult r = run("      - id: dead\n        title: dead\n        probe: http\n        url: http://127.0.0.1:" + port + "/\n",
                RunOptions.defaults());
        assertEquals(Verdict.FAIL, r.items().get(0).verdict());
        assertTrue(r.items().get(0).message().toLowerCase().contains("refused"), r.items().get(0).message());
    }

    @Test
    void expectationsMayUseCapturesAndProfileVariables() throws Exception {
        RunResult r = run(item("login", "/ok", "        capture: {token: json.token}\n")
                + item("check", "/ok", "        needs: [login]\n        expect:\n          - 'json.token == \"${login.token}\"'\n"
                        + "          - 'url startsWith \"${vars.base}\"'\n"), RunOptions.defaults());
        assertEquals("login=PASS check=PASS", verdicts(r), r.items().toString());
        assertEquals("json.token (\"tok-123456\") == \"tok-123456\"", r.items().get(1).expectations().get(0).message());
    }

    @Test
    void afterOrdersWithoutRequiringAPass() throws Exception {
        RunResult r = run(item("load", "/slow", "        expect: [status == 201]\n")
                + item("metrics", "/ok", "        after: [load]\n"), RunOptions.defaults());
        assertEquals("load=FAIL metrics=PASS", verdicts(r));
        ItemResult load = r.items().get(0);
        ItemResult metrics = r.items().get(1);
        assertTrue(!metrics.startedAt().isBefore(load.startedAt().plus(load.duration())),
                "metrics must start after load finished: " + r.items());
    }
}
