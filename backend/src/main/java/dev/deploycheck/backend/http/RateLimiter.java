package dev.deploycheck.backend.http;

import dev.deploycheck.backend.db.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Fixed-window counters in Redis, so several instances behind a load balancer share one budget per client.
 * One atomic round trip per hit. If Redis cannot be reached the counting goes on in this process
 * ({@link LocalWindows}, bounded), so the rate limits and the login lockout still hold during an outage — per
 * instance rather than shared — instead of failing open; after a failure Redis is left alone for
 * {@value #REDIS_RETRY_MS} ms so that an unreachable Redis does not add its timeout to every request. Windows
 * counted locally stay in force until they end, even once Redis is back (a Redis that restarted empty must not
 * hand an attacker a fresh budget).
 */
public final class RateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
    static final long REDIS_RETRY_MS = 1_000;
    /** Windows kept in process during an outage: ~100 bytes each, so at most ~10 MB. */
    static final long LOCAL_MAX_ENTRIES = 100_000;
    private static final String SCRIPT = """
            local c = redis.call('INCR', KEYS[1])
            if c == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) * 1000 end
            return {c, ttl}
            """;

    private final Redis redis;
    private final LongSupplier clock;
    private final LocalWindows local;
    private final AtomicLong redisSkippedUntil = new AtomicLong();

    public RateLimiter(Redis redis) {
        this(redis, System::currentTimeMillis);
    }

    RateLimiter(Redis redis, LongSupplier clockMillis) {
        this.redis = redis;
        this.clock = clockMillis;
        this.local = new LocalWindows(LOCAL_MAX_ENTRIES, clockMillis);
    }

    /** The outcome of one hit: whether it is allowed, what is left, and when the window resets. */
    public record Decision(boolean allowed, int limit, int remaining, int resetSeconds) { }

    public Decision hit(String bucket, String subject, int limit, int windowSeconds) {
        String key = key(bucket, subject);
        if (redisAvailable()) {
            try {
                Object result = redis.client().eval(SCRIPT, List.of(key), List.of(String.valueOf(windowSeconds)));
                List<?> values = (List<?>) result;
                long count = ((Number) values.get(0)).longValue();
                long ttlMs = ((Number) values.get(1)).longValue();
                int resetSeconds = (int) Math.max(1, (ttlMs + 999) / 1000);
                if (local.peek(key) > limit) return new Decision(false, limit, 0, Math.max(resetSeconds, local.secondsLeft(key)));
                return new Decision(count <= limit, limit, (int) Math.max(0, limit - count), resetSeconds);
            } catch (RuntimeException e) {
                redisFailed(e);
            }
        }
        return local.hit(key, limit, windowSeconds);
    }

    /** Current count without counting a hit (used to refuse logins for a locked account). */
    public int peek(String bucket, String subject) {
        String key = key(bucket, subject);
        int shared = 0;
        if (redisAvailable()) {
            try {
                String v = redis.client().get(key);
                shared = v == null ? 0 : Integer.parseInt(v);
            } catch (RuntimeException e) {
                redisFailed(e);
            }
        }
        return Math.max(shared, local.peek(key));
    }

    public int secondsLeft(String bucket, String subject) {
        String key = key(bucket, subject);
        int shared = 0;
        if (redisAvailable()) {
            try {
                long ttlMs = redis.client().pttl(key);
                shared = (int) Math.max(0, (ttlMs + 999) / 1000);
            } catch (RuntimeException e) {
                redisFailed(e);
            }
        }
        return Math.max(1, Math.max(shared, local.secondsLeft(key)));
    }

    public void reset(String bucket, String subject) {
        String key = key(bucket, subject);
        local.reset(key);
        if (!redisAvailable()) return;
        try {
            redis.client().del(key);
        } catch (RuntimeException e) {
            redisFailed(e);
        }
    }

    private static String key(String bucket, String subject) {
        return "rl:" + bucket + ":" + subject;
    }

    private boolean redisAvailable() {
        return clock.getAsLong() >= redisSkippedUntil.get();
    }

    private void redisFailed(RuntimeException e) {
        long now = clock.getAsLong();
        long previous = redisSkippedUntil.getAndSet(now + REDIS_RETRY_MS);
        // one line per outage, not one per request
        if (previous + REDIS_RETRY_MS < now) LOG.warn("rate limiter: Redis unavailable, counting in this process until it is back: {}", e.getMessage());
    }
}
