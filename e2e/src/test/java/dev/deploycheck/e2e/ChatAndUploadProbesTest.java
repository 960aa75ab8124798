package dev.deploycheck.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeKind;
import dev.deploycheck.probe.http.HttpClients;
import dev.deploycheck.probe.upload.UploadProbe;
import dev.deploycheck.probe.websocket.WebSocketProbe;
import dev.deploycheck.testing.TestParams;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code websocket} and {@code upload} probe kinds against the real backend (backend.jar over HTTPS with a test
 * CA, embedded PostgreSQL and Redis): the happy paths, and the refusals and failures they must report.
 */
class ChatAndUploadProbesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static Deployment deployment;
    static HttpClient http;
    static String token;
    static String conversation;
    static String otherConversation;

    @BeforeAll
    static void deploy() throws Exception {
        deployment = Deployment.start(dir);
        http = HttpClients.get(new HttpClients.Config(deployment.caFile(), false, HttpClient.Redirect.NEVER,
                HttpClient.Version.HTTP_1_1));
        token = user("probe");
        conversation = call("POST", "/api/conversations", token, Map.of("title", "ws probe")).path("id").asText();
        String other = user("other");
        otherConversation = call("POST", "/api/conversations", other, Map.of("title", "not yours")).path("id").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        if (deployment != null) {
            deployment.close();
        }
    }

    // ---- websocket -------------------------------------------------------------------------------------------

    @Test
    void chatRoundTripStoresTheMessageStreamsTheReplyAndRefusesABadToken() throws Exception {
        Observation obs = websocket("conversationId: " + conversation + "\nmessage: hello from the websocket probe\n");
        assertChecks(obs, Map.of("connected", true, "subscribed", true, "message echoed", true, "reply received", true,
                "bad token refused", true));
        assertInstanceOf(Duration.class, obs.get("connectTime"));
        assertInstanceOf(Duration.class, obs.get("roundTrip"));
        assertInstanceOf(Duration.class, obs.get("replyTime"));
        Map<?, ?> stored = (Map<?, ?>) obs.get("stored");
        assertEquals("hello from the websocket probe", stored.get("content"));
        assertEquals("user", stored.get("role"));
        assertInstanceOf(Long.class, stored.get("id"));
        Map<?, ?> reply = (Map<?, ?>) obs.get("reply");
        assertEquals("assistant", reply.get("role"));
        assertFalse(String.valueOf(reply.get("content")).isBlank(), reply.toString());
        assertTrue((Integer) reply.get("deltas") >= 1, reply.toString());
        assertTrue((Long) reply.get("id") > (Long) stored.get("id"), reply + " after " + stored);
        Map<?, ?> bad = (Map<?, ?>) obs.get("badToken");
        assertEquals(true, bad.get("refused"), bad.toString());
        assertEquals(1008, bad.get("closeCode"), bad.toString());
        assertSecretNeverShown(obs);
    }

    @Test
    void withoutAConversationOnlyConnectsAndTriesTheBadToken() throws Exception {
        Observation obs = websocket("");
        assertChecks(obs, Map.of("connected", true, "bad token refused", true));
        assertEquals(null, obs.get("stored"));
    }

    @Test
    void anInvalidTokenOfTheItemFailsConnectedWith1008() throws Exception {
        Observation obs = TestParams.run(new WebSocketProbe(), "url: " + deployment.wsUrl() + "/api/ws\n"
                + "token: not-a-token\ncaFile: " + deployment.caFile() + "\nconversationId: " + conversation
                + "\nbadToken: false\n", TIMEOUT);
        assertChecks(obs, Map.of("connected", false));
        String detail = obs.checks().get(0).detail();
        assertTrue(detail.contains("1008") && detail.contains("before 'ready'"), detail);
    }

    @Test
    void aConversationOfAnotherUserIsAnErrorFrame() throws Exception {
        Observation obs = websocket("conversationId: " + otherConversation + "\nbadToken: false\n");
        assertChecks(obs, Map.of("connected", true, "subscribed", false));
        Map<?, ?> error = (Map<?, ?>) obs.get("error");
        assertEquals("not_found", error.get("code"), String.valueOf(error));
        assertTrue(obs.checks().get(1).detail().contains("error frame not_found"), obs.checks().toString());
        assertEquals(false, obs.get("subscribed"));
    }

    @Test
    void withoutTheTestCaTheTlsHandshakeFailsAndInsecureConnects() throws Exception {
        String yaml = "url: " + deployment.wsUrl() + "/api/ws\ntoken: " + token + "\nbadToken: false\n";
        IOException e = assertThrows(IOException.class, () -> TestParams.run(new WebSocketProbe(), yaml, TIMEOUT));
        assertTrue(e.getMessage().startsWith("TLS handshake with localhost:"), e.getMessage());
        Observation obs = TestParams.run(new WebSocketProbe(), yaml + "insecure: true\n", TIMEOUT);
        assertChecks(obs, Map.of("connected", true));
    }

    @Test
    void aPathWithoutWebSocketIsARefusedUpgrade() throws Exception {
        IOException e = assertThrows(IOException.class, () -> TestParams.run(new WebSocketProbe(), "url: "
                + deployment.wsUrl() + "/api/nowhere\ntoken: " + token + "\ncaFile: " + deployment.caFile() + "\n",
                TIMEOUT));
        assertTrue(e.getMessage().startsWith("WebSocket upgrade refused by localhost:"), e.getMessage());
    }

    // ---- upload ----------------------------------------------------------------------------------------------

    @Test
    void uploadIsListedFoundBySearchAndDeleted() throws Exception {
        Observation obs = upload("");
        assertChecks(obs, Map.of("uploaded", true, "listed", true, "found by search", true, "cleaned up", true));
        assertEquals(201, obs.get("uploadStatus"));
        String id = (String) ((Map<?, ?>) obs.get("document")).get("id");
        assertNotNull(id);
        assertEquals("text/markdown", ((Map<?, ?>) obs.get("document")).get("contentType"));
        assertEquals(true, obs.get("listed"));
        assertEquals(true, obs.get("found"));
        assertTrue(String.valueOf(obs.get("snippet")).contains("<mark>" + obs.get("marker") + "</mark>"),
                String.valueOf(obs.get("snippet")));
        assertInstanceOf(Duration.class, obs.get("searchTime"));
        assertEquals(204, obs.get("deleteStatus"));
        assertEquals(404, status("GET", "/api/knowledge/documents/" + id));
        assertSecretNeverShown(obs);
    }

    @Test
    void aDisallowedTypeIs415AndNothingIsLeftBehind() throws Exception {
        long before = documents();
        Observation obs = upload("contentType: application/x-msdownload\n");
        assertChecks(obs, Map.of("uploaded", false));
        assertEquals(415, obs.get("uploadStatus"));
        assertTrue(obs.checks().get(0).detail().contains("415 unsupported_media_type"), obs.checks().toString());
        assertEquals(before, documents());
    }

    @Test
    void aFailedSearchStillDeletesTheDocument() throws Exception {
        long before = documents();
        Observation obs = upload("searchPath: /api/knowledge/nowhere\n");
        assertChecks(obs, Map.of("uploaded", true, "listed", true, "found by search", false, "cleaned up", true));
        assertEquals(404, obs.get("searchStatus"));
        String id = (String) ((Map<?, ?>) obs.get("document")).get("id");
        assertEquals(404, status("GET", "/api/knowledge/documents/" + id));
        assertEquals(before, documents());
    }

    @Test
    void plainTextOfAGivenSizeIsAccepted() throws Exception {
        Observation obs = upload("contentType: text/plain\nsize: 20000\n");
        assertChecks(obs, Map.of("uploaded", true, "listed", true, "found by search", true, "cleaned up", true));
        assertEquals(20000L, ((Map<?, ?>) obs.get("document")).get("size"));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static Observation websocket(String extra) throws Exception {
        return TestParams.run(new WebSocketProbe(), "url: " + deployment.wsUrl() + "/api/ws\ntoken: " + token
                + "\ncaFile: " + deployment.caFile() + "\n" + extra, TIMEOUT);
    }

    private static Observation upload(String extra) throws Exception {
        return TestParams.run(new UploadProbe(), "url: " + deployment.apiUrl() + "\ntoken: " + token + "\ncaFile: "
                + deployment.caFile() + "\n" + extra, TIMEOUT);
    }

    /** Every check of the observation, by name, is as expected (and there are no others). */
    private static void assertChecks(Observation obs, Map<String, Boolean> expected) {
        Map<String, Boolean> actual = new TreeMap<>();
        obs.checks().forEach(c -> actual.put(c.name(), c.passed()));
        assertEquals(new TreeMap<>(expected), actual, obs.checks() + "\n" + obs.evidence() + "\n" + obs.facts());
    }

    private static void assertSecretNeverShown(Observation obs) {
        String all = obs.facts() + " " + obs.evidence() + " " + obs.checks();
        assertFalse(all.contains(token), "the token must never appear in facts or evidence");
    }

    private static long documents() throws Exception {
        return call("GET", "/api/knowledge/documents?limit=100", token, null).path("items").size();
    }

    /** Registers a fresh account and logs it in: its access token. */
    private static String user(String name) throws Exception {
        String email = name + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "@deploycheck.test";
        String password = "Dc-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        call("POST", "/api/auth/register", null, Map.of("email", email, "password", password, "displayName", name));
        return call("POST", "/api/auth/login", null, Map.of("email", email, "password", password))
                .path("accessToken").asText();
    }

    private static int status(String method, String path) throws Exception {
        return send(method, path, token, null).statusCode();
    }

    private static JsonNode call(String method, String path, String bearer, Object body) throws Exception {
        HttpResponse<String> r = send(method, path, bearer, body);
        assertTrue(r.statusCode() / 100 == 2, method + " " + path + " -> " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> send(String method, String path, String bearer, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(deployment.apiUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
