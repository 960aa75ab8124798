package dev.deploycheck.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a free loopback port. Routes answer with a status, a body and an optional delay;
 * {@code /sequence/...} routes can answer differently on successive calls (to test retries).
 */
public final class ScriptedHttpServer implements AutoCloseable {
    /** One canned answer. */
    public record Answer(int status, String body, long delayMs, Map<String, String> headers) {
        public static Answer ok(String body) {
            return new Answer(200, body, 0, Map.of("Content-Type", "application/json"));
        }
    }

    private final HttpServer server;
    private final Map<String, Answer[]> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    public ScriptedHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "scripted-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers in turn; the last answer repeats. */
    public ScriptedHttpServer route(String path, Answer... answers) {
        routes.put(path, answers);
        return this;
    }

    public int calls(String path) {
        return calls.getOrDefault(path, new AtomicInteger()).get();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        int n = calls.computeIfAbsent(path, k -> new AtomicInteger()).getAndIncrement();
        Answer[] answers = routes.get(path);
        Answer a = answers == null ? new Answer(404, "{\"error\":\"not_found\"}", 0, Map.of())
                : answers[Math.min(n, answers.length - 1)];
        if (a.delayMs() > 0) {
            try {
                Thread.sleep(a.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
