package dev.deploycheck.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import redis.embedded.RedisServer;

/**
 * Real PostgreSQL and Redis for tests, from embedded binaries so that nothing needs to be installed or running.
 * Each starts lazily, once per test JVM, and stops in a shutdown hook.
 *
 * <p>PostgreSQL trusts the {@code postgres} superuser and asks every other role for a password (scram), so that
 * tests can exercise authentication: role {@code app} / {@link #APP_PASSWORD}, database {@code app}.
 */
public final class TestServices {
    public static final String APP_PASSWORD = "s3cret-app-pw";
    public static final String REDIS_PASSWORD = "r3dis-pw-9f2c";

    private static EmbeddedPostgres postgres;
    private static RedisServer redis;
    private static int redisPort;
    private static RedisServer lockedRedis;
    private static int lockedRedisPort;

    private TestServices() {}

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath().resolve("pg_hba.conf")))
                        .setServerConfig("password_encryption", "scram-sha-256")
                        .start();
                try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE ROLE app LOGIN PASSWORD '" + APP_PASSWORD + "'");
                    s.execute("CREATE DATABASE app OWNER app");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestServices::closePostgres));
        }
        return postgres;
    }

    /** A URL for role {@code app} on database {@code app}, in the {@code postgres://} form a profile uses. */
    public static String postgresUrl(String password) {
        return "postgres://app:" + password + "@127.0.0.1:" + postgres().getPort() + "/app";
    }

    /** A JDBC connection as the superuser to database {@code app}, for setting up fixtures. */
    public static Connection superuserToApp() throws SQLException {
        return postgres().getDatabase("postgres", "app").getConnection();
    }

    public static synchronized int redisPort() {
        if (redis == null) {
            try {
                redisPort = freePort();
                redis = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort)
                        .setting("save \"\"").setting("appendonly no").setting("maxmemory-policy allkeys-lru")
                        .build();
                redis.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestServices::closeRedis));
        }
        return redisPort;
    }

    /**
     * A second Redis that wants {@link #REDIS_PASSWORD} and has CONFIG renamed away, as hardened servers do.
     */
    public static synchronized int lockedRedisPort() {
        if (lockedRedis == null) {
            try {
                lockedRedisPort = freePort();
                lockedRedis = RedisServer.newRedisServer().bind("127.0.0.1").port(lockedRedisPort)
                        .setting("save \"\"").setting("appendonly no").setting("requirepass " + REDIS_PASSWORD)
                        .setting("rename-command CONFIG \"\"").build();
                lockedRedis.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(lockedRedis)));
        }
        return lockedRedisPort;
    }

    /** A port nothing listens on (bound, then released). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void writeHba(java.nio.file.Path hba) {
        try {
            Files.writeString(hba, String.join("\n",
                    "local all all trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all postgres ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void closePostgres() {
        try {
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException ignored) {
            // the JVM is exiting anyway
        }
    }

    private static synchronized void closeRedis() {
        stop(redis);
    }

    private static void stop(RedisServer server) {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (IOException ignored) {
            // the JVM is exiting anyway
        }
    }
}
