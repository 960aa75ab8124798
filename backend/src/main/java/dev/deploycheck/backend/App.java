package dev.deploycheck.backend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.deploycheck.backend.auth.AuthController;
import dev.deploycheck.backend.auth.AuthService;
import dev.deploycheck.backend.auth.Authenticator;
import dev.deploycheck.backend.auth.PasswordHasher;
import dev.deploycheck.backend.auth.RefreshTokenRepository;
import dev.deploycheck.backend.auth.TokenService;
import dev.deploycheck.backend.auth.UserRepository;
import dev.deploycheck.backend.chat.ChatController;
import dev.deploycheck.backend.chat.ChatService;
import dev.deploycheck.backend.chat.ConversationRepository;
import dev.deploycheck.backend.chat.LocalResponder;
import dev.deploycheck.backend.config.AppConfig;
import dev.deploycheck.backend.db.Database;
import dev.deploycheck.backend.db.EmbeddedPostgresServer;
import dev.deploycheck.backend.db.EmbeddedRedisServer;
import dev.deploycheck.backend.db.Redis;
import dev.deploycheck.backend.health.HealthController;
import dev.deploycheck.backend.health.HealthService;
import dev.deploycheck.backend.http.Cors;
import dev.deploycheck.backend.http.HttpPipeline;
import dev.deploycheck.backend.http.HttpsRedirect;
import dev.deploycheck.backend.http.RateLimiter;
import dev.deploycheck.backend.http.RequestContext;
import dev.deploycheck.backend.http.WebServer;
import dev.deploycheck.backend.http.Routes;
import dev.deploycheck.backend.metrics.ActiveUsers;
import dev.deploycheck.backend.metrics.Metrics;
import dev.deploycheck.backend.metrics.MetricsController;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The running backend: dependencies (embedded ones in development when no URL is configured), the services,
 * and the HTTP server. {@link #close()} shuts down gracefully: readiness fails first, then the server stops
 * accepting and lets in-flight requests finish within the timeout, then the pool and clients close.
 */
public final class App implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final AppConfig config;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private HealthService health;
    private Javalin javalin;
    private WebServer web;

    private App(AppConfig config) {
        this.config = config;
    }

    /** Starts everything; on failure whatever was started is stopped again before the exception propagates. */
    public static App start(AppConfig config) {
        App app = new App(config);
        try {
            app.startAll();
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private void startAll() {
        if (config.secretsGenerated()) {
            LOG.warn("JWT_SECRET, JWT_REFRESH_SECRET or ENCRYPTION_KEY not set: using random development secrets (tokens do not survive a restart)");
        }
        AppConfig.Database dbConfig;
        String redisUrl;
        List<String> embedded = new ArrayList<>();
        if (config.database().isPresent()) {
            dbConfig = config.database().get();
        } else {
            EmbeddedPostgresServer pg = track(EmbeddedPostgresServer.start(config.embeddedDataDir()));
            dbConfig = pg.database();
            embedded.add("PostgreSQL on 127.0.0.1:" + pg.port());
        }
        if (config.redisUrl().isPresent()) {
            redisUrl = config.redisUrl().get();
        } else {
            EmbeddedRedisServer redis = track(EmbeddedRedisServer.start());
            redisUrl = redis.url();
            embedded.add("Redis on 127.0.0.1:" + redis.port());
        }
        if (!embedded.isEmpty()) {
            LOG.info("embedded default (development): started {} {}", String.join(" and ", embedded),
                    config.embeddedDataDir().map(d -> "(data kept in " + d + ")").orElse("(data discarded on exit)"));
        }

        Metrics metrics = track(new Metrics());
        Database database = track(Database.connectAndMigrate(dbConfig, config.dbPoolSize(), metrics.registry()));
        LOG.info("database {} ready at migration {}", dbConfig.redacted(), database.latestMigration());
        Redis redis = track(Redis.connect(redisUrl));
        redis.ping();

        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Clock clock = Clock.systemUTC();
        ActiveUsers activeUsers = new ActiveUsers(redis);
        metrics.gauge("users.active", "users seen in the last 5 minutes, all instances", activeUsers::count);
        metrics.gauge("db.pool.active", "connections in use", database::activeConnections);
        RateLimiter limiter = new RateLimiter(redis);
        TokenService tokens = new TokenService(config.jwtSecret(), config.jwtRefreshSecret(),
                config.accessTokenTtl(), config.refreshTokenTtl(), clock);
        Authenticator authenticator = new Authenticator(tokens, activeUsers);
        AuthService authService = new AuthService(new UserRepository(database), new RefreshTokenRepository(database), tokens,
                new PasswordHasher(), limiter, config.rateLimits(), metrics, clock);
        ChatService chatService = new ChatService(new ConversationRepository(database), new LocalResponder(), metrics);
        health = new HealthService(database, redis, config.build());

        RequestContext requests = new RequestContext(config.trustProxy());
        web = new WebServer(config);
        HttpPipeline pipeline = new HttpPipeline(requests,
                config.tls().map(t -> new HttpsRedirect(() -> web.httpsPort().orElse(t.httpsPort()))),
                new Cors(config.corsOrigins()), limiter, config.rateLimits(), config.maxBodyBytes(), metrics);
        AuthController auth = new AuthController(authService, authenticator, mapper);
        ChatController chat = new ChatController(chatService, authenticator, mapper);
        HealthController healthController = new HealthController(health);
        MetricsController metricsController = new MetricsController(metrics, config.metricsToken());

        javalin = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            cfg.http.maxRequestSize = config.maxBodyBytes();
            // Javalin copies each result through a buffer of this size, allocated per response (32 KB by
            // default: half of all allocation under load); API answers are mostly a few KB
            cfg.http.responseBufferSize = 8192;
            web.configure(cfg);
            Routes.register(cfg.routes, pipeline, auth, chat, healthController, metricsController);
        });
        javalin.start();
        web.started(javalin);
        LOG.info("backend {} (commit {}) in {} mode", config.build().version(), config.build().commit(),
                config.production() ? "production" : "development");
        LOG.info("backend listening on {}", web.describeUrls());
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    /** The plain-HTTP port actually bound (useful with PORT=0). */
    public int port() {
        return web.httpPort();
    }

    /** The HTTPS port actually bound, when TLS is configured. */
    public Optional<Integer> httpsPort() {
        return web.httpsPort();
    }

    public AppConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        if (health != null) health.markShuttingDown();
        if (javalin != null) {
            LOG.info("shutting down: draining in-flight requests (up to {} s)", config.shutdownTimeout().toSeconds());
            javalin.stop();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("while closing {}: {}", resources.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
        if (javalin != null) LOG.info("backend stopped");
    }
}
