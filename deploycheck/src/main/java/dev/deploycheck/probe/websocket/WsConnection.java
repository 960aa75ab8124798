package dev.deploycheck.probe.websocket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.probe.tls.Trust;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * One WebSocket connection over the JDK's client ({@link java.net.http.WebSocket}, on the shared
 * {@link dev.deploycheck.probe.http.HttpClients} client, so trust works exactly as for the HTTP kinds): every
 * incoming text message (parsed as JSON) and the close are queued as events, for the probe to read in order with
 * its own time bound. The adapter to the live system, kept apart from the flow in {@link ChatRun}.
 *
 * <p>Not Tyrus: over TLS its Grizzly transport loses a close frame sent right after the upgrade (the backend's
 * answer to a bad token), reporting 1006 or no handshake at all, where the JDK client reads 1008.
 */
final class WsConnection implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a clean close may wait for the server's close frame. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

    /** What arrived: a message ({@code frame} null when not a JSON object: {@code raw} holds it), a close, or an error. */
    record Event(JsonNode frame, String raw, int closeCode, String closeReason, Throwable error) {
        boolean closed() {
            return closeCode != 0;
        }
    }

    /** The server answered the upgrade with an HTTP status other than 101. */
    static final class RefusedException extends IOException {
        private final int status;

        RefusedException(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> closedIn = new CompletableFuture<>();
    private WebSocket socket;

    private WsConnection() {}

    /**
     * Connects (TCP, TLS for wss, the upgrade) within {@code timeout}.
     *
     * @throws RefusedException when the server answered the upgrade with an HTTP status other than 101
     * @throws IOException      any other failure, as a one-line reason
     */
    static WsConnection open(HttpClient client, URI uri, List<String> subprotocols, Duration timeout)
            throws IOException, InterruptedException {
        WsConnection c = new WsConnection();
        WebSocket.Builder b = client.newWebSocketBuilder().connectTimeout(positive(timeout));
        if (!subprotocols.isEmpty()) {
            try {
                b.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                // the message would quote the value, and the value is the token
                throw new IOException("the token cannot be sent in Sec-WebSocket-Protocol: it must be a plain "
                        + "token (letters, digits and -._~+!#$%&'*^`|)");
            }
        }
        CompletableFuture<WebSocket> f = b.buildAsync(uri, c.listener());
        try {
            c.socket = f.get(positive(timeout).toMillis(), TimeUnit.MILLISECONDS);
            return c;
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IOException("WebSocket handshake with " + where(uri) + " timed out after " + timeout.toMillis()
                    + "ms", e);
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw readable(e.getCause(), uri, timeout);
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    events.add(parse(text.toString()));
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, java.nio.ByteBuffer data, boolean last) {
                if (last) {
                    events.add(new Event(null, "(binary message)", 0, null, null));
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                events.add(new Event(null, null, code, reason, null));
                closedIn.complete(null);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                events.add(new Event(null, null, 0, null, error));
                closedIn.complete(null);
            }
        };
    }

    private static Event parse(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return new Event(n != null && n.isObject() ? n : null, text, 0, null, null);
        } catch (JsonProcessingException e) {
            return new Event(null, text, 0, null, null);
        }
    }

    /** The next event, or null when none arrived within {@code wait}. */
    Event next(Duration wait) throws InterruptedException {
        return events.poll(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Sends one JSON text message, waiting at most {@code timeout} for it to be written. */
    void send(Object frame, Duration timeout) throws IOException, InterruptedException {
        try {
            socket.sendText(JSON.writeValueAsString(frame), true).get(positive(timeout).toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("could not send within " + timeout.toMillis() + "ms", e);
        } catch (ExecutionException e) {
            throw new IOException("send failed: " + Trust.rootMessage(e.getCause()), e.getCause());
        }
    }

    /** A clean close (1000), waiting briefly for the server's close; the connection is dropped in any case. */
    @Override
    public void close() {
        try {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "deploycheck done")
                        .get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            closedIn.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // the server did not answer the close: drop the connection below
        } finally {
            socket.abort();
        }
    }

    static String where(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    private static Duration positive(Duration d) {
        return d.isNegative() || d.isZero() ? Duration.ofMillis(1) : d;
    }

    private static IOException readable(Throwable t, URI uri, Duration timeout) {
        String where = where(uri);
        WebSocketHandshakeException hs = find(t, WebSocketHandshakeException.class);
        if (hs != null && hs.getResponse() != null && hs.getResponse().statusCode() != 101) {
            int status = hs.getResponse().statusCode();
            return new RefusedException(status, "WebSocket upgrade refused by " + where + ": HTTP " + status, t);
        }
        if (find(t, HttpConnectTimeoutException.class) != null) {
            return new IOException("connect timed out: " + where, t);
        }
        if (find(t, HttpTimeoutException.class) != null) {
            return new IOException("WebSocket handshake with " + where + " timed out after " + timeout.toMillis()
                    + "ms", t);
        }
        if (find(t, UnresolvedAddressException.class) != null) {
            return new IOException("unknown host: " + uri.getHost(), t);
        }
        if (find(t, ConnectException.class) != null) {
            return new IOException("connection refused: " + where, t);
        }
        if (find(t, SSLException.class) != null) {
            return new IOException("TLS handshake with " + where + " failed: " + Trust.rootMessage(t), t);
        }
        return new IOException("WebSocket connection to " + where + " failed: " + Trust.rootMessage(t), t);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
