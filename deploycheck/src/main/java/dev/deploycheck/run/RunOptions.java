package dev.deploycheck.run;

import java.time.Duration;
import java.util.Set;

/**
 * How to run: bounded concurrency, a global deadline, an optional "--wait" window in which failing items are
 * retried until they pass, and the --only/--skip/--tag filters.
 */
public record RunOptions(int concurrency, Duration deadline, Duration waitFor, Set<String> only, Set<String> skip,
        Set<String> tags) {
    public static final int DEFAULT_CONCURRENCY = 32;

    public RunOptions {
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1");
        }
        only = Set.copyOf(only);
        skip = Set.copyOf(skip);
        tags = Set.copyOf(tags);
    }

    public static RunOptions defaults() {
        return new RunOptions(DEFAULT_CONCURRENCY, Duration.ofMinutes(5), Duration.ZERO, Set.of(), Set.of(), Set.of());
    }
}
