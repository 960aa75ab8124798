package dev.deploycheck.backend.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.deploycheck.backend.App;
import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.Multipart;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import dev.deploycheck.backend.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assistant through the OpenAI Chat Completions API, faked by WireMock: a streamed answer with knowledge-base
 * context, a 429 followed by success, 500s until the retries run out, and an answer too slow for the timeout.
 */
class OpenAiAssistantTest {
    private static final String KEY = "sk-wiremock-0123456789abcdef";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static WireMockServer openai;
    private static App app;
    private static Api api;

    private final Users.Session user = Users.named("openai-user");

    @BeforeAll
    static void start() {
        openai = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        openai.start();
        // the first request to a fresh WireMock is slow (class loading); do not let it count against the timeouts
        new Api("http://127.0.0.1:" + openai.port()).get("/__admin/mappings", null);
        app = TestServices.get().startApp(Map.of("OPENAI_API_KEY", KEY,
                "OPENAI_BASE_URL", "http://127.0.0.1:" + openai.port() + "/v1", "OPENAI_MODEL", "gpt-test",
                "OPENAI_MAX_RETRIES", "2", "OPENAI_RETRY_BACKOFF_MS", "20", "OPENAI_TIMEOUT_MS", "1500"));
        api = new Api("http://127.0.0.1:" + app.port());
    }

    @AfterAll
    static void stop() {
        app.close();
        openai.stop();
    }

    @BeforeEach
    void reset() {
        openai.resetAll();
    }

    private static String sse(String... parts) {
        StringBuilder sb = new StringBuilder("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n");
        for (String p : parts) {
            com.fasterxml.jackson.databind.node.ObjectNode event = MAPPER.createObjectNode();
            event.putArray("choices").addObject().putObject("delta").put("content", p);
            sb.append("data: ").append(event.toString()).append("\n\n");
        }
        return sb.append("data: [DONE]\n\n").toString();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder streamed(String... parts) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(sse(parts));
    }

    private String conversation() {
        return api.post("/api/conversations", user.accessToken(), Map.of("title", "openai")).text("id");
    }

    private Api.Response ask(String conversation, String question) {
        return api.post("/api/conversations/" + conversation + "/messages", user.accessToken(), Map.of("content", question));
    }

    @Test
    void theReplyStreamsFromOpenAiWithTheUsersPassagesAsContext() {
        Multipart.upload(api, user.accessToken(), "ops.txt", "text/plain",
                "The canary stage lasts thirty minutes before full rollout.".getBytes(StandardCharsets.UTF_8));
        openai.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(streamed("The canary", " lasts thirty", " minutes.")));
        String id = conversation();
        try (WsClient ws = WsClient.bearer(app.port(), user.accessToken())) {
            ws.await("ready");
            ws.send(Map.of("type", "subscribe", "conversationId", id));
            ws.await("subscribed");

            Api.Response r = ask(id, "How long is the canary stage?");
            assertEquals(201, r.status(), r::toString);
            assertEquals("The canary lasts thirty minutes.", r.json().path("assistantMessage").path("content").asText());

            StringBuilder deltas = new StringBuilder();
            for (String expected : List.of("The canary", " lasts thirty", " minutes.")) {
                JsonNode d = ws.await("assistant.delta", f -> true, Duration.ofSeconds(5));
                assertEquals(expected, d.path("delta").asText());
                deltas.append(d.path("delta").asText());
            }
            assertEquals(deltas.toString(), ws.await("assistant.done", f -> true, Duration.ofSeconds(5)).path("message").path("content").asText());
        }
        List<LoggedRequest> calls = openai.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertEquals(1, calls.size());
        assertEquals("Bearer " + KEY, calls.get(0).getHeader("Authorization"));
        JsonNode body = json(calls.get(0).getBodyAsString());
        assertEquals("gpt-test", body.path("model").asText());
        assertTrue(body.path("stream").asBoolean());
        JsonNode messages = body.path("messages");
        assertEquals("system", messages.get(0).path("role").asText());
        assertTrue(messages.get(0).path("content").asText().contains("The canary stage lasts thirty minutes"), "RAG context: " + messages.get(0));
        assertTrue(messages.get(0).path("content").asText().contains("\"ops.txt\""));
        assertEquals("How long is the canary stage?", messages.get(messages.size() - 1).path("content").asText());
    }

    @Test
    void a429IsRetriedAndThenSucceeds() {
        openai.stubFor(post(urlEqualTo("/v1/chat/completions")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")
                        .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}"))
                .willSetStateTo("calm"));
        openai.stubFor(post(urlEqualTo("/v1/chat/completions")).inScenario("busy").whenScenarioStateIs("calm")
                .willReturn(streamed("Second time lucky.")));
        Api.Response r = ask(conversation(), "Are you there?");
        assertEquals(201, r.status(), r::toString);
        assertEquals("Second time lucky.", r.json().path("assistantMessage").path("content").asText());
        openai.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertTrue(api.get("/metrics", null).raw().contains("assistant_retries_total{provider=\"openai\"}"));
    }

    @Test
    void fiveHundredsExhaustTheRetriesAndTheUserIsToldClearly() {
        openai.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"boom\"}}")));
        String id = conversation();
        try (WsClient ws = WsClient.bearer(app.port(), user.accessToken())) {
            ws.await("ready");
            ws.send(Map.of("type", "message", "conversationId", id, "content", "Anyone home?", "clientId", "q-500"));
            ws.await("message", f -> f.path("clientId").asText().equals("q-500"), Duration.ofSeconds(5));
            JsonNode error = ws.await("error", f -> true, Duration.ofSeconds(5));
            assertEquals("assistant_unavailable", error.path("code").asText());
            assertEquals(id, error.path("conversationId").asText());
            assertTrue(error.path("message").asText().contains("3 attempts"), error::toString);
        }
        openai.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions")));

        Api.Response r = ask(id, "Still nobody?");
        assertEquals(503, r.status(), r::toString);
        assertEquals("assistant_unavailable", r.text("error"));
        assertTrue(r.text("message").contains("try again later"), r::toString);
        assertEquals(List.of("user", "user"), roles(api.get("/api/conversations/" + id, user.accessToken()).json().path("messages")),
                "the user's messages are kept, no assistant message is stored");
        assertTrue(api.get("/metrics", null).raw().contains("assistant_errors_total{provider=\"openai\",reason=\"upstream_5xx\"}"));
    }

    @Test
    void aSlowAnswerHitsTheTimeoutWithoutRetrying() {
        openai.stubFor(post(urlEqualTo("/v1/chat/completions")).withHeader("Authorization", equalTo("Bearer " + KEY))
                .willReturn(streamed("too late").withFixedDelay(5_000)));
        long started = System.nanoTime();
        Api.Response r = ask(conversation(), "Quick question?");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(503, r.status(), r::toString);
        assertEquals("assistant_timeout", r.text("error"));
        assertTrue(millis < 4_000, "gave up after the 1.5 s timeout, took " + millis + " ms");
        openai.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    private static List<String> roles(JsonNode messages) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode m : messages) out.add(m.path("role").asText());
        return out;
    }

    private static JsonNode json(String s) {
        try {
            return MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
