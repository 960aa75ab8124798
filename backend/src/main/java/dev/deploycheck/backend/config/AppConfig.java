package dev.deploycheck.backend.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration of the backend, read once from the environment by {@link ConfigLoader}.
 * Secrets are {@link Secret}s so that printing this record never shows them.
 */
public record AppConfig(
        boolean production,
        String bindAddress,
        int port,
        Optional<Tls> tls,
        String domain,
        Optional<Database> database,
        int dbPoolSize,
        int httpMaxThreads,
        Optional<String> redisUrl,
        Optional<Path> embeddedDataDir,
        Secret jwtSecret,
        Secret jwtRefreshSecret,
        Secret encryptionKey,
        boolean secretsGenerated,
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        Optional<Secret> openAiApiKey,
        Optional<Smtp> smtp,
        List<String> corsOrigins,
        RateLimits rateLimits,
        long maxBodyBytes,
        long hstsMaxAgeSeconds,
        boolean trustProxy,
        Optional<Secret> metricsToken,
        Duration shutdownTimeout,
        BuildInfo build,
        Assistant assistant,
        Uploads uploads,
        ChatSocket chatSocket) {

    public AppConfig {
        corsOrigins = List.copyOf(corsOrigins);
    }

    /** HTTPS with a PEM certificate chain and private key; plain HTTP on {@code port} then redirects. */
    public record Tls(int httpsPort, Path certPath, Path keyPath) { }

    /** A JDBC URL with its credentials kept apart so the URL can be logged. */
    public record Database(String jdbcUrl, String user, Secret password) {
        /** The URL with no credentials in it, for log lines. */
        public String redacted() {
            return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
        }
    }

    /** Outgoing mail; the next backend issue sends notifications through it. */
    public record Smtp(String host, int port, String username, Secret password, String from) { }

    /** Fixed-window limits per client address, shared by every instance through Redis. */
    public record RateLimits(boolean enabled, int requests, int windowSeconds, int authRequests, int authWindowSeconds,
                             int loginMaxFailures, int loginLockSeconds) { }

    /** What was deployed: shown by /api/health and used by deploycheck as the report subject. */
    public record BuildInfo(String version, String commit) { }

    /**
     * The OpenAI Chat Completions client (used when {@code openAiApiKey} is set): where, which model, how long to
     * wait for the first byte and for the whole stream, how often to retry a 429/5xx and how many passages of the
     * user's knowledge base go into the prompt.
     */
    public record Assistant(String baseUrl, String model, Duration timeout, Duration streamTimeout, int maxRetries,
                            Duration retryBackoff, int contextPassages) { }

    /** Knowledge-base uploads: the largest accepted file. */
    public record Uploads(long maxBytes) { }

    /** The chat WebSocket: frame size limit, per-connection message budget, protocol pings, the idle cut-off, sockets per user. */
    public record ChatSocket(int maxMessageBytes, int rateLimitMessages, int rateLimitWindowSeconds,
                             Duration pingInterval, Duration idleTimeout, int maxConnectionsPerUser) { }
}
