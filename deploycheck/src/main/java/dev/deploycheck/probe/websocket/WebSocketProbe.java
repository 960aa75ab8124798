package dev.deploycheck.probe.websocket;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.checklist.Variables;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeKind;
import dev.deploycheck.probe.http.TlsOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@code probe: websocket} — the chat over WebSocket: connect with the token ({@code Sec-WebSocket-Protocol:
 * bearer, <token>}), wait for {@code ready}, subscribe to a conversation, send a message and wait for it to come
 * back stored, then for the assistant's streamed reply; and connect once more with an invalid token, which must be
 * refused. Built-in checks: connected, subscribed, message echoed, reply received, bad token refused.
 */
public final class WebSocketProbe implements ProbeKind {
    static final String DEFAULT_MESSAGE = "deploycheck: WebSocket round trip";

    /** The validated parameters of one item. {@code conversationId} null: connect (and the bad token) only. */
    public record Spec(URI url, String token, TlsOptions tls, String conversationId, String message,
            boolean expectReply, boolean badToken) {}

    @Override
    public String name() {
        return "websocket";
    }

    @Override
    public String summary() {
        return "WebSocket chat: connect with a token, subscribe, send, the stored echo and the assistant's reply; a bad token is refused";
    }

    @Override
    public Set<String> keys() {
        Set<String> k = new HashSet<>(TlsOptions.KEYS);
        k.addAll(Set.of("url", "token", "conversationId", "message", "expectReply", "badToken"));
        return k;
    }

    @Override
    public Set<String> facts() {
        return Set.of("connectTime", "subscribed", "roundTrip", "stored", "reply", "replyTime", "badToken", "error");
    }

    @Override
    public Probe create(Params params) {
        URI url = url(params, "url");
        String token = params.string("token").trim();
        if (token.isEmpty() && params.has("token")) {
            params.error("token", "'token' is empty");
        }
        TlsOptions tls = TlsOptions.read(params);
        String conversationId = params.optString("conversationId").map(String::trim).filter(s -> !s.isEmpty())
                .orElse(null);
        if (params.has("message") && conversationId == null) {
            params.error("message", "'message' needs a 'conversationId' to send it to");
        }
        String message = params.string("message", DEFAULT_MESSAGE);
        if (message.isBlank()) {
            params.error("message", "'message' must not be blank");
        }
        Spec spec = new Spec(url, token, tls, conversationId, message, params.bool("expectReply", true),
                params.bool("badToken", true));
        return ctx -> new ChatRun(spec, ctx).run();
    }

    /** An absolute ws:// or wss:// URL; at validation time a value with references is checked once expanded. */
    static URI url(Params params, String key) {
        String text = params.url(key).trim();
        if (params.validating() && Variables.hasRefs(text)) {
            return null;
        }
        try {
            URI u = new URI(text);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("ws") || scheme.equals("wss")) && u.getHost() != null) {
                return u;
            }
            if (!text.isEmpty()) {
                params.error(key, "'" + key + "' must be an absolute ws:// or wss:// URL, found '" + text + "'");
            }
        } catch (URISyntaxException e) {
            params.error(key, "'" + key + "' is not a valid URL: " + e.getMessage());
        }
        return null;
    }
}
