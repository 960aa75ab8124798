package dev.deploycheck.backend.chat.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploycheck.backend.App;
import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import dev.deploycheck.backend.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Two backend instances sharing one PostgreSQL and one Redis serve one conversation: Redis pub/sub carries the fan-out. */
class MultiInstanceTest {
    private static App a;
    private static App b;
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Users.Session owner = Users.named("multi-instance");

    @BeforeAll
    static void start() {
        a = TestServices.get().startApp(Map.of());
        b = TestServices.get().startApp(Map.of());
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
    }

    @Test
    void aClientOnASeesWhatAClientOnBSent() {
        assertNotEquals(a.port(), b.port());
        String id = new Api("http://127.0.0.1:" + a.port()).post("/api/conversations", owner.accessToken(), Map.of("title", "two instances")).text("id");
        try (WsClient onA = WsClient.bearer(a.port(), owner.accessToken()); WsClient onB = WsClient.bearer(b.port(), owner.accessToken())) {
            onA.await("ready");
            onB.await("ready");
            onA.send(Map.of("type", "subscribe", "conversationId", id));
            onA.await("subscribed");

            onB.send(Map.of("type", "message", "conversationId", id, "content", "sent through instance B", "clientId", "b-1"));
            JsonNode seen = onA.await("message", f -> f.path("message").path("role").asText().equals("user"), WAIT);
            assertEquals("sent through instance B", seen.path("message").path("content").asText());
            assertEquals("b-1", seen.path("clientId").asText());
            JsonNode done = onA.await("assistant.done", f -> true, WAIT);
            assertEquals(done.path("message").path("id").asLong(), onB.await("assistant.done", f -> true, WAIT).path("message").path("id").asLong(),
                    "both instances deliver the same stored reply");
        }
    }

    @Test
    void aMessagePostedOverRestOnBReachesASubscriberOnA() {
        Api apiB = new Api("http://127.0.0.1:" + b.port());
        String id = apiB.post("/api/conversations", owner.accessToken(), Map.of("title", "rest on B")).text("id");
        try (WsClient onA = WsClient.query(a.port(), owner.accessToken())) {
            onA.await("ready");
            onA.send(Map.of("type", "subscribe", "conversationId", id));
            onA.await("subscribed");
            Api.Response sent = apiB.post("/api/conversations/" + id + "/messages", owner.accessToken(), Map.of("content", "REST on B"));
            assertEquals(201, sent.status(), sent::toString);
            JsonNode seen = onA.await("message", f -> f.path("message").path("role").asText().equals("user"), WAIT);
            assertEquals(sent.json().path("userMessage").path("id").asLong(), seen.path("message").path("id").asLong());
        }
    }
}
