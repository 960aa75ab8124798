package dev.deploycheck.backend.chat.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.backend.auth.TokenService;
import dev.deploycheck.backend.chat.ChatService;
import dev.deploycheck.backend.chat.Message;
import dev.deploycheck.backend.config.AppConfig;
import dev.deploycheck.backend.db.Outage;
import dev.deploycheck.backend.http.ApiException;
import dev.deploycheck.backend.http.JsonText;
import io.javalin.websocket.WsBinaryMessageContext;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsErrorContext;
import io.javalin.websocket.WsMessageContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WebSocket input and output of the chat (protocol in docs/websocket-protocol.md). The access token comes in the
 * {@code Sec-WebSocket-Protocol} header ({@code bearer, <token>}) or the {@code token} query parameter; without a
 * valid one the connection is closed with 1008 before any frame is sent. Storing and answering run on a small
 * worker pool, one connection's messages in order.
 */
public final class ChatSocketController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChatSocketController.class);
    static final int POLICY_VIOLATION = 1008;

    private final ChatService chat;
    private final TokenService tokens;
    private final ChatHub hub;
    private final Frames frames;
    private final ObjectMapper mapper;
    private final AppConfig.ChatSocket config;
    private final ExecutorService workers;
    private final Counter received;
    private final Counter rejectedAuth;
    private final Counter rateLimited;
    private final Counter rejectedConnections;

    public ChatSocketController(ChatService chat, TokenService tokens, ChatHub hub, Frames frames, ObjectMapper mapper,
                                AppConfig.ChatSocket config, MeterRegistry registry) {
        this.chat = chat;
        this.tokens = tokens;
        this.hub = hub;
        this.frames = frames;
        this.mapper = mapper;
        this.config = config;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(8, 8, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "chat-ws-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.received = Counter.builder("ws.messages.received").description("chat WebSocket messages received").register(registry);
        this.rejectedAuth = Counter.builder("ws.rejected").tag("reason", "auth").description("WebSocket connections or messages refused").register(registry);
        this.rateLimited = Counter.builder("ws.rejected").tag("reason", "rate_limited").description("WebSocket connections or messages refused").register(registry);
        this.rejectedConnections = Counter.builder("ws.rejected").tag("reason", "too_many_connections").description("WebSocket connections or messages refused").register(registry);
    }

    /** The handlers for {@code cfg.routes.ws("/api/ws", ...)}. */
    public void configure(WsConfig ws) {
        ws.onConnect(this::connected);
        ws.onMessage(this::message);
        ws.onBinaryMessage(this::binary);
        ws.onClose(this::closed);
        ws.onError(this::failed);
    }

    private void connected(WsConnectContext ctx) {
        Optional<TokenService.AccessClaims> claims = token(ctx).flatMap(tokens::verifyAccessClaims);
        if (claims.isEmpty()) {
            rejectedAuth.increment();
            ctx.closeSession(POLICY_VIOLATION, "missing or invalid access token");
            return;
        }
        UUID user = claims.get().userId();
        // a backstop for writes that stall; the hub's heartbeat drops silent clients
        ctx.session.setIdleTimeout(config.idleTimeout().multipliedBy(2));
        ChatConnection c = new ChatConnection(ctx.sessionId(), user, claims.get().sessionId(), ctx.session, config.rateLimitMessages(),
                config.rateLimitWindowSeconds() * 1000L);
        if (!hub.add(c, config.maxConnectionsPerUser(), claims.get().expiresAt())) {
            rejectedConnections.increment();
            ctx.closeSession(POLICY_VIOLATION, "too many open connections for this account (at most " + config.maxConnectionsPerUser() + ")");
            return;
        }
        c.send(frames.ready(user, c.id));
    }

    /** The token from {@code Sec-WebSocket-Protocol: bearer, <token>}, else from {@code ?token=}. */
    static Optional<String> token(WsContext ctx) {
        String header = ctx.header("Sec-WebSocket-Protocol");
        if (header != null) {
            String[] parts = header.split(",");
            for (int i = 0; i + 1 < parts.length; i++) {
                if (parts[i].trim().equalsIgnoreCase("bearer")) return Optional.of(parts[i + 1].trim()).filter(s -> !s.isEmpty());
            }
        }
        return Optional.ofNullable(ctx.queryParam("token")).filter(s -> !s.isBlank());
    }

    private void message(WsMessageContext ctx) {
        Optional<ChatConnection> found = hub.find(ctx.sessionId());
        if (found.isEmpty()) return;
        ChatConnection c = found.get();
        received.increment();
        long now = System.currentTimeMillis();
        c.heard(now);
        switch (c.spend(now)) {
            case ABUSIVE -> {
                rateLimited.increment();
                c.close(POLICY_VIOLATION, "message rate limit exceeded");
                return;
            }
            case EXCEEDED -> {
                rateLimited.increment();
                String error = frames.error("rate_limited", "too many messages; at most " + config.rateLimitMessages() + " per "
                        + config.rateLimitWindowSeconds() + " s, retry in " + c.secondsUntilReset(now) + " s", null, null);
                enqueue(c, () -> c.send(error));
                return;
            }
            default -> { }
        }
        // every frame, even a ping, is answered from the connection's queue: replies leave in the order frames came
        String text = ctx.message();
        enqueue(c, () -> handle(c, text));
    }

    private void handle(ChatConnection c, String text) {
        JsonNode frame;
        try {
            frame = mapper.readTree(text);
        } catch (Exception e) {
            c.send(frames.error("invalid_json", "frames must be JSON objects", null, null));
            return;
        }
        if (frame == null || !frame.isObject()) {
            c.send(frames.error("invalid_json", "frames must be JSON objects", null, null));
            return;
        }
        Optional<String> nul = JsonText.nulField(frame);
        if (nul.isPresent()) {
            c.send(frames.validation(nul.get(), nul.get() + " must not contain the NUL character (U+0000)"));
            return;
        }
        String type = frame.path("type").asText("");
        switch (type) {
            case "ping" -> c.send(frames.pong());
            case "subscribe" -> conversationId(c, frame).ifPresent(id -> since(c, id, frame).ifPresent(since -> subscribe(c, id, since)));
            case "unsubscribe" -> conversationId(c, frame).ifPresent(id -> {
                hub.unwatch(c, id);
                c.send(frames.unsubscribed(id));
            });
            case "message" -> conversationId(c, frame).ifPresent(id -> send(c, id, frame));
            default -> c.send(frames.error("unknown_type", "unknown frame type '" + truncate(type) + "'; expected subscribe, unsubscribe, message or ping", null, null));
        }
    }

    /** The optional resume cursor of a subscribe: {@code Optional.of(-1L)} when absent; empty (after an error frame) when invalid. */
    private Optional<Long> since(ChatConnection c, UUID conversationId, JsonNode frame) {
        JsonNode since = frame.get("since");
        if (since == null || since.isNull()) return Optional.of(-1L);
        if (!since.isIntegralNumber() || !since.canConvertToLong() || since.asLong() < 0) {
            c.send(frames.error("validation_failed", "since must be a message id (a whole number, 0 or more)", conversationId, null));
            return Optional.empty();
        }
        return Optional.of(since.asLong());
    }

    /**
     * Watches the conversation; with a cursor ({@code since} >= 0), first sends again the stored messages after it,
     * so a client that lost its connection (or was told to {@code resync}) misses nothing. Watching starts before
     * the replay is read: a message stored meanwhile may come twice, never not at all.
     */
    private void subscribe(ChatConnection c, UUID conversationId, long since) {
        try {
            if (!chat.owns(c.userId, conversationId)) {
                c.send(frames.error("not_found", "conversation not found", conversationId, null));
                return;
            }
            hub.watch(c, conversationId);
            if (since < 0) {
                c.send(frames.subscribed(conversationId));
                return;
            }
            List<Message> missed = chat.messagesSince(conversationId, since);
            for (Message m : missed) c.send(frames.replayed(conversationId, m));
            c.send(frames.subscribed(conversationId, missed.size()));
        } catch (RuntimeException e) {
            if (Outage.isOutage(e)) {
                c.send(frames.error("unavailable", "the database is unavailable; subscribe again shortly", conversationId, null));
                return;
            }
            LOG.error("subscribe failed", e);
            c.send(frames.error("internal_error", "could not subscribe; try again", conversationId, null));
        }
    }

    private void send(ChatConnection c, UUID conversationId, JsonNode frame) {
        JsonNode contentNode = frame.get("content");
        JsonNode clientNode = frame.get("clientId");
        String clientId = clientNode == null || clientNode.isNull() ? null : clientNode.asText();
        if (clientId != null && clientId.length() > 100) {
            c.send(frames.error("validation_failed", "clientId must be at most 100 characters", conversationId, null));
            return;
        }
        if (contentNode == null || !contentNode.isTextual()) {
            c.send(frames.error("validation_failed", "content is required and must be a string", conversationId, clientId));
            return;
        }
        String content = contentNode.asText();
        try {
            // sending implies watching: the sender sees its own message, the streamed reply and any error
            if (!c.conversations().contains(conversationId)) {
                if (!chat.owns(c.userId, conversationId)) {
                    c.send(frames.error("not_found", "conversation not found", conversationId, clientId));
                    return;
                }
                hub.watch(c, conversationId);
                c.send(frames.subscribed(conversationId));
            }
            chat.send(c.userId, conversationId, content, clientId);
        } catch (ApiException e) {
            // assistant failures were already broadcast to the conversation's watchers, this sender included
            if (!e.error().startsWith("assistant_")) c.send(frames.error(e.error(), e.getMessage(), conversationId, clientId));
        } catch (RuntimeException e) {
            if (Outage.isOutage(e)) {
                c.send(frames.error("unavailable", "the database is unavailable; the message was not stored, try again shortly", conversationId, clientId));
                return;
            }
            LOG.error("chat message over WebSocket failed", e);
            c.send(frames.error("internal_error", "the message could not be stored; try again", conversationId, clientId));
        }
    }

    private void enqueue(ChatConnection c, Runnable task) {
        if (!c.enqueue(task, workers)) c.send(frames.error("busy", "the server is busy; try again shortly", null, null));
    }

    private Optional<UUID> conversationId(ChatConnection c, JsonNode frame) {
        String raw = frame.path("conversationId").asText("");
        try {
            return Optional.of(UUID.fromString(raw));
        } catch (IllegalArgumentException e) {
            c.send(frames.error(raw.isEmpty() ? "validation_failed" : "not_found",
                    raw.isEmpty() ? "conversationId is required" : "conversation not found", null, null));
            return Optional.empty();
        }
    }

    private void binary(WsBinaryMessageContext ctx) {
        hub.find(ctx.sessionId()).ifPresent(c -> {
            c.heard(System.currentTimeMillis());
            enqueue(c, () -> c.send(frames.error("unsupported_data", "binary frames are not supported; send JSON text", null, null)));
        });
    }

    private void closed(WsCloseContext ctx) {
        hub.remove(ctx.sessionId());
    }

    private void failed(WsErrorContext ctx) {
        LOG.debug("WebSocket error: {}", String.valueOf(ctx.error()));
        hub.remove(ctx.sessionId());
    }

    private static String truncate(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) : s;
        return t.replaceAll("[^A-Za-z0-9._-]", "?");
    }

    @Override
    public void close() {
        hub.closeAll();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(2, TimeUnit.SECONDS)) workers.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
