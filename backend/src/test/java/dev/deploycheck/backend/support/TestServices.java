package dev.deploycheck.backend.support;

import dev.deploycheck.backend.App;
import dev.deploycheck.backend.config.AppConfig;
import dev.deploycheck.backend.config.ConfigLoader;
import dev.deploycheck.backend.db.EmbeddedPostgresServer;
import dev.deploycheck.backend.db.EmbeddedRedisServer;

import java.util.HashMap;
import java.util.Map;

/**
 * The real PostgreSQL and Redis every test uses, started once per test JVM (embedded binaries, so nothing needs
 * to be installed), plus one shared backend on a random port. Tests that need other settings start their own
 * backend with {@link #startApp(Map)} against the same services.
 */
public final class TestServices {
    public static final String JWT_SECRET = "test-access-secret-0123456789-abcdefghijklmnop";
    public static final String JWT_REFRESH_SECRET = "test-refresh-secret-9876543210-zyxwvutsrqponm";
    public static final String ENCRYPTION_KEY = "ipsabFktgMrwFRIuZrfOxvIyoug2gFme8xjhHj76nm4=";
    public static final String ALLOWED_ORIGIN = "https://app.deploycheck.test";

    private static final class Holder {
        static final TestServices INSTANCE = new TestServices();
    }

    private final EmbeddedPostgresServer postgres;
    private final EmbeddedRedisServer redis;
    private final App app;
    private final Api api;

    private TestServices() {
        postgres = EmbeddedPostgresServer.start(java.util.Optional.empty());
        redis = EmbeddedRedisServer.start();
        app = startApp(Map.of());
        api = new Api("http://127.0.0.1:" + app.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            redis.close();
            postgres.close();
        }));
    }

    public static TestServices get() {
        return Holder.INSTANCE;
    }

    /** The shared backend's client. */
    public Api api() {
        return api;
    }

    public App app() {
        return app;
    }

    public EmbeddedRedisServer redis() {
        return redis;
    }

    /** The environment of the shared backend, with overrides. */
    public Map<String, String> env(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("APP_ENV", "development");
        env.put("PORT", "0");
        env.put("BIND_ADDRESS", "127.0.0.1");
        env.put("DATABASE_URL", postgres.url());
        env.put("REDIS_URL", redis.url());
        env.put("JWT_SECRET", JWT_SECRET);
        env.put("JWT_REFRESH_SECRET", JWT_REFRESH_SECRET);
        env.put("ENCRYPTION_KEY", ENCRYPTION_KEY);
        env.put("CORS_ORIGINS", ALLOWED_ORIGIN);
        env.put("RATE_LIMIT_REQUESTS", "1000000");
        env.put("RATE_LIMIT_AUTH_REQUESTS", "1000000");
        env.put("LOGIN_MAX_FAILURES", "1000");
        env.put("SHUTDOWN_TIMEOUT_SECONDS", "2");
        env.put("GIT_COMMIT", "0123456789abcdef0123456789abcdef01234567");
        env.putAll(overrides);
        return env;
    }

    public AppConfig config(Map<String, String> overrides) {
        return ConfigLoader.load(env(overrides), new AppConfig.BuildInfo("test", "unknown"));
    }

    /** A separate backend on a random port, same PostgreSQL and Redis; the caller closes it. */
    public App startApp(Map<String, String> overrides) {
        return App.start(config(overrides));
    }
}
