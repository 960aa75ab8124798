package dev.deploycheck.backend.http;

import dev.deploycheck.backend.auth.AuthController;
import dev.deploycheck.backend.chat.ChatController;
import dev.deploycheck.backend.health.HealthController;
import dev.deploycheck.backend.metrics.MetricsController;
import io.javalin.config.RoutesConfig;

/** Every endpoint of the backend, in one table. */
public final class Routes {
    private Routes() { }

    public static void register(RoutesConfig r, HttpPipeline pipeline, AuthController auth, ChatController chat,
                                HealthController health, MetricsController metrics) {
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

        r.get("/api/health", health::health);
        r.get("/api/ready", health::ready);
        r.get("/api/live", health::live);
        r.get("/metrics", metrics::scrape);

        r.exception(Halted.class, (e, ctx) -> { });
        ErrorHandlers.register(r);
    }
}
