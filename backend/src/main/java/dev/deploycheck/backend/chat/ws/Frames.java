package dev.deploycheck.backend.chat.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.backend.chat.Message;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The server-to-client frames of the chat protocol (docs/websocket-protocol.md), serialised once per event. */
public final class Frames {
    private final ObjectMapper mapper;

    public Frames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String ready(UUID userId, String connectionId) {
        return write(map("type", "ready", "userId", userId, "connectionId", connectionId));
    }

    String subscribed(UUID conversationId) {
        return write(map("type", "subscribed", "conversationId", conversationId));
    }

    String unsubscribed(UUID conversationId) {
        return write(map("type", "unsubscribed", "conversationId", conversationId));
    }

    String subscribed(UUID conversationId, int replayed) {
        return write(map("type", "subscribed", "conversationId", conversationId, "replayed", replayed));
    }

    /** A stored message sent again on a resuming subscribe ({@code since}). */
    String replayed(UUID conversationId, Message m) {
        return write(map("type", "message", "conversationId", conversationId, "message", message(conversationId, m), "replayed", true));
    }

    String resync(java.util.List<UUID> conversationIds) {
        return write(map("type", "resync", "reason", "live updates were interrupted; subscribe again with since to catch up",
                "conversationIds", conversationIds));
    }

    String pong() {
        return "{\"type\":\"pong\"}";
    }

    String message(UUID conversationId, Message m, String clientId) {
        Map<String, Object> frame = map("type", "message", "conversationId", conversationId, "message", message(conversationId, m));
        if (clientId != null) frame.put("clientId", clientId);
        return write(frame);
    }

    String delta(UUID conversationId, long messageId, String delta) {
        return write(map("type", "assistant.delta", "conversationId", conversationId, "messageId", messageId, "delta", delta));
    }

    String done(UUID conversationId, Message m) {
        return write(map("type", "assistant.done", "conversationId", conversationId, "message", message(conversationId, m)));
    }

    /** An error; {@code conversationId} and {@code clientId} are included when known. */
    String error(String code, String message, UUID conversationId, String clientId) {
        Map<String, Object> frame = map("type", "error", "code", code, "message", message);
        if (conversationId != null) frame.put("conversationId", conversationId);
        if (clientId != null) frame.put("clientId", clientId);
        return write(frame);
    }

    /** A {@code validation_failed} error naming the offending field of the client's frame. */
    String validation(String field, String message) {
        return write(map("type", "error", "code", "validation_failed", "message", message, "field", field));
    }

    private static Map<String, Object> message(UUID conversationId, Message m) {
        return map("id", m.id(), "conversationId", conversationId, "role", m.role(), "content", m.content(), "createdAt", m.createdAt());
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private String write(Object frame) {
        try {
            return mapper.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
