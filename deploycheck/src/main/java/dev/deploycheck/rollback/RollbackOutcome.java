package dev.deploycheck.rollback;

import dev.deploycheck.run.RunResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a rollback did: the action's exit code (empty when it timed out and was killed) and duration, the smoke run
 * that followed (empty when the action failed), whether the deployment is healthy again, and a one-line summary.
 */
public record RollbackOutcome(Optional<Integer> actionExitCode, Duration actionDuration, boolean timedOut,
        Optional<RunResult> smoke, List<String> unhealthyItems, boolean healthy, String summary) {
    public RollbackOutcome {
        unhealthyItems = List.copyOf(unhealthyItems);
    }

    public boolean actionSucceeded() {
        return !timedOut && actionExitCode.orElse(-1) == 0;
    }
}
