package dev.deploycheck.backend.metrics;

import dev.deploycheck.backend.db.Redis;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users seen in the last five minutes, across all instances: a Redis sorted set scored by last-seen time.
 * Each instance writes a user at most every 30 s, so a busy client costs no Redis round trip per request.
 */
public final class ActiveUsers {
    private static final String KEY = "active_users";
    private static final long WINDOW_MS = 5 * 60_000;
    private static final long WRITE_EVERY_MS = 30_000;

    private final Redis redis;
    private final Map<UUID, Long> lastWritten = new ConcurrentHashMap<>();

    public ActiveUsers(Redis redis) {
        this.redis = redis;
    }

    public void seen(UUID userId) {
        long now = System.currentTimeMillis();
        Long last = lastWritten.get(userId);
        if (last != null && now - last < WRITE_EVERY_MS) return;
        lastWritten.put(userId, now);
        try {
            redis.client().zadd(KEY, now, userId.toString());
        } catch (RuntimeException e) {
            lastWritten.remove(userId);
        }
        if (lastWritten.size() > 100_000) lastWritten.clear();
    }

    /** Count for the gauge; trims entries older than the window. */
    public long count() {
        long now = System.currentTimeMillis();
        redis.client().zremrangeByScore(KEY, 0, now - WINDOW_MS);
        return redis.client().zcount(KEY, now - WINDOW_MS, Double.POSITIVE_INFINITY);
    }
}
