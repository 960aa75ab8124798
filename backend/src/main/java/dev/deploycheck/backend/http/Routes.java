package dev.deploycheck.backend.http;

import dev.deploycheck.backend.auth.AuthController;
import dev.deploycheck.backend.chat.ChatController;
import dev.deploycheck.backend.chat.ws.ChatSocketController;
import dev.deploycheck.backend.knowledge.KnowledgeController;
import dev.deploycheck.backend.health.HealthController;
import dev.deploycheck.backend.metrics.MetricsController;
import io.javalin.config.RoutesConfig;

/** Every endpoint of the backend, in one table. */
public final class Routes {
    private Routes() { }

    public static void register(RoutesConfig r, HttpPipeline pipeline, AuthController auth, ChatController chat,
                                HealthController health, MetricsController metrics,
                                ChatSocketController socket, KnowledgeController knowledge) {
        r.before(pipeline::before);
        r.after(pipeline::after);

        r.post("/api/auth/register", auth::register);
        r.post("/api/auth/login", auth::login);
        r.post("/api/auth/refresh", auth::refresh);
        r.post("/api/auth/logout", auth::logout);
        r.get("/api/auth/me", auth::me);

        r.get("/api/conversations", chat::list);
        r.post("/api/conversations", chat::create);
        r.get("/api/conversations/{id}", chat::get);
        r.post("/api/conversations/{id}/messages", chat::send);
        r.ws("/api/ws", socket::configure);

        r.post("/api/knowledge/documents", knowledge::upload);
        r.get("/api/knowledge/documents", knowledge::list);
        r.get("/api/knowledge/documents/{id}", knowledge::get);
        r.get("/api/knowledge/documents/{id}/content", knowledge::content);
        r.delete("/api/knowledge/documents/{id}", knowledge::delete);
        r.post("/api/knowledge/search", knowledge::search);

        r.get("/api/health", health::health);
        r.get("/api/ready", health::ready);
        r.get("/api/live", health::live);
        r.get("/metrics", metrics::scrape);

        r.exception(Halted.class, (e, ctx) -> { });
        ErrorHandlers.register(r);
    }
}
