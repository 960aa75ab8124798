package dev.deploycheck.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bake window: the selected items run every {@code every} for {@code window}, each round kept. The window fails
 * as soon as an item has failed in more than {@code failureLimit} rounds, or could not run (ERROR) in more than
 * {@code consecutiveErrorLimit} rounds in a row: Argo Rollouts' failureLimit and consecutiveErrorLimit, per item.
 */
public record Watch(Duration window, Duration every, int failureLimit, int consecutiveErrorLimit, Outcome outcome,
        String reason, List<Round> rounds) {

    public enum Outcome {
        /** Every round ran and no limit was passed. */
        PASSED,
        /** A limit was passed: the reason says which item and how. */
        FAILED,
        /** Stopped before its end (Ctrl-C, a signal): what ran is kept, nothing is claimed. */
        INTERRUPTED
    }

    /** One round: when it started, how long it took, and each item's verdict. */
    public record Round(int number, Instant startedAt, Duration duration, List<Sample> samples) {
        public Round {
            samples = List.copyOf(samples);
        }
    }

    /** One item in one round. */
    public record Sample(String id, Verdict verdict, long durationMs) {}

    public Watch {
        rounds = List.copyOf(rounds);
    }

    /** The time series per item, in the order the items first appear. */
    public Map<String, List<Sample>> series() {
        Map<String, List<Sample>> m = new LinkedHashMap<>();
        for (Round r : rounds) {
            for (Sample s : r.samples()) {
                m.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(s);
            }
        }
        return m;
    }
}
