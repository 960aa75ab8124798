package dev.deploycheck.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.deploycheck.probe.http.HttpClients;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The backend as its users reach it, through a switch: healthy, every GET goes to the real backend and its answer
 * comes back as it is; broken, every request is a 503, as a bad release's would be. {@code POST /__heal} (what
 * the profile's rollback command calls) puts the healthy release back.
 */
final class FaultSwitch implements AutoCloseable {
    private final HttpServer server;
    private final HttpClient client;
    private final String backend;
    private final AtomicReference<Instant> brokenSince = new AtomicReference<>();

    FaultSwitch(Deployment d) throws IOException {
        this.backend = d.apiUrl();
        this.client = HttpClients.get(new HttpClients.Config(d.caFile(), false, HttpClient.Redirect.NEVER,
                HttpClient.Version.HTTP_1_1));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-switch");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on every answer is a 503. */
    void breakIt() {
        brokenSince.set(Instant.now());
    }

    Instant brokenSince() {
        return brokenSince.get();
    }

    boolean broken() {
        return brokenSince.get() != null;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (ex.getRequestURI().getPath().equals("/__heal") && ex.getRequestMethod().equals("POST")) {
                brokenSince.set(null);
                send(ex, 200, "{\"healed\":true}");
            } else if (brokenSince.get() != null) {
                send(ex, 503, "{\"status\":\"down\",\"error\":\"bad release\"}");
            } else {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(backend
                        + ex.getRequestURI())).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                send(ex, r.statusCode(), r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
