package dev.deploycheck.backend.chat.ws;

import dev.deploycheck.backend.db.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Fan-out of chat frames through Redis pub/sub, so that every instance behind one database serves one
 * conversation: a frame is published on {@code chat:conv:<id>}, and each instance, pattern-subscribed to
 * {@code chat:conv:*}, hands it to its own {@link ChatHub}. The subscription runs on one thread and is re-opened
 * after a Redis outage; then every local client is sent a {@code resync} frame, because what was published in
 * between is lost (clients catch up by subscribing again with {@code since}). If publishing fails, the frame still
 * reaches this instance's watchers.
 */
public final class ChatFanout implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChatFanout.class);
    static final String PREFIX = "chat:conv:";
    /** {@code chat:revoke:<userId>}, message: the ended session's id, or {@code *} for every session of the user. */
    static final String REVOKE_PREFIX = "chat:revoke:";
    /**
     * Re-subscription attempts after Redis is lost: 100, 200, 400, then every 500 ms. A failed attempt is one refused
     * connection, so trying twice a second costs nothing, and fan-out resumes within half a second of Redis's
     * return (with a 5 s cap it took 4-5 s after a restart).
     */
    static final long FIRST_BACKOFF_MS = 100;
    static final long MAX_BACKOFF_MS = 500;

    private final Redis redis;
    private final ChatHub hub;
    private final Thread thread;
    private final CountDownLatch firstSubscription = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile JedisPubSub current;

    public ChatFanout(Redis redis, ChatHub hub) {
        this.redis = redis;
        this.hub = hub;
        this.thread = new Thread(this::run, "chat-fanout");
        this.thread.setDaemon(true);
    }

    /** Starts the subscription and waits (bounded) until Redis confirms it, so no early frame is missed. */
    public ChatFanout start() {
        thread.start();
        try {
            if (!firstSubscription.await(5, TimeUnit.SECONDS)) LOG.warn("chat fan-out: Redis subscription not confirmed yet");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    public void publish(UUID conversationId, String frame) {
        try {
            redis.client().publish(PREFIX + conversationId, frame);
        } catch (RuntimeException e) {
            LOG.warn("chat fan-out: publish failed, delivering to this instance only: {}", e.getMessage());
            hub.deliver(conversationId, frame);
        }
    }

    /** Ends the user's sockets opened with that login (every login when empty) on every instance; on this one if Redis fails. */
    public void revoke(UUID userId, Optional<UUID> sessionId) {
        try {
            redis.client().publish(REVOKE_PREFIX + userId, sessionId.map(UUID::toString).orElse("*"));
        } catch (RuntimeException e) {
            LOG.warn("chat fan-out: revocation not published, closing this instance's sockets only: {}", e.getMessage());
            hub.revoke(userId, sessionId);
        }
    }

    private void received(String channel, String message) {
        if (channel.startsWith(REVOKE_PREFIX)) {
            UUID userId = UUID.fromString(channel.substring(REVOKE_PREFIX.length()));
            hub.revoke(userId, message.equals("*") ? Optional.empty() : Optional.of(UUID.fromString(message)));
        } else {
            hub.deliver(UUID.fromString(channel.substring(PREFIX.length())), message);
        }
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MS;
        while (running) {
            JedisPubSub pubsub = new JedisPubSub() {
                @Override
                public void onPMessage(String pattern, String channel, String message) {
                    try {
                        received(channel, message);
                    } catch (RuntimeException e) {
                        LOG.warn("chat fan-out: dropped a frame on {}: {}", channel, e.toString());
                    }
                }

                @Override
                public void onPSubscribe(String pattern, int subscribedChannels) {
                    if (!pattern.startsWith(PREFIX)) return;
                    if (firstSubscription.getCount() == 0) {
                        // back after an interruption: frames published meanwhile never reached this instance
                        LOG.info("chat fan-out: Redis subscription restored; telling clients to resynchronise");
                        hub.resync();
                    }
                    firstSubscription.countDown();
                }
            };
            current = pubsub;
            try {
                redis.client().psubscribe(pubsub, PREFIX + "*", REVOKE_PREFIX + "*");
                backoff = FIRST_BACKOFF_MS;
            } catch (RuntimeException e) {
                if (!running) break;
                // one warning per outage; the retries twice a second only at debug level
                if (backoff == FIRST_BACKOFF_MS) LOG.warn("chat fan-out: Redis subscription lost ({}); retrying every {} ms at most", e.getMessage(), MAX_BACKOFF_MS);
                else LOG.debug("chat fan-out: Redis still unreachable ({}); retrying in {} ms", e.getMessage(), backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        JedisPubSub pubsub = current;
        try {
            if (pubsub != null && pubsub.isSubscribed()) pubsub.punsubscribe();
        } catch (RuntimeException e) {
            LOG.debug("chat fan-out: unsubscribe failed: {}", e.getMessage());
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) thread.interrupt();
    }
}
