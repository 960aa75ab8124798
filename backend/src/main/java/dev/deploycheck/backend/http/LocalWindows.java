package dev.deploycheck.backend.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Fixed-window counters in this process, for when Redis cannot be reached: the rate limits and the login lockout
 * keep holding (per instance) instead of failing open. Bounded: at most {@code maxEntries} windows (Caffeine evicts
 * the least useful ones past that), each dropped when it ends, so a flood of addresses cannot exhaust the heap.
 */
final class LocalWindows {
    private record Window(long endsAtMillis, int count) { }

    private final Cache<String, Window> windows;
    private final LongSupplier clock;

    LocalWindows(long maxEntries, LongSupplier clockMillis) {
        this.clock = clockMillis;
        this.windows = Caffeine.newBuilder().maximumSize(maxEntries).expireAfter(new Expiry<String, Window>() {
            @Override
            public long expireAfterCreate(String key, Window w, long now) {
                return left(w);
            }

            @Override
            public long expireAfterUpdate(String key, Window w, long now, long currentDuration) {
                return left(w);
            }

            @Override
            public long expireAfterRead(String key, Window w, long now, long currentDuration) {
                return currentDuration;
            }
        }).build();
    }

    private long left(Window w) {
        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, w.endsAtMillis() - clock.getAsLong()));
    }

    /** Counts one hit in the subject's current window (a new one of {@code windowSeconds} if none is running). */
    RateLimiter.Decision hit(String key, int limit, int windowSeconds) {
        long now = clock.getAsLong();
        Window w = windows.asMap().compute(key, (k, old) -> old == null || old.endsAtMillis() <= now
                ? new Window(now + windowSeconds * 1000L, 1) : new Window(old.endsAtMillis(), old.count() + 1));
        return new RateLimiter.Decision(w.count() <= limit, limit, Math.max(0, limit - w.count()), secondsLeft(w, now));
    }

    /** The count of the running window, 0 when none runs. */
    int peek(String key) {
        Window w = windows.getIfPresent(key);
        return w == null || w.endsAtMillis() <= clock.getAsLong() ? 0 : w.count();
    }

    /** Seconds until the running window ends, 0 when none runs. */
    int secondsLeft(String key) {
        Window w = windows.getIfPresent(key);
        long now = clock.getAsLong();
        return w == null || w.endsAtMillis() <= now ? 0 : secondsLeft(w, now);
    }

    void reset(String key) {
        windows.invalidate(key);
    }

    private static int secondsLeft(Window w, long now) {
        return (int) Math.max(1, (w.endsAtMillis() - now + 999) / 1000);
    }
}
