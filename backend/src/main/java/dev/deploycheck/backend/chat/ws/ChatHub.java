package dev.deploycheck.backend.chat.ws;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket connections of this instance and the conversations each one watches. Frames arriving from Redis
 * are delivered here to the local watchers only; the other instances do the same for theirs.
 */
public final class ChatHub implements AutoCloseable {
    private final ConcurrentMap<String, ChatConnection> connections = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, Set<ChatConnection>> watchers = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, Set<ChatConnection>> byUser = new ConcurrentHashMap<>();
    static final int POLICY_VIOLATION = 1008;

    private final ScheduledExecutorService heartbeat;
    private final Duration idleTimeout;
    private final Frames frames;

    /**
     * @param pingInterval how often the heartbeat runs: protocol pings to every client, and the idle check
     * @param idleTimeout  a client that sent nothing (not even {@code {"type":"ping"}}) for this long is dropped
     */
    public ChatHub(MeterRegistry registry, Frames frames, Duration pingInterval, Duration idleTimeout) {
        this.frames = frames;
        this.idleTimeout = idleTimeout;
        Gauge.builder("ws.connections", connections, ConcurrentMap::size)
                .description("open chat WebSocket connections on this instance").register(registry);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chat-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(10, Math.min(pingInterval.toMillis(), idleTimeout.toMillis() / 2));
        heartbeat.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        long now = System.currentTimeMillis();
        for (ChatConnection c : connections.values()) {
            try {
                if (now - c.lastHeard() > idleTimeout.toMillis()) {
                    c.close(1001, "idle: nothing received for " + idleTimeout.toMillis() / 1000.0 + " s");
                    remove(c.id);
                } else {
                    c.ping();
                }
            } catch (RuntimeException ignored) {
                // one broken connection must not stop the heartbeat
            }
        }
    }

    /**
     * Registers the connection unless its user already has {@code maxPerUser} open here; it is closed with 1008
     * when its access token expires.
     * @return false when the user is at the cap (the connection is not registered)
     */
    synchronized boolean add(ChatConnection c, int maxPerUser, Instant tokenExpiresAt) {
        Set<ChatConnection> mine = byUser.computeIfAbsent(c.userId, k -> ConcurrentHashMap.newKeySet());
        if (mine.size() >= maxPerUser) {
            if (mine.isEmpty()) byUser.remove(c.userId);
            return false;
        }
        mine.add(c);
        connections.put(c.id, c);
        long delay = Math.max(0, Duration.between(Instant.now(), tokenExpiresAt).toMillis());
        heartbeat.schedule(() -> {
            if (connections.containsKey(c.id)) {
                c.close(POLICY_VIOLATION, "access token expired");
                remove(c.id);
            }
        }, delay, TimeUnit.MILLISECONDS);
        return true;
    }

    /**
     * Closes the user's connections opened with the given login, or all of them when {@code sessionId} is empty:
     * what a logout (or a reused refresh token) ends on this instance.
     */
    public void revoke(UUID userId, Optional<UUID> sessionId) {
        Set<ChatConnection> mine = byUser.get(userId);
        if (mine == null) return;
        for (ChatConnection c : List.copyOf(mine)) {
            // a token without a session id cannot be told apart: it goes with any logout of its user
            if (sessionId.isEmpty() || c.sessionId.isEmpty() || c.sessionId.equals(sessionId)) {
                c.close(POLICY_VIOLATION, "session ended (logged out)");
                remove(c.id);
            }
        }
    }

    Optional<ChatConnection> find(String id) {
        return Optional.ofNullable(connections.get(id));
    }

    void remove(String id) {
        ChatConnection c = connections.remove(id);
        if (c == null) return;
        synchronized (this) {
            byUser.computeIfPresent(c.userId, (k, set) -> {
                set.remove(c);
                return set.isEmpty() ? null : set;
            });
        }
        for (UUID conversationId : c.conversations()) unwatch(c, conversationId);
    }

    void watch(ChatConnection c, UUID conversationId) {
        if (c.conversations().add(conversationId)) {
            watchers.computeIfAbsent(conversationId, k -> ConcurrentHashMap.newKeySet()).add(c);
        }
    }

    void unwatch(ChatConnection c, UUID conversationId) {
        c.conversations().remove(conversationId);
        watchers.computeIfPresent(conversationId, (k, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Tells every local connection that events may have been missed (the fan-out was interrupted), naming the
     * conversations it watches, so that it subscribes again with {@code since}.
     */
    void resync() {
        for (ChatConnection c : connections.values()) {
            try {
                c.send(frames.resync(List.copyOf(c.conversations())));
            } catch (RuntimeException ignored) {
                // one broken connection must not keep the others from hearing it
            }
        }
    }

    /** Sends an already serialised frame to every local watcher of the conversation. */
    public void deliver(UUID conversationId, String frame) {
        Set<ChatConnection> set = watchers.get(conversationId);
        if (set == null) return;
        for (ChatConnection c : set) c.send(frame);
    }

    public int connectionCount() {
        return connections.size();
    }

    /** Closes every connection (shutdown): 1001 going away, so clients reconnect to another instance. */
    void closeAll() {
        for (ChatConnection c : connections.values()) c.close(1001, "server shutting down");
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
    }
}
