package dev.deploycheck.backend.chat.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploycheck.backend.App;
import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import dev.deploycheck.backend.support.WsClient;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chat WebSocket against a real backend: authentication (close 1008 before any data), the JSON protocol,
 * REST and socket messages reaching subscribers, ownership, the rate and size limits, and heartbeats. A backend
 * of its own runs with small limits and fast pings so the limits can be hit quickly.
 */
class ChatSocketTest {
    private static App app;
    private static Api api;
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Users.Session owner = Users.named("ws-owner");
    private final Users.Session stranger = Users.named("ws-stranger");

    @BeforeAll
    static void start() {
        app = TestServices.get().startApp(Map.of(
                "WS_RATE_LIMIT_MESSAGES", "20", "WS_RATE_LIMIT_WINDOW_SECONDS", "3",
                "WS_MAX_MESSAGE_BYTES", "2048", "WS_PING_INTERVAL_MS", "200", "WS_IDLE_TIMEOUT_MS", "1500"));
        api = new Api("http://127.0.0.1:" + app.port());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private String conversation(Users.Session user) {
        Api.Response r = api.post("/api/conversations", user.accessToken(), Map.of("title", "ws test"));
        assertEquals(201, r.status(), r::toString);
        return r.text("id");
    }

    @Test
    void bearerSubprotocolIsEchoedAndTheConnectionIsReady() {
        try (WsClient ws = WsClient.bearer(app.port(), owner.accessToken())) {
            assertEquals("bearer", ws.negotiatedSubprotocol());
            JsonNode ready = ws.await("ready");
            assertEquals(owner.userId(), ready.path("userId").asText());
            ws.send(Map.of("type", "ping"));
            ws.await("pong");
        }
    }

    @Test
    void tokenInTheQueryStringWorksToo() {
        try (WsClient ws = WsClient.query(app.port(), owner.accessToken())) {
            ws.await("ready");
        }
    }

    @Test
    void missingOrBadTokenClosesWithPolicyViolationBeforeAnyData() {
        for (WsClient ws : List.of(WsClient.bearer(app.port(), null), WsClient.bearer(app.port(), "not-a-jwt"),
                WsClient.query(app.port(), owner.refreshToken()))) {
            CloseReason reason = ws.awaitClose(WAIT);
            assertEquals(1008, reason.getCloseCode().getCode(), reason::toString);
            assertEquals(List.of(), ws.drain(), "no frame before the close");
        }
    }

    @Test
    void messageOverTheSocketIsStoredAndTheReplyStreamsInParts() {
        String id = conversation(owner);
        try (WsClient ws = WsClient.bearer(app.port(), owner.accessToken())) {
            ws.await("ready");
            ws.send(Map.of("type", "subscribe", "conversationId", id));
            assertEquals(id, ws.await("subscribed").path("conversationId").asText());
            ws.send(Map.of("type", "message", "conversationId", id, "content", "Hello socket, how long is the release window?", "clientId", "c-1"));

            JsonNode mine = ws.await("message", f -> f.path("message").path("role").asText().equals("user"), WAIT);
            assertEquals("c-1", mine.path("clientId").asText());
            assertEquals("Hello socket, how long is the release window?", mine.path("message").path("content").asText());
            assertEquals(id, mine.path("message").path("conversationId").asText());

            JsonNode done = ws.await("assistant.done", f -> true, WAIT);
            JsonNode answer = done.path("message");
            assertEquals("assistant", answer.path("role").asText());
            StringBuilder streamed = new StringBuilder();
            List<JsonNode> rest = ws.drain();
            for (JsonNode f : rest) {
                if (f.path("type").asText().equals("assistant.delta")) {
                    assertEquals(answer.path("id").asLong(), f.path("messageId").asLong(), "deltas carry the id the reply is stored with");
                    streamed.append(f.path("delta").asText());
                }
            }
            assertEquals(answer.path("content").asText(), streamed.toString(), "the parts make up the whole reply: " + rest);
            assertTrue(rest.stream().anyMatch(f -> f.path("type").asText().equals("message")
                    && f.path("message").path("id").asLong() == answer.path("id").asLong()), "the stored reply is also a message event");

            JsonNode stored = api.get("/api/conversations/" + id, owner.accessToken()).json().path("messages");
            assertEquals(2, stored.size());
            assertEquals(answer.path("id").asLong(), stored.get(1).path("id").asLong());
        }
    }

    @Test
    void messagesPostedOverRestReachSubscribers() {
        String id = conversation(owner);
        try (WsClient a = WsClient.bearer(app.port(), owner.accessToken()); WsClient b = WsClient.query(app.port(), owner.accessToken())) {
            for (WsClient ws : List.of(a, b)) {
                ws.await("ready");
                ws.send(Map.of("type", "subscribe", "conversationId", id));
                ws.await("subscribed");
            }
            Api.Response sent = api.post("/api/conversations/" + id + "/messages", owner.accessToken(), Map.of("content", "posted over REST"));
            assertEquals(201, sent.status(), sent::toString);
            for (WsClient ws : List.of(a, b)) {
                JsonNode m = ws.await("message", f -> f.path("message").path("role").asText().equals("user"), WAIT);
                assertEquals("posted over REST", m.path("message").path("content").asText());
                assertEquals(sent.json().path("assistantMessage").path("id").asLong(),
                        ws.await("assistant.done", f -> true, WAIT).path("message").path("id").asLong());
            }
        }
    }

    @Test
    void onlyTheOwnerCanSubscribeOrSend() {
        String id = conversation(owner);
        try (WsClient ws = WsClient.bearer(app.port(), stranger.accessToken())) {
            ws.await("ready");
            ws.send(Map.of("type", "subscribe", "conversationId", id));
            assertEquals("not_found", ws.await("error").path("code").asText());
            ws.send(Map.of("type", "message", "conversationId", id, "content", "let me in", "clientId", "x"));
            JsonNode error = ws.await("error");
            assertEquals("not_found", error.path("code").asText());
            assertEquals("x", error.path("clientId").asText());
        }
        assertEquals(0, api.get("/api/conversations/" + id, owner.accessToken()).json().path("messages").size());
    }

    @Test
    void malformedFramesGetErrorsWithCodes() {
        try (WsClient ws = WsClient.bearer(app.port(), owner.accessToken())) {
            ws.await("ready");
            ws.send("this is not json");
            assertEquals("invalid_json", ws.await("error").path("code").asText());
            ws.send(Map.of("type", "<script>alert(1)</script>"));
            JsonNode unknown = ws.await("error");
            assertEquals("unknown_type", unknown.path("code").asText());
            assertFalse(unknown.toString().contains("<script>"), "the frame type is not reflected raw");
            ws.send(Map.of("type", "subscribe"));
            assertEquals("validation_failed", ws.await("error").path("code").asText());
            ws.send(Map.of("type", "message", "conversationId", conversation(owner), "content", " "));
            assertEquals("validation_failed", ws.await("error").path("code").asText());
            ws.send(Map.of("type", "ping"));
            ws.await("pong");
        }
    }

    @Test
    void repliesLeaveInTheOrderTheFramesCame() {
        String mine = conversation(owner);
        String theirs = conversation(stranger);
        try (WsClient ws = WsClient.bearer(app.port(), owner.accessToken())) {
            ws.await("ready");
            // a subscribe needs the database; a ping, a bad frame and a binary frame do not: none may overtake it
            ws.send(Map.of("type", "subscribe", "conversationId", mine));
            ws.send(Map.of("type", "ping"));
            ws.send(Map.of("type", "subscribe", "conversationId", theirs));
            ws.send("not json");
            ws.sendBinary(new byte[]{1, 2, 3});
            ws.send(Map.of("type", "message", "conversationId", mine, "content", " ", "clientId", "m-1"));
            ws.send(Map.of("type", "unsubscribe", "conversationId", mine));
            ws.send(Map.of("type", "ping"));
            assertEquals(List.of("subscribed"), types(ws.framesBefore("pong")), "before the first pong: the answer to the frame sent before it");
            assertEquals(List.of("error:not_found", "error:invalid_json", "error:unsupported_data", "error:validation_failed", "unsubscribed"),
                    types(ws.framesBefore("pong")), "before the second pong: every answer to the frames in between, in order");
        }
    }

    /** Frame types in order, errors with their code, the assistant's deltas left out. */
    private static List<String> types(List<JsonNode> frames) {
        return frames.stream().filter(f -> !f.path("type").asText().equals("assistant.delta"))
                .map(f -> f.path("type").asText().equals("error") ? "error:" + f.path("code").asText() : f.path("type").asText())
                .toList();
    }

    @Test
    void aNulCharacterInAFrameIsAValidationErrorNamingTheField() {
        String id = conversation(owner);
        try (WsClient ws = WsClient.bearer(app.port(), owner.accessToken())) {
            ws.await("ready");
            ws.send("{\"type\":\"message\",\"conversationId\":\"" + id + "\",\"content\":\"hello\\u0000there\",\"clientId\":\"n-1\"}");
            JsonNode error = ws.await("error");
            assertEquals("validation_failed", error.path("code").asText(), error::toString);
            assertEquals("content", error.path("field").asText(), error::toString);
            ws.send(Map.of("type", "ping"));
            ws.await("pong");
        }
        assertEquals(0, api.get("/api/conversations/" + id, owner.accessToken()).json().path("messages").size(), "nothing was stored");
    }

    @Test
    void aClientOverItsMessageBudgetIsToldAndThenDisconnected() {
        try (WsClient ws = WsClient.bearer(app.port(), owner.accessToken())) {
            ws.await("ready");
            for (int i = 0; i < 20; i++) ws.send(Map.of("type", "ping"));
            for (int i = 0; i < 20; i++) ws.await("pong");
            ws.send(Map.of("type", "ping"));
            assertEquals("rate_limited", ws.await("error").path("code").asText());
            for (int i = 0; i < 25 && ws.isOpen(); i++) ws.send(Map.of("type", "ping"));
            assertEquals(1008, ws.awaitClose(WAIT).getCloseCode().getCode());
        }
    }

    @Test
    void anOversizedMessageClosesWithTooBig() {
        try (WsClient ws = WsClient.bearer(app.port(), owner.accessToken())) {
            ws.await("ready");
            ws.send(Map.of("type", "message", "conversationId", conversation(owner), "content", "x".repeat(4096)));
            assertEquals(1009, ws.awaitClose(WAIT).getCloseCode().getCode());
        }
    }

    @Test
    void theHandshakeCreatesNoServerSession() throws Exception {
        try (Socket raw = new Socket("127.0.0.1", app.port())) {
            raw.setSoTimeout(5_000);
            String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
            raw.getOutputStream().write(("GET /api/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: bearer, " + owner.accessToken()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            InputStream in = raw.getInputStream();
            while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.read());
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), head::toString);
            assertFalse(head.toString().toLowerCase().contains("set-cookie"), "no session cookie: " + head);
        }
    }

    @Test
    void heartbeatsKeepLiveClientsAndDropDeadOnes() throws Exception {
        try (WsClient live = WsClient.bearer(app.port(), owner.accessToken());
             Socket dead = new Socket("127.0.0.1", app.port())) {
            live.await("ready");
            // a client that completes the handshake and then never reads or answers a ping
            String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
            OutputStream out = dead.getOutputStream();
            out.write(("GET /api/ws?token=" + owner.accessToken() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            dead.setSoTimeout(5_000);
            InputStream in = dead.getInputStream();
            byte[] head = new byte[12];
            assertEquals(12, in.readNBytes(head, 0, 12));
            assertEquals("HTTP/1.1 101", new String(head, StandardCharsets.US_ASCII));

            // the idle timeout is 1.5 s: the live client sends its heartbeat every 300 ms and stays; the silent one goes
            for (int i = 0; i < 8; i++) {
                Thread.sleep(300);
                live.send(Map.of("type", "ping"));
            }
            assertTrue(live.isOpen(), "a client that sends heartbeats stays connected");
            long deadline = System.currentTimeMillis() + 5_000;
            int read = 0;
            while (read != -1 && System.currentTimeMillis() < deadline) read = in.read();
            assertEquals(-1, read, "the silent client's connection was closed by the server");
        }
    }
}
