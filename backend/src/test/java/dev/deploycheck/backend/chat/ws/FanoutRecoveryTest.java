package dev.deploycheck.backend.chat.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploycheck.backend.App;
import dev.deploycheck.backend.db.EmbeddedRedisServer;
import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import dev.deploycheck.backend.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances on a Redis of their own, restarted under them: what was published while it was down never reached
 * the other instance, so its clients are told to resync as soon as the fan-out is back (within a second), and a
 * subscribe with {@code since} replays the stored messages they missed; live fan-out works again.
 */
class FanoutRecoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static EmbeddedRedisServer redis;
    private static App a;
    private static App b;
    private static Api apiA;

    @BeforeAll
    static void start() {
        redis = EmbeddedRedisServer.start();
        a = TestServices.get().startApp(Map.of("REDIS_URL", redis.url()));
        b = TestServices.get().startApp(Map.of("REDIS_URL", redis.url()));
        apiA = new Api("http://127.0.0.1:" + a.port());
    }

    @AfterAll
    static void stop() {
        if (a != null) a.close();
        if (b != null) b.close();
        if (redis != null) redis.close();
    }

    @Test
    void afterARedisRestartClientsAreToldToResyncAndCatchUpWithSince() throws InterruptedException {
        Users.Session user = Users.named("fanout-recovery");
        String id = apiA.post("/api/conversations", user.accessToken(), Map.of("title", "recovery")).text("id");
        try (WsClient onB = WsClient.bearer(b.port(), user.accessToken())) {
            onB.await("ready");
            onB.send(Map.of("type", "subscribe", "conversationId", id));
            onB.await("subscribed");
            assertEquals(201, apiA.post("/api/conversations/" + id + "/messages", user.accessToken(), Map.of("content", "before")).status());
            long lastSeen = onB.await("assistant.done", f -> true, WAIT).path("message").path("id").asLong();

            redis.stop();
            Api.Response during = apiA.post("/api/conversations/" + id + "/messages", user.accessToken(), Map.of("content", "during the outage"));
            assertEquals(201, during.status(), during::toString);
            long missedReply = during.json().path("assistantMessage").path("id").asLong();
            // an outage of some seconds: long enough for a growing backoff to leave long gaps between attempts
            Thread.sleep(4_000);

            redis.startAgain();
            long back = System.nanoTime();
            JsonNode resync = onB.await("resync", f -> true, WAIT);
            long resumedMs = (System.nanoTime() - back) / 1_000_000;
            assertTrue(resumedMs < 1_500, "fan-out resumed " + resumedMs + " ms after Redis came back");
            assertEquals(List.of(id), List.of(resync.path("conversationIds").get(0).asText()), resync::toString);
            assertTrue(onB.drain().stream().noneMatch(f -> f.path("message").path("content").asText().equals("during the outage")),
                    "the message of the outage never reached instance B live");

            onB.send(Map.of("type", "subscribe", "conversationId", id, "since", lastSeen));
            JsonNode replayedUser = onB.await("message", f -> f.path("replayed").asBoolean(), WAIT);
            assertEquals("during the outage", replayedUser.path("message").path("content").asText());
            JsonNode replayedReply = onB.await("message", f -> f.path("replayed").asBoolean(), WAIT);
            assertEquals(missedReply, replayedReply.path("message").path("id").asLong());
            assertEquals(2, onB.await("subscribed").path("replayed").asInt(), "the two missed messages, then the subscription");

            assertEquals(201, apiA.post("/api/conversations/" + id + "/messages", user.accessToken(), Map.of("content", "after")).status());
            JsonNode live = onB.await("message", f -> f.path("message").path("content").asText().equals("after"), WAIT);
            assertTrue(live.path("replayed").isMissingNode(), "live again, through Redis: " + live);
        }
    }

    @Test
    void sinceMustBeAMessageId() {
        Users.Session user = Users.named("fanout-recovery");
        String id = apiA.post("/api/conversations", user.accessToken(), Map.of("title", "since")).text("id");
        try (WsClient ws = WsClient.bearer(a.port(), user.accessToken())) {
            ws.await("ready");
            ws.send(Map.of("type", "subscribe", "conversationId", id, "since", "yesterday"));
            assertEquals("validation_failed", ws.await("error").path("code").asText());
            ws.send(Map.of("type", "subscribe", "conversationId", id, "since", 0));
            assertEquals(0, ws.await("subscribed").path("replayed").asInt(), "nothing stored yet");
        }
    }
}
