package dev.deploycheck.report;

import dev.deploycheck.checklist.Pos;
import dev.deploycheck.checklist.Severity;
import dev.deploycheck.expect.Outcome;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.run.ItemResult;
import dev.deploycheck.run.RunResult;
import dev.deploycheck.run.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A fixed run with one item of every verdict, for golden-file tests of every report format. */
public final class SampleRun {
    public static final Instant T0 = Instant.parse("2026-11-26T09:30:00Z");

    private SampleRun() {}

    public static RunResult failed() {
        return run(List.of(
                item("env-database", "Database credentials and connection strings updated", "Environment Configuration", "env",
                        Severity.CRITICAL, Verdict.PASS, "ok", List.of(),
                        List.of(new Observation.Check("present", true, "DATABASE_URL set")), 3, 5),
                item("api-health", "Health checks passing", "Verification Steps", "http", Severity.CRITICAL, Verdict.FAIL,
                        "status (503) == 200",
                        List.of(new Outcome("status == 200", false, "status (503) == 200"),
                                new Outcome("duration < 500ms", true, "duration (12ms) < 500ms")),
                        List.of(), 12, 20),
                item("headers-grade", "Security headers configured (HSTS, CSP, etc.)", "Security Configuration", "http",
                        Severity.WARNING, Verdict.WARN, "header.Content-Security-Policy (missing) exists",
                        List.of(new Outcome("header.Content-Security-Policy exists", false,
                                "header.Content-Security-Policy (missing) exists")), List.of(), 8, 30),
                item("db-connect", "Database connectivity verified", "Verification Steps", "tcp", Severity.CRITICAL,
                        Verdict.ERROR, "connection refused: 127.0.0.1:5999 <&>", List.of(), List.of(), 1, 40),
                item("auth-me", "Current user info", "Verification Steps", "http", Severity.CRITICAL, Verdict.SKIP,
                        "needs 'auth-login', which is FAIL", List.of(), List.of(), 0, 50)));
    }

    public static RunResult run(List<ItemResult> items) {
        return new RunResult("Production deployment checklist", Path.of("checklist.yaml"), "local",
                Path.of("profiles/local.yaml"), T0, Duration.ofMillis(1234), items, false, "deploycheck 0.1.0-test");
    }

    public static ItemResult item(String id, String title, String section, String kind, Severity sev, Verdict v, String message,
            List<Outcome> outcomes, List<Observation.Check> checks, long ms, int line) {
        return new ItemResult(id, title, section, kind, sev, v, message, outcomes, checks,
                List.of("evidence for " + id), Map.of(), T0.plusMillis(line), Duration.ofMillis(ms), v == Verdict.SKIP ? 0 : 1,
                new Pos("checklist.yaml", line, 9));
    }
}
