package dev.deploycheck.checklist;

import java.time.Duration;

/** How often to try an item before its verdict stands ("until healthy"). */
public record Retry(int attempts, Duration interval) {
    public static final Retry ONCE = new Retry(1, Duration.ZERO);

    public Retry {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1");
        }
    }
}
