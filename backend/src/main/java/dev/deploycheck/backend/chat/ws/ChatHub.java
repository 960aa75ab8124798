package dev.deploycheck.backend.chat.ws;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The WebSocket connections of this instance and the conversations each one watches. Frames arriving from Redis
 * are delivered here to the local watchers only; the other instances do the same for theirs.
 */
public final class ChatHub {
    private final ConcurrentMap<String, ChatConnection> connections = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, Set<ChatConnection>> watchers = new ConcurrentHashMap<>();

    public ChatHub(MeterRegistry registry) {
        Gauge.builder("ws.connections", connections, ConcurrentMap::size)
                .description("open chat WebSocket connections on this instance").register(registry);
    }

    void add(ChatConnection c) {
        connections.put(c.id, c);
    }

    Optional<ChatConnection> find(String id) {
        return Optional.ofNullable(connections.get(id));
    }

    void remove(String id) {
        ChatConnection c = connections.remove(id);
        if (c == null) return;
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
}
