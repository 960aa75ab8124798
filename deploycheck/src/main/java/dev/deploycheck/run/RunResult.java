package dev.deploycheck.run;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The outcome of a whole run, items in checklist order. The source of every report format. */
public record RunResult(
        String checklistName,
        Path checklistFile,
        String profileName,
        Path profileFile,
        Instant startedAt,
        Duration duration,
        List<ItemResult> items,
        boolean deadlineExceeded,
        String tool,
        Watch watch) {

    public RunResult {
        items = List.copyOf(items);
    }

    /** One run of the checklist (not a bake window). */
    public RunResult(String checklistName, Path checklistFile, String profileName, Path profileFile, Instant startedAt,
            Duration duration, List<ItemResult> items, boolean deadlineExceeded, String tool) {
        this(checklistName, checklistFile, profileName, profileFile, startedAt, duration, items, deadlineExceeded, tool,
                null);
    }

    /** This result as the last round of a bake window, carrying every round. */
    public RunResult withWatch(Watch w, Instant windowStart, Duration windowDuration) {
        return new RunResult(checklistName, checklistFile, profileName, profileFile, windowStart, windowDuration, items,
                deadlineExceeded, tool, w);
    }

    public Map<Verdict, Integer> counts() {
        Map<Verdict, Integer> m = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            m.put(v, 0);
        }
        items.forEach(i -> m.merge(i.verdict(), 1, Integer::sum));
        return m;
    }

    public boolean passed() {
        if (watch != null) {
            return watch.outcome() == Watch.Outcome.PASSED;
        }
        return !deadlineExceeded && items.stream().noneMatch(ItemResult::failsRun);
    }

    /**
     * 0 passed, 1 a critical item failed (or could not run), 3 the global deadline was exceeded; for a bake window,
     * 0 when it passed, 1 when it failed, 3 when it was interrupted.
     */
    public int exitCode() {
        if (watch != null) {
            switch (watch.outcome()) {
                case PASSED: return ExitCodes.OK;
                case FAILED: return ExitCodes.FAILED;
                default: return ExitCodes.COULD_NOT_RUN;
            }
        }
        if (deadlineExceeded) {
            return ExitCodes.COULD_NOT_RUN;
        }
        return passed() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** PASSED, WARNED or FAILED, as the in-toto test-result predicate names it. */
    public String overall() {
        if (!passed()) {
            return "FAILED";
        }
        return items.stream().anyMatch(i -> i.verdict() != Verdict.PASS && i.verdict() != Verdict.SKIP) ? "WARNED" : "PASSED";
    }
}
