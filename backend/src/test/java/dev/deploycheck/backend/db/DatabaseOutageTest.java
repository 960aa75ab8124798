package dev.deploycheck.backend.db;

import dev.deploycheck.backend.App;
import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A PostgreSQL of its own (the shared one is never stopped), stopped under a running backend: requests that need
 * the database answer 503 with Retry-After at once instead of a 500 after the pool's wait, and succeed again
 * shortly after the server is back.
 */
class DatabaseOutageTest {
    @TempDir
    static Path dataDir;
    private static int port;
    private static EmbeddedPostgresServer postgres;
    private static App app;
    private static Api api;

    @BeforeAll
    static void start() {
        port = FreePort.find();
        postgres = EmbeddedPostgresServer.start(Optional.of(dataDir), port);
        app = TestServices.get().startApp(Map.of("DATABASE_URL", postgres.url()));
        api = new Api("http://127.0.0.1:" + app.port());
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        if (postgres != null) postgres.close();
    }

    @Test
    void anOutageIsA503WithRetryAfterQuicklyAndServiceResumes() throws InterruptedException {
        Users.Session user = Users.register(api, Users.uniqueEmail("pg-outage"));
        assertEquals(200, api.get("/api/conversations", user.accessToken()).status());

        postgres.close();
        long first = System.nanoTime();
        Api.Response down = api.get("/api/conversations", user.accessToken());
        long firstMs = (System.nanoTime() - first) / 1_000_000;
        assertEquals(503, down.status(), down::toString);
        assertEquals("database_unavailable", down.text("error"));
        assertTrue(Integer.parseInt(down.header("Retry-After").orElse("0")) > 0, down.headers()::toString);
        assertTrue(firstMs < 2_000, "the first request of the outage waits at most the pool's 1 s: " + firstMs + " ms");
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            Api.Response again = api.post("/api/conversations", user.accessToken(), Map.of("title", "during the outage"));
            long ms = (System.nanoTime() - t) / 1_000_000;
            assertEquals(503, again.status(), again::toString);
            assertTrue(ms < 300, "later requests fail at once (circuit open): " + ms + " ms");
        }
        assertEquals(200, api.get("/api/live", null).status(), "liveness does not depend on the database");

        postgres = EmbeddedPostgresServer.start(Optional.of(dataDir), port);
        int status = 0;
        long deadline = System.currentTimeMillis() + 10_000;
        while (status != 200 && System.currentTimeMillis() < deadline) {
            status = api.get("/api/conversations", user.accessToken()).status();
            if (status != 200) Thread.sleep(100);
        }
        assertEquals(200, status, "served again once PostgreSQL is back");
    }
}
