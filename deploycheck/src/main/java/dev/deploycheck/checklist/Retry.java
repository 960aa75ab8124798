package dev.deploycheck.checklist;

import java.time.Duration;

/** How often to try an item before its verdict stands ("until healthy"). */
public record Retry(int attempts, Duration interval) {
    public static final Retry ONCE = new Retry(1, Duration.ZERO);
    /**
     * "Until healthy" is a bounded wait: 100 attempts at the default 1s interval is over a minute and a half; a
     * billion at 0ms is a tight loop against the target until the run's deadline.
     */
    public static final int MAX_ATTEMPTS = 100;
    public static final Duration MAX_INTERVAL = Duration.ofMinutes(10);

    public Retry {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1");
        }
    }
}
