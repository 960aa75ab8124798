package dev.deploycheck.backend.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.glassfish.tyrus.client.ClientManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/** A Tyrus WebSocket client for the chat tests: collects every frame and the close reason. */
public final class WsClient implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private Session session;

    private WsClient() { }

    /** Connects with {@code Sec-WebSocket-Protocol: bearer, <token>} (no protocol at all when token is null). */
    public static WsClient bearer(int port, String token) {
        return connect(URI.create("ws://127.0.0.1:" + port + "/api/ws"), token == null ? List.of() : List.of("bearer", token));
    }

    /** Connects with the token in the query string. */
    public static WsClient query(int port, String token) {
        return connect(URI.create("ws://127.0.0.1:" + port + "/api/ws?token=" + token), List.of());
    }

    public static WsClient connect(URI uri, List<String> subprotocols) {
        WsClient client = new WsClient();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().preferredSubprotocols(subprotocols).build();
        try {
            // a client per connection: a shared one shuts its executors down when its last session closes, and the
            // next test's send then races that shutdown (RejectedExecutionException)
            client.session = ClientManager.createClient().connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session s, EndpointConfig c) {
                    s.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                        try {
                            client.frames.add(MAPPER.readTree(text));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }

                @Override
                public void onClose(Session s, CloseReason reason) {
                    client.closed.complete(reason);
                }
            }, config, uri);
        } catch (Exception e) {
            throw new IllegalStateException("could not connect to " + uri + ": " + e, e);
        }
        return client;
    }

    public String negotiatedSubprotocol() {
        return session.getNegotiatedSubprotocol();
    }

    public void send(Object frame) {
        try {
            session.getBasicRemote().sendText(frame instanceof String s ? s : MAPPER.writeValueAsString(frame));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the frame went out and the server closed the connection in answer (1009 for an oversized frame) before
            // Tyrus rescheduled the session's idle timer on the executor the close shut down: the close is the answer
            try {
                closed.get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException x) {
                throw e;
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                throw e;
            }
        }
    }

    public void sendBinary(byte[] data) {
        try {
            session.getBasicRemote().sendBinary(java.nio.ByteBuffer.wrap(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next frame of the given type that matches, skipping (but remembering) others; fails after the timeout. */
    public JsonNode await(String type, Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (seen) {
            for (JsonNode f : seen) {
                if (type.equals(f.path("type").asText()) && match.test(f)) {
                    seen.remove(f);
                    return f;
                }
            }
        }
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode f;
            try {
                f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (f == null) {
                synchronized (seen) {
                    return fail("no '" + type + "' frame within " + timeout + "; frames seen: " + seen);
                }
            }
            if (type.equals(f.path("type").asText()) && match.test(f)) return f;
            synchronized (seen) {
                seen.add(f);
            }
        }
    }

    public JsonNode await(String type) {
        return await(type, f -> true, Duration.ofSeconds(5));
    }

    /**
     * Waits for the next frame of the given type and returns, in order, the frames that came before it (and were not
     * consumed yet); frames that came after it stay for later.
     */
    public List<JsonNode> framesBefore(String type) {
        await(type, f -> true, Duration.ofSeconds(5));
        synchronized (seen) {
            List<JsonNode> out = new ArrayList<>(seen);
            seen.clear();
            return out;
        }
    }

    /** Every frame received so far and not yet consumed by {@link #await}, in order. */
    public List<JsonNode> drain() {
        List<JsonNode> out;
        synchronized (seen) {
            out = new ArrayList<>(seen);
            seen.clear();
        }
        frames.drainTo(out);
        return out;
    }

    public CloseReason awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return fail("the connection was not closed within " + timeout + "; frames: " + drain());
        }
    }

    public boolean isOpen() {
        return session.isOpen() && !closed.isDone();
    }

    @Override
    public void close() {
        try {
            if (session.isOpen()) session.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
