package dev.deploycheck.backend.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configuration from the environment: production refuses weak or placeholder secrets, development fills them in. */
class ConfigLoaderTest {
    private static final AppConfig.BuildInfo BUILD = new AppConfig.BuildInfo("1.0", "abc");
    private static final String STRONG_JWT = "Zx8pQ2vL9mN4rT7wY1bC5dF3gH6jK0sA";
    private static final String STRONG_REFRESH = "Qw3eR5tY7uI9oP1aS2dF4gH6jK8lZ0xC";
    private static final String KEY = "ipsabFktgMrwFRIuZrfOxvIyoug2gFme8xjhHj76nm4=";

    private static Map<String, String> production() {
        Map<String, String> env = new HashMap<>();
        env.put("APP_ENV", "production");
        env.put("DATABASE_URL", "postgres://app:s3cr%40t@db.internal:5433/chat?sslmode=require");
        env.put("REDIS_URL", "redis://cache.internal:6379");
        env.put("JWT_SECRET", STRONG_JWT);
        env.put("JWT_REFRESH_SECRET", STRONG_REFRESH);
        env.put("ENCRYPTION_KEY", KEY);
        return env;
    }

    @Test
    void aCompleteProductionEnvironmentLoads() {
        AppConfig c = ConfigLoader.load(production(), BUILD);
        assertTrue(c.production());
        assertEquals("jdbc:postgresql://db.internal:5433/chat?sslmode=require", c.database().orElseThrow().jdbcUrl());
        assertEquals("app", c.database().orElseThrow().user());
        assertEquals("s3cr@t", c.database().orElseThrow().password().asString());
        assertFalse(c.secretsGenerated());
        assertEquals(8080, c.port());
        assertFalse(c.toString().contains(STRONG_JWT), "secrets never appear in toString");
        assertFalse(c.toString().contains("s3cr"), "nor the database password");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "JWT_SECRET          |                                              | JWT_SECRET is missing",
            "JWT_SECRET          | changeme-changeme-changeme-changeme-1234     | JWT_SECRET is a placeholder",
            "JWT_SECRET          | your-jwt-secret-here                         | JWT_SECRET is a placeholder",
            "JWT_SECRET          | short-but-random-Q7x                         | JWT_SECRET is too weak",
            "JWT_SECRET          | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa     | JWT_SECRET is too weak",
            "JWT_REFRESH_SECRET  | Zx8pQ2vL9mN4rT7wY1bC5dF3gH6jK0sA             | JWT_SECRET and JWT_REFRESH_SECRET must differ",
            "ENCRYPTION_KEY      |                                              | ENCRYPTION_KEY is missing",
            "ENCRYPTION_KEY      | c2hvcnQ=                                     | ENCRYPTION_KEY must be base64 of 32 random bytes",
            "ENCRYPTION_KEY      | not base64 at all!!                          | ENCRYPTION_KEY must be base64 of 32 random bytes",
            "ENCRYPTION_KEY      | AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= | ENCRYPTION_KEY does not look random",
            "DATABASE_URL        |                                              | DATABASE_URL is required in production",
            "REDIS_URL           |                                              | REDIS_URL is required in production",
            "OPENAI_API_KEY      | sk-...your-key                               | OPENAI_API_KEY is a placeholder",
            "CORS_ORIGINS        | *                                            | '*' is not allowed",
            "PORT                | eighty                                       | PORT must be a number",
    })
    void productionRefusesToStart(String variable, String value, String expected) {
        Map<String, String> env = production();
        if (value == null) env.remove(variable);
        else env.put(variable, value);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(env, BUILD));
        assertTrue(e.getMessage().startsWith("refusing to start in production: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        Map<String, String> env = production();
        env.remove("JWT_SECRET");
        env.put("ENCRYPTION_KEY", "c2hvcnQ=");
        String message = assertThrows(ConfigException.class, () -> ConfigLoader.load(env, BUILD)).getMessage();
        assertTrue(message.contains("JWT_SECRET is missing") && message.contains("ENCRYPTION_KEY"), message);
    }

    @Test
    void developmentGeneratesMissingSecretsAndUsesTheEmbeddedDefault() {
        AppConfig c = ConfigLoader.load(Map.of(), BUILD);
        assertFalse(c.production());
        assertTrue(c.secretsGenerated());
        assertTrue(c.jwtSecret().length() >= 32);
        assertFalse(c.jwtSecret().equals(c.jwtRefreshSecret()));
        assertEquals(32, c.encryptionKey().length());
        assertTrue(c.database().isEmpty() && c.redisUrl().isEmpty(), "no URLs: the embedded default");
        assertEquals("abc", c.build().commit());
    }

    @Test
    void gitCommitAndVersionFromTheEnvironmentWin() {
        Map<String, String> env = production();
        env.put("GIT_COMMIT", "feedface");
        env.put("APP_VERSION", "2.0.0");
        AppConfig c = ConfigLoader.load(env, BUILD);
        assertEquals("feedface", c.build().commit());
        assertEquals("2.0.0", c.build().version());
    }
}
