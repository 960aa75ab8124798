package dev.deploycheck.probe.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploycheck.checklist.Durations;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.tls.Trust;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One run of the {@code websocket} probe: the chat flow over one connection, then the bad-token attempt. Each step
 * waits within the item's deadline; a step that fails (an {@code error} frame, a close, nothing in time) fails its
 * check and ends the flow. Evidence never shows the token (it only travels in the subprotocol header).
 */
final class ChatRun {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebSocketProbe.Spec spec;
    private final ProbeContext ctx;
    private final Observation obs = new Observation();
    private final String clientId = "deploycheck-" + HexFormat.of().formatHex(bytes(8));

    ChatRun(WebSocketProbe.Spec spec, ProbeContext ctx) {
        this.spec = spec;
        this.ctx = ctx;
    }

    /** What a wait produced: the wanted frame, or why it did not come. */
    private record Awaited(JsonNode frame, String failure) {
        boolean ok() {
            return frame != null;
        }
    }

    Observation run() throws IOException, InterruptedException {
        if (spec.url() == null) {
            throw new IllegalStateException("websocket probe has no valid url");
        }
        HttpClient client = spec.tls().client(ctx, HttpClient.Redirect.NEVER, HttpClient.Version.HTTP_1_1);
        chat(client);
        if (spec.badToken()) {
            BadToken.check(client, spec.url(), ctx, obs);
        }
        return obs;
    }

    private void chat(HttpClient client) throws IOException, InterruptedException {
        Instant start = Instant.now();
        try (WsConnection c = WsConnection.open(client, spec.url(), List.of("bearer", spec.token()), ctx.remaining())) {
            Duration connect = since(start);
            obs.fact("connectTime", connect);
            obs.evidence("connected to " + shown(spec.url()) + " in " + ms(connect));
            Awaited ready = await(c, f -> is(f, "ready"), null, "'ready'");
            obs.check("connected", ready.ok(), ready.ok() ? "ready after " + ms(since(start)) : ready.failure());
            if (!ready.ok() || spec.conversationId() == null) {
                return;
            }
            String id = spec.conversationId();
            c.send(Map.of("type", "subscribe", "conversationId", id), ctx.remaining());
            Awaited sub = await(c, f -> is(f, "subscribed") && id.equals(f.path("conversationId").asText()), null,
                    "'subscribed'");
            obs.fact("subscribed", sub.ok());
            obs.check("subscribed", sub.ok(), sub.ok() ? "conversation " + id : sub.failure());
            if (!sub.ok()) {
                return;
            }
            Instant sent = Instant.now();
            c.send(Map.of("type", "message", "conversationId", id, "content", spec.message(), "clientId", clientId),
                    ctx.remaining());
            Awaited echo = await(c, f -> is(f, "message") && clientId.equals(f.path("clientId").asText()), null,
                    "'message' echoing our clientId");
            if (echo.ok()) {
                Duration roundTrip = since(sent);
                JsonNode m = echo.frame().path("message");
                obs.fact("roundTrip", roundTrip);
                obs.fact("stored", message(m));
                obs.evidence("message " + m.path("id").asText() + " stored and echoed in " + ms(roundTrip));
            }
            obs.check("message echoed", echo.ok(), echo.ok() ? "stored as message " + echo.frame().path("message")
                    .path("id").asText() + " in " + ms(since(sent)) : echo.failure());
            if (echo.ok() && spec.expectReply()) {
                reply(c, echo.frame().path("message").path("id").asLong(), sent);
            }
        }
    }

    /** Collects the assistant's deltas and waits for its {@code assistant.done}: the first reply stored after ours. */
    private void reply(WsConnection c, long storedId, Instant sent) throws InterruptedException {
        Map<Long, Integer> deltas = new HashMap<>();
        Awaited done = await(c, f -> is(f, "assistant.done") && f.path("message").path("id").asLong() > storedId,
                f -> {
                    if (is(f, "assistant.delta") && f.path("messageId").asLong() > storedId) {
                        deltas.merge(f.path("messageId").asLong(), 1, Integer::sum);
                    }
                }, "'assistant.done'");
        if (done.ok()) {
            Duration took = since(sent);
            JsonNode m = done.frame().path("message");
            Map<String, Object> reply = message(m);
            int count = deltas.getOrDefault(m.path("id").asLong(), 0);
            reply.put("deltas", count);
            obs.fact("reply", reply);
            obs.fact("replyTime", took);
            obs.evidence("assistant reply " + m.path("id").asText() + ": " + count + " deltas, "
                    + m.path("content").asText().length() + " characters in " + ms(took));
        }
        obs.check("reply received", done.ok(), done.ok() ? "assistant.done after " + ms(since(sent)) : done.failure());
    }

    /**
     * Reads events until a frame {@code wanted} accepts; other frames go to {@code other}. An {@code error} frame for
     * us (no clientId, or ours), a close, a transport error or the deadline end the wait.
     */
    private Awaited await(WsConnection c, Predicate<JsonNode> wanted, Consumer<JsonNode> other, String what)
            throws InterruptedException {
        while (true) {
            Duration left = ctx.remaining();
            WsConnection.Event e = left.isZero() ? null : c.next(left);
            if (e == null) {
                return new Awaited(null, "no " + what + " frame within " + budget());
            }
            if (e.closed()) {
                return new Awaited(null, "connection closed with " + e.closeCode() + reason(e.closeReason())
                        + " before " + what);
            }
            if (e.error() != null) {
                return new Awaited(null, "WebSocket error before " + what + ": " + Trust.rootMessage(e.error()));
            }
            JsonNode f = e.frame();
            if (f == null) {
                obs.evidence("ignored a frame that is not a JSON object: "
                        + ctx.redactor().cut(String.valueOf(e.raw()).replaceAll("\\s+", " "), 123));
                continue;
            }
            if (is(f, "error") && ours(f)) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("code", f.path("code").asText());
                error.put("message", f.path("message").asText());
                obs.fact("error", error);
                return new Awaited(null, "error frame " + f.path("code").asText() + ": " + f.path("message").asText());
            }
            if (wanted.test(f)) {
                return new Awaited(f, null);
            }
            if (other != null) {
                other.accept(f);
            }
        }
    }

    private boolean ours(JsonNode f) {
        return (!f.hasNonNull("clientId") || clientId.equals(f.path("clientId").asText()))
                && (!f.hasNonNull("conversationId") || f.path("conversationId").asText().equals(spec.conversationId()));
    }

    private static Map<String, Object> message(JsonNode m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.path("id").isIntegralNumber() ? (Object) m.path("id").asLong() : m.path("id").asText());
        out.put("role", m.path("role").asText());
        out.put("content", m.path("content").asText());
        return out;
    }

    private static boolean is(JsonNode f, String type) {
        return type.equals(f.path("type").asText());
    }

    private String budget() {
        return ctx.timeout() == null ? "the deadline" : Durations.format(ctx.timeout());
    }

    static String reason(String phrase) {
        return phrase == null || phrase.isBlank() ? "" : " (" + phrase + ")";
    }

    /** The URL without its query: a token given as {@code ?token=} stays out of the evidence. */
    static String shown(URI u) {
        return u.getScheme() + "://" + u.getRawAuthority() + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    static Duration since(Instant start) {
        return Duration.between(start, Instant.now());
    }

    static String ms(Duration d) {
        return d.toMillis() + "ms";
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
