package dev.deploycheck.probe.redis;

import static dev.deploycheck.testing.DataProbeFixtures.context;
import static dev.deploycheck.testing.DataProbeFixtures.fact;
import static dev.deploycheck.testing.DataProbeFixtures.problems;
import static dev.deploycheck.testing.DataProbeFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.checklist.Redactor;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.testing.TestServices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The redis probe against real (embedded) redis-server processes. */
class RedisProbeTest {
    private static final RedisProbe KIND = new RedisProbe();

    @Test
    void pingRoundTripAndServerFacts() throws Exception {
        int port = TestServices.redisPort();
        Observation obs = run(KIND, "url: redis://127.0.0.1:" + port + "/2");
        assertEquals("PONG", obs.get("ping"));
        assertEquals(true, obs.get("roundTrip"));
        assertTrue(assertInstanceOf(Duration.class, obs.get("latency")).toMillis() < 5000);
        assertEquals("allkeys-lru", fact(obs, "memory.policy"));
        assertTrue((Long) fact(obs, "memory.used") > 0);
        assertEquals(false, fact(obs, "persistence.aof"));
        assertEquals(false, fact(obs, "persistence.rdb"));
        assertTrue(obs.get("version").toString().matches("\\d+\\.\\d+\\.\\d+"), obs.facts().toString());
        assertEquals("master", obs.get("role"));
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            j.select(2);
            assertEquals(java.util.Set.of(), j.keys("deploycheck:probe:*"), "scratch key cleaned up");
        }
    }

    @Test
    void passwordAndDisabledConfigAreTolerated() throws Exception {
        int port = TestServices.lockedRedisPort();
        Redactor redactor = new Redactor();
        ProbeContext ctx = context(Path.of("."), Duration.ofSeconds(5),
                Map.of("REDIS_PASSWORD", TestServices.REDIS_PASSWORD), redactor);
        Observation obs = run(KIND, "url: 'redis://:${secret.REDIS_PASSWORD}@127.0.0.1:" + port + "'", ctx);
        assertEquals(true, obs.get("roundTrip"));
        assertEquals("noeviction", fact(obs, "memory.policy"), "read from INFO when CONFIG is disabled");
        assertNull(fact(obs, "persistence.rdb"));
        assertEquals(false, fact(obs, "persistence.aof"));
        assertTrue(obs.evidence().stream().anyMatch(l -> l.contains("persistence.rdb unknown")));
        assertFalse(obs.evidence().toString().contains(TestServices.REDIS_PASSWORD));
        assertEquals("********", redactor.mask(TestServices.REDIS_PASSWORD));
    }

    @Test
    void wrongPasswordIsAClearErrorWithoutThePassword() {
        int port = TestServices.lockedRedisPort();
        Exception e = assertThrows(Exception.class,
                () -> run(KIND, "url: 'redis://:wrong-pass-123@127.0.0.1:" + port + "'"));
        assertTrue(e.getMessage().startsWith("Redis at redis://:****@127.0.0.1:" + port + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("WRONGPASS") || e.getMessage().contains("invalid"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-pass-123"), e.getMessage());
    }

    @Test
    void redisDownIsConnectionRefused() throws Exception {
        int port = TestServices.freePort();
        long t0 = System.nanoTime();
        Exception e = assertThrows(Exception.class, () -> run(KIND, "url: redis://127.0.0.1:" + port));
        assertEquals("Redis at redis://127.0.0.1:" + port + ": Connection refused", e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 5);
    }

    @Test
    void tlsAgainstAPlainServerFailsQuickly() {
        int port = TestServices.redisPort();
        long t0 = System.nanoTime();
        Exception e = assertThrows(Exception.class, () -> run(KIND, "url: rediss://127.0.0.1:" + port,
                dev.deploycheck.testing.DataProbeFixtures.context(Path.of("."), Duration.ofSeconds(1))));
        // a plain server never answers a TLS hello: the item's timeout ends it, in words
        assertEquals("Redis at rediss://127.0.0.1:" + port + " timed out after 1s", e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() < 1500);
    }

    @Test
    void silentServerIsCutOffAtTheDeadline() throws Exception {
        try (java.net.ServerSocket blackHole = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            Exception e = assertThrows(Exception.class, () -> run(KIND,
                    "url: redis://127.0.0.1:" + blackHole.getLocalPort(),
                    dev.deploycheck.testing.DataProbeFixtures.context(Path.of("."), Duration.ofMillis(800))));
            long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            assertTrue(ms < 1300, ms + "ms");
            assertEquals("Redis at redis://127.0.0.1:" + blackHole.getLocalPort() + " timed out after 800ms",
                    e.getMessage());
        }
    }

    @Test
    void roundTripCanBeSwitchedOffForReplicas() throws Exception {
        Observation obs = run(KIND, "url: redis://127.0.0.1:" + TestServices.redisPort() + "\nroundTrip: false");
        assertEquals("PONG", obs.get("ping"));
        assertNull(obs.get("roundTrip"));
    }

    @Test
    void urls() {
        RedisUrl u = RedisUrl.parse("rediss://default:p%40ss@cache.internal:6380/3");
        assertEquals(List.of("cache.internal", 6380, "default", "p@ss", 3, true),
                List.of(u.host(), u.port(), u.user(), u.password(), u.database(), u.tls()));
        assertEquals("rediss://default:****@cache.internal:6380/3", u.display());
        RedisUrl legacy = RedisUrl.parse("redis://secret@h");
        assertEquals("secret", legacy.password());
        assertEquals("redis://****@h", legacy.display());
        assertEquals(6379, legacy.port());
        assertEquals(List.of("1:6 'url' is not a Redis URL: expected redis://[:password@]host:port[/db] or rediss://..."),
                problems(KIND, "url: http://x"));
        assertEquals(List.of("1:6 'url' is not a Redis URL: database must be a number, found 'x'"),
                problems(KIND, "url: redis://h/x"));
        assertEquals(List.of(), problems(KIND, "url: ${env.REDIS_URL}"));
    }
}
