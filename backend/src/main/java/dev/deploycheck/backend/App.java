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
import dev.deploycheck.backend.chat.Message;
import dev.deploycheck.backend.chat.ws.ChatBroadcaster;
import dev.deploycheck.backend.chat.ws.ChatFanout;
import dev.deploycheck.backend.chat.ws.ChatHub;
import dev.deploycheck.backend.chat.ws.ChatSocketController;
import dev.deploycheck.backend.chat.ws.Frames;
import dev.deploycheck.backend.assistant.Assistant;
import dev.deploycheck.backend.assistant.AssistantMetrics;
import dev.deploycheck.backend.assistant.LocalAssistant;
import dev.deploycheck.backend.assistant.OpenAiAssistant;
import dev.deploycheck.backend.knowledge.ContentCipher;
import dev.deploycheck.backend.knowledge.DocumentRepository;
import dev.deploycheck.backend.knowledge.IndexMerger;
import dev.deploycheck.backend.knowledge.KnowledgeController;
import dev.deploycheck.backend.knowledge.KnowledgeMetrics;
import dev.deploycheck.backend.knowledge.KnowledgeService;
import dev.deploycheck.backend.mail.SmtpMailer;
import dev.deploycheck.backend.mail.WelcomeMail;
import io.javalin.config.SizeUnit;
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
import dev.deploycheck.backend.metrics.DependencyMetrics;
import dev.deploycheck.backend.metrics.Metrics;
import dev.deploycheck.backend.metrics.MetricsController;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

    /** Room for the multipart framing and the title field around an upload of the maximum size. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;
    private static final int MAX_QUEUED_FRAMES_PER_CONNECTION = 2_000;

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
        DependencyMetrics.register(metrics.registry(), "database", database::ping);
        DependencyMetrics.register(metrics.registry(), "redis", redis::ping);
        RateLimiter limiter = new RateLimiter(redis);
        TokenService tokens = new TokenService(config.jwtSecret(), config.jwtRefreshSecret(),
                config.accessTokenTtl(), config.refreshTokenTtl(), clock);
        Authenticator authenticator = new Authenticator(tokens, activeUsers);
        AuthService authService = new AuthService(new UserRepository(database), new RefreshTokenRepository(database), tokens,
                new PasswordHasher(), limiter, config.rateLimits(), metrics, clock);
        // part 2: knowledge base, assistant, WebSocket fan-out through Redis, welcome email
        DocumentRepository documents = new DocumentRepository(database);
        KnowledgeService knowledge = new KnowledgeService(documents, new ContentCipher(config.encryptionKey()),
                config.uploads().maxBytes(), new KnowledgeMetrics(metrics.registry()), track(new IndexMerger(documents)));
        Assistant assistant = new AssistantMetrics(assistant(knowledge, mapper, metrics), metrics.registry());
        Frames frames = new Frames(mapper);
        ChatHub hub = track(new ChatHub(metrics.registry(), frames, config.chatSocket().pingInterval(), config.chatSocket().idleTimeout()));
        ChatFanout fanout = track(new ChatFanout(redis, hub)).start();
        // a logout (or a reused refresh token) also closes the sockets that login opened, on every instance
        authService.onRevoked(fanout::revoke);
        ChatService chatService = new ChatService(new ConversationRepository(database), assistant, new ChatBroadcaster(frames, fanout), metrics);
        config.smtp().ifPresent(smtp -> {
            WelcomeMail welcome = track(new WelcomeMail(new SmtpMailer(smtp), config.domain(), metrics.registry()));
            authService.onRegistered(u -> welcome.registered(u.email(), u.displayName()));
        });
        health = new HealthService(database, redis, config.build());

        RequestContext requests = new RequestContext(config.trustProxy());
        web = new WebServer(config);
        HttpPipeline pipeline = new HttpPipeline(requests,
                config.tls().map(t -> new HttpsRedirect(() -> web.httpsPort().orElse(t.httpsPort()))),
                new Cors(config.corsOrigins()), limiter, config.rateLimits(), config.maxBodyBytes(),
                config.hstsMaxAgeSeconds(), metrics);
        AuthController auth = new AuthController(authService, authenticator, mapper);
        ChatController chat = new ChatController(chatService, authenticator, mapper, slowReplies());
        HealthController healthController = new HealthController(health);
        MetricsController metricsController = new MetricsController(metrics, config.metricsToken());
        ChatSocketController socket = track(new ChatSocketController(chatService, tokens, hub, frames, mapper, config.chatSocket(), metrics.registry()));
        KnowledgeController knowledgeController = new KnowledgeController(knowledge, authenticator, mapper, config.uploads().maxBytes());
        pipeline.allowLargerBody("/api/knowledge/documents", config.uploads().maxBytes() + MULTIPART_OVERHEAD);

        javalin = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            cfg.http.maxRequestSize = config.maxBodyBytes();
            // Javalin copies each result through a buffer of this size, allocated per response (32 KB by
            // default: half of all allocation under load); API answers are mostly a few KB
            cfg.http.responseBufferSize = 8192;
            web.configure(cfg);
            cfg.jetty.multipartConfig.maxFileSize(config.uploads().maxBytes() + 1, SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(config.uploads().maxBytes() + MULTIPART_OVERHEAD, SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(2, SizeUnit.MB);
            cfg.jetty.modifyWebSocketServletFactory(ws -> {
                ws.setMaxTextMessageSize(config.chatSocket().maxMessageBytes());
                ws.setMaxBinaryMessageSize(config.chatSocket().maxMessageBytes());
                ws.setIdleTimeout(config.chatSocket().idleTimeout().multipliedBy(2));
                // a client that cannot keep up is cut off (its send fails, the connection closes 1011) instead of queueing forever
                ws.setMaxOutgoingFrames(MAX_QUEUED_FRAMES_PER_CONNECTION);
            });
            Routes.register(cfg.routes, pipeline, auth, chat, healthController, metricsController, socket, knowledgeController);
        });
        javalin.start();
        web.started(javalin);
        LOG.info("backend {} (commit {}) in {} mode", config.build().version(), config.build().commit(),
                config.production() ? "production" : "development");
        LOG.info("backend listening on {}", web.describeUrls());
    }

    /**
     * With OpenAI, a REST message waits seconds for its reply: that wait runs on this bounded pool instead of a
     * Jetty worker (when the pool is full, the request thread runs it itself, as without the pool).
     */
    private Optional<java.util.concurrent.ExecutorService> slowReplies() {
        if (config.openAiApiKey().isEmpty()) return Optional.empty();
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(64, 64, 60, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "assistant-reply-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());
        pool.allowCoreThreadTimeOut(true);
        track(pool::shutdownNow);
        return Optional.of(pool);
    }

    /** The OpenAI client when OPENAI_API_KEY is set, else the deterministic local responder over the knowledge base. */
    private Assistant assistant(KnowledgeService knowledge, ObjectMapper mapper, Metrics metrics) {
        LocalResponder plain = new LocalResponder();
        if (config.openAiApiKey().isEmpty()) {
            return new LocalAssistant(knowledge, text -> plain.reply(List.of(new Message(0, "user", text, java.time.Instant.EPOCH))));
        }
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "openai-watchdog");
            t.setDaemon(true);
            return t;
        });
        track(watchdog::shutdownNow);
        HttpClient http = HttpClient.newBuilder().connectTimeout(config.assistant().timeout()).build();
        LOG.info("assistant: OpenAI model {} at {}", config.assistant().model(), config.assistant().baseUrl());
        return new OpenAiAssistant(config.assistant(), config.openAiApiKey().get(), knowledge, mapper, http, watchdog,
                AssistantMetrics.retryCounter(metrics.registry(), "openai"));
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
