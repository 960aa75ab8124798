package dev.deploycheck.e2e;

import dev.deploycheck.testing.CliRun;
import dev.deploycheck.testing.PrometheusServer;
import dev.deploycheck.testing.TestPki;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import redis.embedded.RedisServer;

/**
 * The backend deployed for real on this machine: {@code backend/target/backend.jar} as its own process, over HTTPS
 * with a certificate from a test CA, on its own embedded PostgreSQL and Redis (so faults can be injected into
 * them), configured by environment variables as a {@code .env.production} would. {@link #verify} runs
 * {@code deploycheck verify --env local} in-process with the same variables scripts/demo.sh exports.
 */
final class Deployment implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final EmbeddedPostgres postgres;
    private final RedisServer redis;
    private final int redisPort;
    private final TestPki pki;
    private final Map<String, String> env = new HashMap<>();
    private final Path log;
    private Process backend;
    private int httpPort;
    private int httpsPort;
    private PrometheusServer prometheus;
    private final int frontendPort;
    private final TestPki.Issued leaf;
    private Process frontend;

    private Deployment(Path dir, Instant certNotBefore, Instant certNotAfter, Map<String, String> backendEnv)
            throws Exception {
        this.dir = dir;
        Path jar = ROOT.resolve("backend/target/backend.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -B package -DskipTests)");
        }
        postgres = EmbeddedPostgres.builder().start();
        redisPort = freePort();
        redis = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort).setting("save \"\"")
                .setting("appendonly no").build();
        redis.start();
        pki = TestPki.create(dir);
        leaf = pki.leaf("localhost", certNotBefore, certNotAfter, "localhost", "127.0.0.1");
        log = dir.resolve("backend.log");
        httpPort = freePort();
        httpsPort = freePort();
        frontendPort = freePort();

        env.put("APP_ENV", "development");
        env.put("DOMAIN", "localhost");
        env.put("PORT", String.valueOf(httpPort));
        env.put("HTTPS_PORT", String.valueOf(httpsPort));
        env.put("SSL_CERT_PATH", leaf.certPem().toString());
        env.put("SSL_KEY_PATH", leaf.keyPem().toString());
        env.put("DATABASE_URL", "postgres://postgres@127.0.0.1:" + postgres.getPort() + "/postgres");
        env.put("REDIS_URL", "redis://127.0.0.1:" + redisPort);
        env.put("JWT_SECRET", random(48));
        env.put("JWT_REFRESH_SECRET", random(48));
        env.put("ENCRYPTION_KEY", Base64.getEncoder().encodeToString(bytes(32)));
        // the profile's allowedOrigin, and the web app's own origin should withFrontend() serve it
        env.put("CORS_ORIGINS", "https://app.localhost," + frontendUrl());
        env.put("RATE_LIMIT_REQUESTS", "600"); // as scripts/demo.sh: room for a re-run within the minute
        env.put("SMOKE_EMAIL", "smoke@deploycheck.test");
        env.put("SMOKE_PASSWORD", "Dc-" + HexFormat.of().formatHex(bytes(16)));
        env.putAll(backendEnv);
        start();
    }

    static Deployment start(Path dir) throws Exception {
        return new Deployment(dir, TestPki.days(-1), TestPki.days(90), Map.of());
    }

    static Deployment start(Path dir, Map<String, String> backendEnv) throws Exception {
        return new Deployment(dir, TestPki.days(-1), TestPki.days(90), backendEnv);
    }

    /** A deployment whose certificate expired yesterday. */
    static Deployment withExpiredCertificate(Path dir) throws Exception {
        return new Deployment(dir, TestPki.days(-100), TestPki.days(-1), Map.of());
    }

    private void start() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx384m", "-jar",
                ROOT.resolve("backend/target/backend.jar").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        backend = pb.start();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant until = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(until)) {
            if (!backend.isAlive()) {
                throw new IllegalStateException("backend exited: " + Files.readString(log));
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/api/live")).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 308 || r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("backend not up after 60 s: " + Files.readString(log));
    }

    /**
     * Starts a real Prometheus watching this deployment as scripts/demo.sh does (job "backend" over HTTPS,
     * monitoring/rules loaded); verify() then runs the items tagged prometheus against it instead of skipping them.
     */
    Deployment withPrometheus() throws IOException, InterruptedException {
        Path promDir = Files.createDirectories(dir.resolve("prometheus"));
        prometheus = PrometheusServer.start(promDir, "backend", List.of("localhost:" + httpsPort),
                List.of(ROOT.resolve("monitoring/rules/backend-alerts.yml")), pki.caPem());
        return this;
    }

    /**
     * Serves the web app (frontend/dist, built by the frontend module) from its own HTTPS origin as scripts/demo.sh
     * does; verify() then runs the items tagged browser against it in a real Chromium instead of skipping them.
     */
    Deployment withFrontend() throws IOException, InterruptedException {
        Path dist = ROOT.resolve("frontend/dist");
        if (!Files.isRegularFile(dist.resolve("index.html"))) {
            throw new IllegalStateException(dist + " is missing: build the frontend first (cd frontend && npm ci && npm run build)");
        }
        Path flog = dir.resolve("frontend.log");
        frontend = new ProcessBuilder("node", ROOT.resolve("frontend/server/serve.mjs").toString(), "--root",
                dist.toString(), "--port", String.valueOf(frontendPort), "--cert", leaf.certPem().toString(), "--key",
                leaf.keyPem().toString(), "--api-origin", apiUrl()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(flog.toFile())).start();
        Instant until = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(until)) {
            if (!frontend.isAlive()) {
                throw new IllegalStateException("the frontend server exited: " + Files.readString(flog));
            }
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", frontendPort)) {
                return this;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the frontend server is not listening after 30 s: " + Files.readString(flog));
    }

    /** The web app's origin ({@code https://localhost:<port>}), served once withFrontend() is called. */
    String frontendUrl() {
        return "https://localhost:" + frontendPort;
    }

    /** Runs {@code deploycheck verify --env local} against this deployment. */
    CliRun verify(Map<String, String> extraEnv, String... args) {
        Map<String, String> e = new HashMap<>(env);
        e.put("DEMO_API_URL", apiUrl());
        e.put("DEMO_HTTP_URL", "http://localhost:" + httpPort);
        e.put("DEMO_HTTPS_PORT", String.valueOf(httpsPort));
        e.put("DEMO_WS_URL", wsUrl());
        e.put("DEMO_CA_FILE", pki.caPem().toString());
        e.put("BACKEND_LOG", log.toString());
        e.put("DEMO_FRONTEND_URL", frontendUrl());
        // The target, its database and the checker share this machine's two cores while the checklist's own load
        // items run: these tests are about faults, so the response-time budgets are generous here. The real
        // budgets (profiles' defaults) are measured by bench/full-verify.sh.
        e.put("P95_BUDGET", "3s");
        e.put("P99_BUDGET", "5s");
        extraEnv.forEach((k, v) -> {
            if (v == null) {
                e.remove(k);
            } else {
                e.put(k, v);
            }
        });
        List<String> all = new ArrayList<>(List.of("verify", "--checklist", ROOT.resolve("checklist.yaml").toString(),
                "--env", "local", "-f", "json", "-o", dir.resolve("report-" + System.nanoTime() + ".json").toString()));
        if (prometheus == null) {
            // the items tagged prometheus ask a Prometheus; only withPrometheus() deployments have one
            all.addAll(List.of("--skip", "prometheus"));
        } else {
            e.put("DEMO_PROMETHEUS_URL", prometheus.url());
        }
        if (frontend == null) {
            // the items tagged browser drive the web app; only withFrontend() deployments serve it
            all.addAll(List.of("--skip", "browser"));
        }
        all.addAll(List.of(args));
        return CliRun.of(e, all.toArray(String[]::new));
    }

    CliRun verify(String... args) {
        return verify(Map.of(), args);
    }

    /** The API's base URL over HTTPS ({@code https://localhost:<port>}). */
    String apiUrl() {
        return "https://localhost:" + httpsPort;
    }

    /** The same port for WebSocket ({@code wss://localhost:<port>}). */
    String wsUrl() {
        return "wss://localhost:" + httpsPort;
    }

    /** The test CA that issued the backend's certificate. */
    Path caFile() {
        return pki.caPem();
    }

    void stopRedis() throws IOException {
        redis.stop();
    }

    /** SQL as the superuser on the backend's database (to break it on purpose). */
    void sql(String statement) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() throws Exception {
        if (frontend != null) {
            frontend.destroy();
            frontend.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (backend != null) {
            backend.destroy();
            if (!backend.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                backend.destroyForcibly();
            }
        }
        try {
            redis.stop();
        } catch (IOException | RuntimeException e) {
            // already stopped by a fault
        }
        postgres.close();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String random(int n) {
        return Base64.getEncoder().encodeToString(bytes(n));
    }
}
