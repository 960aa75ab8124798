package dev.deploycheck.backend.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link AppConfig} from environment variables. Every problem is collected and reported at once in a
 * single line; in production a missing, placeholder or weak secret is such a problem, in development a missing
 * secret is replaced by a random one.
 */
public final class ConfigLoader {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    private ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /** @throws ConfigException with every problem found, in one line */
    public static AppConfig load(Map<String, String> env, AppConfig.BuildInfo buildFallback) {
        return new ConfigLoader(env).build(buildFallback);
    }

    private AppConfig build(AppConfig.BuildInfo buildFallback) {
        String appEnv = get("APP_ENV").orElse("development").toLowerCase();
        if (!appEnv.equals("production") && !appEnv.equals("development")) {
            problems.add("APP_ENV must be 'production' or 'development', not '" + appEnv + "'");
        }
        boolean production = appEnv.equals("production");

        int port = intVar("PORT", 8080, 0, 65535);
        Optional<AppConfig.Tls> tls = tls();
        Optional<AppConfig.Database> database = get("DATABASE_URL").flatMap(this::database);
        Optional<String> redisUrl = get("REDIS_URL");
        redisUrl.ifPresent(u -> {
            if (!u.startsWith("redis://") && !u.startsWith("rediss://")) {
                problems.add("REDIS_URL must look like redis://host:port, got '" + u.replaceAll("//[^@]*@", "//***@") + "'");
            }
        });
        if (production && database.isEmpty()) problems.add("DATABASE_URL is required in production");
        if (production && redisUrl.isEmpty()) problems.add("REDIS_URL is required in production");

        boolean[] generated = {false};
        Secret jwt = jwtSecret("JWT_SECRET", production, generated);
        Secret refresh = jwtSecret("JWT_REFRESH_SECRET", production, generated);
        if (jwt != null && jwt.equals(refresh)) {
            problems.add("JWT_SECRET and JWT_REFRESH_SECRET must differ");
        }
        Secret encryptionKey = encryptionKey(production, generated);

        Optional<Secret> openAi = get("OPENAI_API_KEY").map(v -> {
            if (Placeholders.isPlaceholder(v)) problems.add("OPENAI_API_KEY is a placeholder ('" + Placeholders.preview(v) + "')");
            return Secret.ofString(v);
        });
        Optional<AppConfig.Smtp> smtp = smtp(production);
        List<String> cors = get("CORS_ORIGINS").map(ConfigLoader::splitList).orElse(List.of());
        for (String origin : cors) {
            if (origin.equals("*")) problems.add("CORS_ORIGINS must list origins, '*' is not allowed");
            else if (!origin.matches("https?://[^/\\s]+")) problems.add("CORS_ORIGINS entry '" + origin + "' is not an origin like https://app.example.com");
        }

        AppConfig.RateLimits limits = new AppConfig.RateLimits(
                bool("RATE_LIMIT_ENABLED", true),
                intVar("RATE_LIMIT_REQUESTS", 300, 1, Integer.MAX_VALUE),
                intVar("RATE_LIMIT_WINDOW_SECONDS", 60, 1, 86_400),
                intVar("RATE_LIMIT_AUTH_REQUESTS", 20, 1, Integer.MAX_VALUE),
                intVar("RATE_LIMIT_AUTH_WINDOW_SECONDS", 60, 1, 86_400),
                intVar("LOGIN_MAX_FAILURES", 5, 1, 1000),
                intVar("LOGIN_LOCK_SECONDS", 900, 1, 86_400));

        AppConfig.BuildInfo build = new AppConfig.BuildInfo(
                get("APP_VERSION").orElse(buildFallback.version()),
                get("GIT_COMMIT").orElse(buildFallback.commit()));

        AppConfig config = new AppConfig(production,
                get("BIND_ADDRESS").orElse("0.0.0.0"),
                port, tls, get("DOMAIN").orElse("localhost"), database,
                intVar("DB_POOL_SIZE", 16, 1, 200), intVar("HTTP_MAX_THREADS", 24, 16, 1000), redisUrl,
                get("EMBEDDED_DATA_DIR").map(Path::of),
                jwt, refresh, encryptionKey, generated[0],
                Duration.ofSeconds(intVar("ACCESS_TOKEN_TTL_SECONDS", 900, 1, 86_400)),
                Duration.ofSeconds(intVar("REFRESH_TOKEN_TTL_SECONDS", 30 * 86_400, 1, 365 * 86_400)),
                openAi, smtp, cors, limits,
                intVar("MAX_BODY_BYTES", 1_048_576, 1024, 100 * 1_048_576),
                // HSTS max-age on HTTPS answers; 0 tells browsers to forget the policy (how HSTS is switched off)
                intVar("HSTS_MAX_AGE_SECONDS", 63_072_000, 0, 63_072_000),
                bool("TRUST_PROXY", false),
                get("METRICS_TOKEN").map(Secret::ofString),
                Duration.ofSeconds(intVar("SHUTDOWN_TIMEOUT_SECONDS", 20, 0, 600)),
                build, assistant(), uploads(), chatSocket());
        if (!problems.isEmpty()) {
            String prefix = production ? "refusing to start in production: " : "invalid configuration: ";
            throw new ConfigException(prefix + String.join("; ", problems));
        }
        return config;
    }

    private Optional<AppConfig.Tls> tls() {
        Optional<String> cert = get("SSL_CERT_PATH");
        Optional<String> key = get("SSL_KEY_PATH");
        if (cert.isEmpty() && key.isEmpty()) return Optional.empty();
        if (cert.isEmpty() || key.isEmpty()) {
            problems.add("SSL_CERT_PATH and SSL_KEY_PATH must be set together");
            return Optional.empty();
        }
        for (String p : List.of(cert.get(), key.get())) {
            if (!Files.isReadable(Path.of(p))) problems.add("cannot read " + p);
        }
        return Optional.of(new AppConfig.Tls(intVar("HTTPS_PORT", 8443, 0, 65535), Path.of(cert.get()), Path.of(key.get())));
    }

    private Optional<AppConfig.Database> database(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return Optional.of(new AppConfig.Database(url, get("DATABASE_USER").orElse(null),
                    get("DATABASE_PASSWORD").map(Secret::ofString).orElse(null)));
        }
        if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
            problems.add("DATABASE_URL must be postgres://user:pass@host:port/db or jdbc:postgresql://...");
            return Optional.empty();
        }
        try {
            URI uri = URI.create(url);
            String user = null;
            Secret password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                if (parts.length > 1) password = Secret.ofString(URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
            if (uri.getHost() == null) throw new IllegalArgumentException("no host");
            String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return Optional.of(new AppConfig.Database(jdbc, user, password));
        } catch (IllegalArgumentException e) {
            problems.add("DATABASE_URL is not a valid URL");
            return Optional.empty();
        }
    }

    private Secret jwtSecret(String name, boolean production, boolean[] generated) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            if (production) {
                problems.add(name + " is missing");
                return null;
            }
            generated[0] = true;
            return Secret.ofBytes(randomBytes(48));
        }
        String v = value.get();
        if (Placeholders.isPlaceholder(v)) {
            problems.add(name + " is a placeholder ('" + Placeholders.preview(v) + "')");
        } else if (v.getBytes(StandardCharsets.UTF_8).length < 32) {
            problems.add(name + " is too weak: " + v.getBytes(StandardCharsets.UTF_8).length + " bytes, at least 32 required");
        } else if (v.chars().distinct().count() < 8) {
            problems.add(name + " is too weak: too few distinct characters");
        }
        return Secret.ofString(v);
    }

    private Secret encryptionKey(boolean production, boolean[] generated) {
        Optional<String> value = get("ENCRYPTION_KEY");
        if (value.isEmpty()) {
            if (production) {
                problems.add("ENCRYPTION_KEY is missing");
                return null;
            }
            generated[0] = true;
            return Secret.ofBytes(randomBytes(32));
        }
        if (Placeholders.isPlaceholder(value.get())) {
            problems.add("ENCRYPTION_KEY is a placeholder ('" + Placeholders.preview(value.get()) + "')");
            return null;
        }
        try {
            byte[] key = Base64.getDecoder().decode(value.get().trim());
            if (key.length != 32) {
                problems.add("ENCRYPTION_KEY must be base64 of 32 random bytes, it decodes to " + key.length + " bytes");
            } else if (Arrays.stream(toInts(key)).distinct().count() < 16) {
                problems.add("ENCRYPTION_KEY does not look random (too few distinct bytes)");
            }
            return Secret.ofBytes(key);
        } catch (IllegalArgumentException e) {
            problems.add("ENCRYPTION_KEY must be base64 of 32 random bytes (e.g. openssl rand -base64 32)");
            return null;
        }
    }

    private Optional<AppConfig.Smtp> smtp(boolean production) {
        Optional<String> host = get("SMTP_HOST");
        if (host.isEmpty()) return Optional.empty();
        Optional<String> password = get("SMTP_PASSWORD");
        password.filter(Placeholders::isPlaceholder).ifPresent(p -> problems.add("SMTP_PASSWORD is a placeholder"));
        if (production && get("SMTP_USERNAME").isPresent() && password.isEmpty()) problems.add("SMTP_PASSWORD is missing");
        return Optional.of(new AppConfig.Smtp(host.get(), intVar("SMTP_PORT", 587, 1, 65535),
                get("SMTP_USERNAME").orElse(null), password.map(Secret::ofString).orElse(null),
                get("SMTP_FROM").orElse("no-reply@" + get("DOMAIN").orElse("localhost"))));
    }

    private AppConfig.Assistant assistant() {
        String baseUrl = get("OPENAI_BASE_URL").orElse("https://api.openai.com/v1").replaceAll("/+$", "");
        if (!baseUrl.matches("https?://[^\\s]+")) problems.add("OPENAI_BASE_URL must be an http(s) URL, got '" + baseUrl + "'");
        return new AppConfig.Assistant(baseUrl, get("OPENAI_MODEL").orElse("gpt-4o-mini"),
                Duration.ofMillis(intVar("OPENAI_TIMEOUT_MS", 30_000, 100, 600_000)),
                Duration.ofMillis(intVar("OPENAI_STREAM_TIMEOUT_MS", 120_000, 100, 3_600_000)),
                intVar("OPENAI_MAX_RETRIES", 2, 0, 10),
                Duration.ofMillis(intVar("OPENAI_RETRY_BACKOFF_MS", 500, 0, 60_000)),
                intVar("ASSISTANT_CONTEXT_PASSAGES", 4, 0, 20));
    }

    private AppConfig.Uploads uploads() {
        return new AppConfig.Uploads(intVar("UPLOAD_MAX_BYTES", 10 * 1_048_576, 1024, 512 * 1_048_576));
    }

    private AppConfig.ChatSocket chatSocket() {
        return new AppConfig.ChatSocket(
                intVar("WS_MAX_MESSAGE_BYTES", 16_384, 256, 1_048_576),
                intVar("WS_RATE_LIMIT_MESSAGES", 30, 1, 1_000_000),
                intVar("WS_RATE_LIMIT_WINDOW_SECONDS", 10, 1, 3_600),
                Duration.ofMillis(intVar("WS_PING_INTERVAL_MS", 25_000, 50, 600_000)),
                Duration.ofMillis(intVar("WS_IDLE_TIMEOUT_MS", 60_000, 100, 3_600_000)),
                intVar("WS_MAX_CONNECTIONS_PER_USER", 10, 1, 10_000));
    }

    private Optional<String> get(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private int intVar(String name, int fallback, int min, int max) {
        Optional<String> v = get(name);
        if (v.isEmpty()) return fallback;
        try {
            int n = Integer.parseInt(v.get());
            if (n < min || n > max) {
                problems.add(name + " must be between " + min + " and " + max + ", got " + n);
                return fallback;
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(name + " must be a number, got '" + v.get() + "'");
            return fallback;
        }
    }

    private boolean bool(String name, boolean fallback) {
        return get(name).map(v -> v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes")).orElse(fallback);
    }

    static List<String> splitList(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static int[] toInts(byte[] bytes) {
        int[] out = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = bytes[i];
        return out;
    }
}
