package dev.deploycheck.backend.http;

import dev.deploycheck.backend.db.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Fixed-window counters in Redis, so several instances behind a load balancer share one budget per client.
 * One atomic round trip per hit. If Redis cannot be reached the request is let through (fail open) and a
 * warning logged: an outage of the limiter must not become an outage of the service; readiness reports it.
 */
public final class RateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
    private static final String SCRIPT = """
            local c = redis.call('INCR', KEYS[1])
            if c == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) * 1000 end
            return {c, ttl}
            """;

    private final Redis redis;

    public RateLimiter(Redis redis) {
        this.redis = redis;
    }

    /** The outcome of one hit: whether it is allowed, what is left, and when the window resets. */
    public record Decision(boolean allowed, int limit, int remaining, int resetSeconds) { }

    public Decision hit(String bucket, String subject, int limit, int windowSeconds) {
        try {
            Object result = redis.client().eval(SCRIPT, List.of("rl:" + bucket + ":" + subject), List.of(String.valueOf(windowSeconds)));
            List<?> values = (List<?>) result;
            long count = ((Number) values.get(0)).longValue();
            long ttlMs = ((Number) values.get(1)).longValue();
            int resetSeconds = (int) Math.max(1, (ttlMs + 999) / 1000);
            return new Decision(count <= limit, limit, (int) Math.max(0, limit - count), resetSeconds);
        } catch (RuntimeException e) {
            LOG.warn("rate limiter unavailable, letting the request through: {}", e.getMessage());
            return new Decision(true, limit, limit, windowSeconds);
        }
    }

    /** Current count without counting a hit (used to refuse logins for a locked account). */
    public int peek(String bucket, String subject) {
        try {
            String v = redis.client().get("rl:" + bucket + ":" + subject);
            return v == null ? 0 : Integer.parseInt(v);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    public int secondsLeft(String bucket, String subject) {
        try {
            long ttlMs = redis.client().pttl("rl:" + bucket + ":" + subject);
            return (int) Math.max(1, (ttlMs + 999) / 1000);
        } catch (RuntimeException e) {
            return 1;
        }
    }

    public void reset(String bucket, String subject) {
        try {
            redis.client().del("rl:" + bucket + ":" + subject);
        } catch (RuntimeException e) {
            LOG.warn("could not reset rate limit counter: {}", e.getMessage());
        }
    }
}
