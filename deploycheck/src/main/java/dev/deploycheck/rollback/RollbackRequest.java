package dev.deploycheck.rollback;

import java.time.Duration;
import java.util.List;

/**
 * Why a rollback runs: the operator's reason, what triggered it ({@code rollback} by hand or
 * {@code verify --rollback-on-failure}), the critical items that failed (for the latter), and how long the smoke
 * items may be retried until they pass.
 */
public record RollbackRequest(String reason, String trigger, List<String> failedItems, Duration smokeWait) {
    public RollbackRequest {
        failedItems = List.copyOf(failedItems);
    }
}
