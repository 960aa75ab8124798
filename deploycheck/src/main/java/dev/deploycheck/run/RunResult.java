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
        String tool) {

    public RunResult {
        items = List.copyOf(items);
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
        return !deadlineExceeded && items.stream().noneMatch(ItemResult::failsRun);
    }

    /** 0 passed, 1 a critical item failed (or could not run), 3 the global deadline was exceeded. */
    public int exitCode() {
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
