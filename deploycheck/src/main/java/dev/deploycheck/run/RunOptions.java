package dev.deploycheck.run;

import dev.deploycheck.checklist.Item;
import java.time.Duration;
import java.util.Set;

/**
 * How to run: bounded concurrency, a global deadline, an optional "--wait" window in which failing items are
 * retried until they pass, and the --only/--skip/--tag filters.
 */
public record RunOptions(int concurrency, Duration deadline, Duration waitFor, Set<String> only, Set<String> skip,
        Set<String> tags, Set<String> targets, int targetConcurrency) {
    public static final int DEFAULT_CONCURRENCY = 32;
    public static final int DEFAULT_TARGET_CONCURRENCY = 8;

    public RunOptions {
        if (concurrency < 1 || targetConcurrency < 1) {
            throw new IllegalArgumentException("--concurrency and --target-concurrency must be at least 1");
        }
        only = Set.copyOf(only);
        skip = Set.copyOf(skip);
        tags = Set.copyOf(tags);
        targets = Set.copyOf(targets);
    }

    /** Every target of the profile, 8 at a time. */
    public RunOptions(int concurrency, Duration deadline, Duration waitFor, Set<String> only, Set<String> skip,
            Set<String> tags) {
        this(concurrency, deadline, waitFor, only, skip, tags, Set.of(), DEFAULT_TARGET_CONCURRENCY);
    }

    /** Whether --only/--tag choose this item (all items when neither is given); what it needs is added by the runner. */
    public boolean picks(Item item) {
        return only.isEmpty() && tags.isEmpty() || only.contains(item.id()) || item.tags().stream().anyMatch(tags::contains);
    }

    /** Whether --skip names this item or one of its tags. */
    public boolean skips(Item item) {
        return skip.contains(item.id()) || item.tags().stream().anyMatch(skip::contains);
    }

    public static RunOptions defaults() {
        return new RunOptions(DEFAULT_CONCURRENCY, Duration.ofMinutes(5), Duration.ZERO, Set.of(), Set.of(), Set.of());
    }
}
