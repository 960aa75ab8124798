package dev.deploycheck.run;

import dev.deploycheck.checklist.Pos;
import dev.deploycheck.checklist.Severity;
import dev.deploycheck.expect.Outcome;
import dev.deploycheck.probe.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What happened to one item: verdict, a one-line message, each expectation's outcome with its actual value, the
 * kind's built-in checks, evidence, timing. Every string in it has already passed through the redactor.
 */
public record ItemResult(
        String id,
        String title,
        String section,
        String kind,
        Severity severity,
        Verdict verdict,
        String message,
        List<Outcome> expectations,
        List<Observation.Check> checks,
        List<String> evidence,
        Map<String, String> captures,
        Instant startedAt,
        Duration duration,
        int attempts,
        Pos pos,
        String target) {

    public ItemResult {
        expectations = List.copyOf(expectations);
        checks = List.copyOf(checks);
        evidence = List.copyOf(evidence);
        captures = Map.copyOf(captures);
    }

    /** An item of a run with one target (no {@code targets:} in the profile). */
    public ItemResult(String id, String title, String section, String kind, Severity severity, Verdict verdict,
            String message, List<Outcome> expectations, List<Observation.Check> checks, List<String> evidence,
            Map<String, String> captures, Instant startedAt, Duration duration, int attempts, Pos pos) {
        this(id, title, section, kind, severity, verdict, message, expectations, checks, evidence, captures, startedAt,
                duration, attempts, pos, null);
    }

    /** This item as run against one of several targets: reports group by "target · section". */
    public ItemResult inTarget(String name) {
        return new ItemResult(id, title, name + " · " + section, kind, severity, verdict, message, expectations, checks,
                evidence, captures, startedAt, duration, attempts, pos, name);
    }

    public boolean failsRun() {
        return severity == Severity.CRITICAL && (verdict == Verdict.FAIL || verdict == Verdict.ERROR);
    }
}
