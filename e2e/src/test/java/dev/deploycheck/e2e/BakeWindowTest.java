package dev.deploycheck.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bake window over the real backend: healthy rounds, then the release starts answering 5xx mid-window; the
 * window must fail within two intervals, the rollback run at once, and the smoke items pass again afterwards.
 */
class BakeWindowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EVERY = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void aReleaseThatStartsFailingMidWindowIsRolledBackWithinTwoIntervals() throws Exception {
        try (Deployment d = Deployment.start(dir); FaultSwitch release = new FaultSwitch(d)) {
            Path checklist = dir.resolve("checklist.yaml");
            Files.writeString(checklist, """
                    version: 1
                    sections:
                      - name: Post-Deployment Monitoring
                        items:
                          - id: health
                            title: Health checks passing
                            probe: http
                            url: ${vars.api}/api/health
                            tags: [smoke]
                            expect: [status == 200, json.status == "ok"]
                          - id: readiness
                            title: Readiness probe
                            probe: http
                            url: ${vars.api}/api/ready
                            expect: [status == 200]
                    """);
            Files.createDirectories(dir.resolve("profiles"));
            Files.writeString(dir.resolve("profiles/local.yaml"), "name: local\nvars:\n  api: " + release.url()
                    + "\nrollback:\n  command: curl -sf -X POST " + release.url() + "/__heal\n  timeout: 20s\n");
            Path report = dir.resolve("bake.json");
            CompletableFuture<CliRun> watch = CompletableFuture.supplyAsync(() -> CliRun.of(Map.of("USER", "ci"),
                    "watch", "--checklist", checklist.toString(), "--for", "60s", "--every", EVERY.toSeconds() + "s",
                    "--rollback-on-failure", "--rollback-wait", "20s", "-f", "json=" + report));
            Thread.sleep(3500); // rounds 1-4 healthy
            release.breakIt();
            Instant broken = release.brokenSince();
            CliRun r = watch.get();
            assertEquals(4, r.exitCode(), r.describe()); // failed, rolled back, healthy again
            assertFalse(release.broken(), "the rollback healed the release");
            JsonNode w = JSON.readTree(Files.readString(report)).path("watch");
            assertEquals("FAILED", w.path("outcome").asText(), w.toString());
            JsonNode last = w.path("rounds").get(w.path("rounds").size() - 1);
            Instant failingRound = Instant.parse(last.path("startedAt").asText());
            Duration detection = Duration.between(broken, failingRound.plusMillis(last.path("durationMs").asLong()));
            assertTrue(detection.compareTo(EVERY.multipliedBy(2)) <= 0,
                    "the window failed " + detection.toMillis() + " ms after the fault (two intervals: 2000 ms)");
            assertTrue(w.path("rounds").size() >= 3, "healthy rounds before the fault: " + w);
            assertTrue(w.path("reason").asText().contains("health failed in 1 round (failure limit 0)")
                    || w.path("reason").asText().contains("readiness failed in 1 round"), w.path("reason").asText());
            assertTrue(r.out().contains("rolling back 'local'"), r.describe());
        }
    }
}
