package dev.deploycheck.probe.websocket;

import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bad-token attempt: a well-formed, unexpired JWT with a random signature must be refused, either by the upgrade
 * (an HTTP status instead of 101) or by a close with 1008 (policy violation) before any frame. Fact {@code badToken}:
 * {@code refused}, {@code closeCode}, {@code status}, {@code detail}.
 */
final class BadToken {
    static final int POLICY_VIOLATION = 1008;
    /** How long a refusal may take at most (a server that neither answers nor closes is not refusing). */
    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private BadToken() {}

    static void check(HttpClient client, URI url, ProbeContext ctx, Observation obs)
            throws InterruptedException {
        Map<String, Object> fact = new LinkedHashMap<>();
        fact.put("refused", false);
        fact.put("closeCode", null);
        fact.put("status", null);
        Duration wait = ctx.remaining().compareTo(MAX_WAIT) < 0 ? ctx.remaining() : MAX_WAIT;
        String detail;
        if (wait.isZero()) {
            detail = "not tried: no time left";
        } else {
            Instant until = Instant.now().plus(wait);
            try (WsConnection c = WsConnection.open(client, url, List.of("bearer", token()), wait)) {
                detail = watch(c, until, fact);
            } catch (WsConnection.RefusedException e) {
                fact.put("refused", true);
                fact.put("status", e.status());
                detail = "upgrade refused with HTTP " + e.status();
            } catch (IOException e) {
                detail = "could not connect: " + e.getMessage();
            }
        }
        fact.put("detail", detail);
        obs.fact("badToken", fact);
        obs.evidence("bad token: " + detail);
        obs.check("bad token refused", Boolean.TRUE.equals(fact.get("refused")), detail);
    }

    private static String watch(WsConnection c, Instant until, Map<String, Object> fact) throws InterruptedException {
        while (true) {
            Duration left = Duration.between(Instant.now(), until);
            WsConnection.Event e = left.isNegative() || left.isZero() ? null : c.next(left);
            if (e == null) {
                return "accepted: the connection stayed open, no close within " + MAX_WAIT.toSeconds() + "s";
            }
            if (e.closed()) {
                int code = e.closeCode();
                fact.put("closeCode", code);
                fact.put("refused", code == POLICY_VIOLATION);
                return "closed with " + code + ChatRun.reason(e.closeReason())
                        + (code == POLICY_VIOLATION ? " before any frame" : ", expected " + POLICY_VIOLATION);
            }
            if (e.error() != null) {
                continue; // the close that follows says what happened
            }
            String type = e.frame() == null ? "non-JSON" : "'" + e.frame().path("type").asText() + "'";
            return "accepted: got a " + type + " frame";
        }
    }

    /** A JWT-shaped token (HS256 header, a subject, an expiry ten minutes ahead) whose signature is random. */
    static String token() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long exp = Instant.now().plusSeconds(600).getEpochSecond();
        String payload = b64.encodeToString(("{\"sub\":\"deploycheck-bad-token\",\"exp\":" + exp + "}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + b64.encodeToString(ChatRun.bytes(32));
    }
}
