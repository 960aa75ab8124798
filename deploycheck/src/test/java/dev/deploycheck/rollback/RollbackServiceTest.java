package dev.deploycheck.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.checklist.Checklist;
import dev.deploycheck.run.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rollback engine below the CLI: the plan's defaults, the lock's holder, the audit log under concurrent writers. */
class RollbackServiceTest {
    @TempDir
    Path dir;

    private Checklist load(String profile, Map<String, String> env) throws Exception {
        Files.writeString(dir.resolve("checklist.yaml"), """
                version: 1
                sections:
                  - name: S
                    items:
                      - {id: a, title: A, probe: command, run: "true", tags: [smoke]}
                      - {id: b, title: B, probe: command, run: "true", tags: [canary]}
                      - {id: c, title: C, probe: command, run: "true"}
                """);
        Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(dir.resolve("profiles/p.yaml"), profile);
        return new Engine(env).load(new Engine.Target(dir.resolve("checklist.yaml"), null, "p"));
    }

    private RollbackPlan plan(String profile, Map<String, String> env) throws Exception {
        Engine engine = new Engine(env);
        return new RollbackService(engine, null, env).plan(load(profile, env), null);
    }

    @Test
    void planDefaultsBesideTheChecklist() throws Exception {
        RollbackPlan p = plan("name: p\nrollback: {command: ./rollback.sh}\n", Map.of());
        assertEquals(dir.resolve(".deploycheck/audit.log"), p.auditLog());
        assertEquals(dir.resolve(".deploycheck/rollback-p.lock"), p.lockFile());
        assertEquals(List.of("a"), p.smokeItems(), "default smoke tag: smoke");
        assertEquals(300, p.action().timeout().toSeconds(), "default timeout 5m");
    }

    @Test
    void smokeTagsAndAuditLogFromTheEnvironment() throws Exception {
        RollbackPlan p = plan("name: p\nrollback: {command: x, timeout: 1m, smokeTags: [smoke, canary]}\n",
                Map.of(RollbackService.AUDIT_LOG_ENV, "logs/audit.jsonl"));
        assertEquals(List.of("a", "b"), p.smokeItems());
        assertEquals(dir.resolve("logs/audit.jsonl"), p.auditLog());
    }

    @Test
    void noActionIsAnInvalidProfile() {
        RollbackException e = assertThrows(RollbackException.class, () -> plan("name: p\n", Map.of()));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("names no rollback action"), e.getMessage());
    }

    @Test
    void theLockNamesItsHolderAndIsReleased() throws Exception {
        Path file = dir.resolve("locks/x.lock");
        Operator alice = new Operator("alice", "host-a", ProcessHandle.current().pid());
        try (RollbackLock ignored = RollbackLock.acquire(file, alice, "prod", Instant.parse("2026-11-26T10:00:00Z"), n -> {})) {
            RollbackException e = assertThrows(RollbackException.class, () -> RollbackLock.acquire(file,
                    new Operator("bob", "host-a", 1), "prod", Instant.now(), n -> {}));
            assertEquals(5, e.exitCode());
            assertTrue(e.getMessage().contains("user alice on host host-a, pid " + alice.pid()
                    + ", since 2026-11-26T10:00:00Z"), e.getMessage());
        }
        assertTrue(Files.notExists(file));
    }

    @Test
    void aLockFromAnotherHostIsNeverTakenOver() throws Exception {
        Path file = dir.resolve("x.lock");
        Files.writeString(file, "{\"user\":\"carol\",\"host\":\"elsewhere\",\"pid\":999999999,\"since\":\"2026-01-01T00:00:00Z\"}");
        RollbackException e = assertThrows(RollbackException.class, () -> RollbackLock.acquire(file,
                new Operator("bob", "here", 1), "prod", Instant.now(), n -> {}));
        assertTrue(e.getMessage().contains("user carol on host elsewhere"), e.getMessage());
    }

    @Test
    void concurrentAppendsNeverInterleave() throws Exception {
        Path log = dir.resolve("audit.log");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 100; i++) {
            int n = i;
            pool.submit(() -> {
                AuditLog.append(log, AuditLog.JSON.createObjectNode().put("n", n).put("pad", "x".repeat(5000)));
                return null;
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        List<Integer> seen = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            seen.add(new ObjectMapper().readTree(line).get("n").asInt());
        }
        assertEquals(100, seen.size());
        assertEquals(100, seen.stream().distinct().count());
    }
}
