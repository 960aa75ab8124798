package dev.deploycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.testing.CliRun;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploycheck rollback} and {@code verify --rollback-on-failure} in-process, with a profile whose rollback
 * action is a small shell script: success, failure, timeout, a held lock, confirmation, the audit log's lines.
 * The "deployment" is two files: {@code broken} fails the critical item, {@code healthy} passes the smoke item.
 */
class RollbackCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENV = Map.of("USER", "alice");

    @TempDir
    Path dir;
    Path checklist;

    @BeforeEach
    void setUp() throws Exception {
        checklist = dir.resolve("checklist.yaml");
        Files.writeString(checklist, """
                version: 1
                name: Rollback test
                sections:
                  - name: Verification Steps
                    items:
                      - id: release-ok
                        title: The release is not broken
                        probe: command
                        run: test ! -f broken
                        expect: [exitCode == 0]
                      - id: smoke-healthy
                        title: The deployment answers
                        probe: command
                        run: test -f healthy
                        tags: [smoke]
                        expect: [exitCode == 0]
                """);
        Files.createDirectories(dir.resolve("profiles"));
        profile("test", "sh rollback.sh", "20s");
        Files.writeString(dir.resolve("profiles/norollback.yaml"), "name: norollback\n");
    }

    private void profile(String name, String command, String timeout) throws Exception {
        Files.writeString(dir.resolve("profiles/" + name + ".yaml"),
                "name: " + name + "\nrollback:\n  command: " + command + "\n  timeout: " + timeout + "\n");
    }

    private void script(String body) throws Exception {
        Files.writeString(dir.resolve("rollback.sh"), "set -e\n" + body + "\n");
    }

    private CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--checklist", checklist.toString()));
        return CliRun.of(ENV, all.toArray(String[]::new));
    }

    private List<JsonNode> audit() throws Exception {
        Path log = dir.resolve(".deploycheck/audit.log");
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    @Test
    void successfulRollbackIsAuditedAndHealthy() throws Exception {
        script("echo switching to the previous release\ntouch healthy");
        CliRun r = cli("rollback", "--env", "test", "--yes", "--reason", "errors after 2.0.0");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.out().contains("  | switching to the previous release"), "the action's output is shown: " + r.describe());
        assertTrue(r.out().contains("PASS   smoke-healthy"), r.describe());
        assertTrue(r.out().contains("rollback: healthy again: 1 smoke item passed (rollback command exit 0"), r.describe());
        List<JsonNode> audit = audit();
        assertEquals(1, audit.size(), "one line per rollback");
        JsonNode e = audit.get(0);
        assertEquals("alice", e.get("user").asText());
        assertEquals(InetAddress.getLocalHost().getHostName(), e.get("host").asText());
        assertEquals("test", e.get("env").asText());
        assertEquals("errors after 2.0.0", e.get("reason").asText());
        assertEquals("deploycheck rollback", e.get("trigger").asText());
        assertEquals("sh rollback.sh", e.get("command").asText());
        assertEquals(0, e.get("exitCode").asInt());
        assertTrue(e.get("durationMs").asLong() >= 0);
        assertTrue(e.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), e.toString());
        assertTrue(e.get("healthy").asBoolean());
        assertEquals("healthy", e.get("outcome").asText());
        assertEquals(1, e.get("smoke").get("passed").asInt());
        assertFalse(Files.exists(dir.resolve(".deploycheck/rollback-test.lock")), "the lock is released");

        cli("rollback", "--env", "test", "--yes");
        assertEquals(2, audit().size(), "appended, never rewritten");
        assertTrue(audit().get(1).get("reason").isNull());
    }

    @Test
    void failingCommandExitsFiveAndSkipsTheSmokeItems() throws Exception {
        script("echo no previous release >&2\nexit 3");
        CliRun r = cli("rollback", "--env", "test", "--yes");
        assertEquals(5, r.exitCode(), r.describe());
        assertTrue(r.out().contains("  | no previous release"), "stderr of the action is shown too: " + r.describe());
        assertTrue(r.out().contains("the rollback command exited with 3; smoke items not run"), r.describe());
        JsonNode e = audit().get(0);
        assertEquals(3, e.get("exitCode").asInt());
        assertEquals("rollback-failed", e.get("outcome").asText());
        assertFalse(e.has("smoke"));
    }

    @Test
    void stillUnhealthyAfterTheCommandExitsFive() throws Exception {
        script("echo done");
        CliRun r = cli("rollback", "--env", "test", "--yes", "--wait", "0s");
        assertEquals(5, r.exitCode(), r.describe());
        assertTrue(r.out().contains("FAIL   smoke-healthy"), r.describe());
        assertTrue(r.out().contains("still unhealthy: smoke-healthy failing"), r.describe());
        assertEquals("unhealthy", audit().get(0).get("outcome").asText());
        assertEquals("smoke-healthy", audit().get(0).get("smoke").get("failing").get(0).asText());
    }

    @Test
    void smokeItemsAreRetriedUntilHealthyWithinTheWait() throws Exception {
        // the deployment becomes healthy a moment after the command returns (a restart, a rate-limit window)
        script("(sleep 2; touch healthy) >/dev/null 2>&1 &");
        CliRun r = cli("rollback", "--env", "test", "--yes", "--wait", "20s");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(audit().get(0).get("healthy").asBoolean());
    }

    @Test
    void verifyWaitsForHealthAfterTheRollbackAndSaysSoWhenItNeverComes() throws Exception {
        Files.createFile(dir.resolve("broken"));
        script("rm -f broken");
        long start = System.nanoTime();
        CliRun r = cli("verify", "--env", "test", "--rollback-on-failure", "--rollback-wait", "3s");
        assertEquals(5, r.exitCode(), r.describe());
        assertTrue((System.nanoTime() - start) / 1_000_000_000L >= 2, "waited for health");
        assertTrue(r.out().contains("still unhealthy: smoke-healthy failing"), r.describe());
        assertEquals("unhealthy", audit().get(0).get("outcome").asText());
    }

    @Test
    void timeoutKillsTheWholeProcessTree() throws Exception {
        profile("test", "sh rollback.sh", "1s");
        script("sleep 30 &\necho $! > child.pid\nwait");
        long start = System.nanoTime();
        CliRun r = cli("rollback", "--env", "test", "--yes");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(5, r.exitCode(), r.describe());
        assertTrue(seconds < 10, "took " + seconds + "s");
        assertTrue(r.out().contains("did not finish within 1s and was killed"), r.describe());
        long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).trim());
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the background child was killed");
        JsonNode e = audit().get(0);
        assertTrue(e.get("exitCode").isNull());
        assertTrue(e.get("timedOut").asBoolean());
        assertEquals("rollback-failed", e.get("outcome").asText());
    }

    @Test
    void aSecondRollbackSaysWhoHoldsTheLock() throws Exception {
        script("touch started\ni=0\nwhile [ ! -f go ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done\ntouch healthy");
        CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(() -> cli("rollback", "--env", "test", "--yes"));
        for (int i = 0; i < 200 && !Files.exists(dir.resolve("started")); i++) {
            Thread.sleep(25);
        }
        CliRun second = cli("rollback", "--env", "test", "--yes");
        Files.createFile(dir.resolve("go"));
        CliRun r = first.get();
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(5, second.exitCode(), second.describe());
        assertTrue(second.err().contains("another rollback of 'test' is running: user alice on host "
                + InetAddress.getLocalHost().getHostName() + ", pid " + ProcessHandle.current().pid() + ", since 20"),
                second.describe());
        assertEquals(1, audit().size(), "the refused rollback ran nothing: " + audit());
    }

    @Test
    void aStaleLockFromADeadProcessIsTakenOver() throws Exception {
        script("touch healthy");
        Path lock = dir.resolve(".deploycheck/rollback-test.lock");
        Files.createDirectories(lock.getParent());
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Files.writeString(lock, "{\"user\":\"bob\",\"host\":\"" + InetAddress.getLocalHost().getHostName()
                + "\",\"pid\":" + dead.pid() + ",\"since\":\"2026-01-01T00:00:00Z\"}");
        CliRun r = cli("rollback", "--env", "test", "--yes");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.out().contains("taking over a stale rollback lock: user bob"), r.describe());
    }

    @Test
    void withoutATerminalItNeedsYes() throws Exception {
        script("touch healthy");
        CliRun r = cli("rollback", "--env", "test");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().contains("confirm with --yes (there is no terminal to ask on)"), r.describe());
        assertFalse(Files.exists(dir.resolve("healthy")), "nothing ran");
        assertTrue(audit().isEmpty());
    }

    @Test
    void onATerminalItAsks() throws Exception {
        script("touch healthy");
        CliRun no = terminal("n\n", "rollback", "--env", "test");
        assertEquals(2, no.exitCode(), no.describe());
        assertTrue(no.out().contains("Roll back 'test' now? [y/N]"), no.describe());
        assertTrue(no.err().contains("rollback cancelled: nothing was run"), no.describe());
        assertFalse(Files.exists(dir.resolve("healthy")));
        CliRun yes = terminal("y\n", "rollback", "--env", "test", "--reason", "asked");
        assertEquals(0, yes.exitCode(), yes.describe());
        assertEquals("asked", audit().get(0).get("reason").asText());
    }

    private CliRun terminal(String input, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--checklist", checklist.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), new BufferedReader(new StringReader(input)),
                Map.of("USER", "alice", "NO_COLOR", "1"), true, all.toArray(String[]::new));
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void dryRunShowsThePlanAndRunsNothing() throws Exception {
        script("touch healthy");
        CliRun r = cli("rollback", "--env", "test", "--dry-run");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.out().contains("run       sh rollback.sh   (timeout 20s"), r.describe());
        assertTrue(r.out().contains("re-run 1 smoke item (tags smoke): smoke-healthy"), r.describe());
        assertTrue(r.out().contains("dry run: nothing was run"), r.describe());
        assertFalse(Files.exists(dir.resolve("healthy")));
        assertTrue(audit().isEmpty());
    }

    @Test
    void aProfileWithoutRollbackIsAUsageError() {
        CliRun r = cli("rollback", "--env", "norollback", "--yes");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().contains("profile 'norollback'") && r.err().contains("names no rollback action"), r.describe());
    }

    @Test
    void auditLogLocationFromTheOptionOrTheEnvironment() throws Exception {
        script("touch healthy");
        Path custom = dir.resolve("logs/rollbacks.jsonl");
        assertEquals(0, cli("rollback", "--env", "test", "--yes", "--audit-log", custom.toString()).exitCode());
        assertEquals(1, Files.readAllLines(custom).size());
        Path fromEnv = dir.resolve("env-audit.log");
        CliRun r = CliRun.of(Map.of("DEPLOYCHECK_AUDIT_LOG", fromEnv.toString()), "rollback", "--env", "test", "--yes",
                "--checklist", checklist.toString());
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(1, Files.readAllLines(fromEnv).size());
        assertTrue(audit().isEmpty(), "the default log was not used");
    }

    @Test
    void verifyRollsBackWhenACriticalItemFailsAndExitsFour() throws Exception {
        Files.createFile(dir.resolve("broken"));
        Files.createFile(dir.resolve("healthy"));
        script("rm -f broken");
        CliRun r = cli("verify", "--env", "test", "--rollback-on-failure", "--yes");
        assertEquals(4, r.exitCode(), r.describe());
        assertTrue(r.out().contains("FAIL   release-ok"), r.describe());
        assertTrue(r.out().contains("critical items failed (release-ok): rolling back 'test'"), r.describe());
        assertTrue(r.out().contains("rollback: healthy again"), r.describe());
        JsonNode e = audit().get(0);
        assertEquals("verify --rollback-on-failure", e.get("trigger").asText());
        assertEquals("release-ok", e.get("failedItems").get(0).asText());
        assertEquals("verify --rollback-on-failure: release-ok failed", e.get("reason").asText());
        assertEquals(0, cli("verify", "--env", "test").exitCode(), "healthy again");
    }

    @Test
    void verifyExitsFiveWhenTheRollbackFails() throws Exception {
        Files.createFile(dir.resolve("broken"));
        script("exit 1");
        CliRun r = cli("verify", "--env", "test", "--rollback-on-failure");
        assertEquals(5, r.exitCode(), r.describe());
        assertEquals("rollback-failed", audit().get(0).get("outcome").asText());
    }

    @Test
    void verifyWithoutARollbackActionExitsFive() throws Exception {
        Files.createFile(dir.resolve("broken"));
        CliRun r = cli("verify", "--env", "norollback", "--rollback-on-failure");
        assertEquals(5, r.exitCode(), r.describe());
        assertTrue(r.err().contains("cannot roll back: profile 'norollback'"), r.describe());
    }

    @Test
    void verifyThatPassesDoesNotRollBack() throws Exception {
        Files.createFile(dir.resolve("healthy"));
        script("touch rolled-back");
        CliRun r = cli("verify", "--env", "test", "--rollback-on-failure");
        assertEquals(0, r.exitCode(), r.describe());
        assertFalse(Files.exists(dir.resolve("rolled-back")));
        assertTrue(audit().isEmpty());
    }

    @Test
    void verifyWithJsonOnStdoutKeepsTheRollbackOnStderr() throws Exception {
        Files.createFile(dir.resolve("broken"));
        script("rm -f broken\ntouch healthy");
        CliRun r = cli("verify", "--env", "test", "--rollback-on-failure", "-f", "json");
        assertEquals(4, r.exitCode(), r.describe());
        JSON.readTree(r.out());
        assertTrue(r.err().contains("rollback: healthy again"), r.describe());
    }
}
