package dev.deploycheck.backend.health;

import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/** /api/health (what runs and how its dependencies are), /api/ready (may it get traffic), /api/live (is it serving). */
public final class HealthController {
    private final HealthService service;

    public HealthController(HealthService service) {
        this.service = service;
    }

    public void health(Context ctx) {
        HealthService.Health health = service.health();
        ctx.status(health.status().equals("ok") ? 200 : 503).json(health);
    }

    public void ready(Context ctx) {
        HealthService.Readiness r = service.readiness();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", r.ready() ? "ready" : "not_ready");
        if (!r.ready()) {
            body.put("reason", String.join("; ", r.reasons()));
            body.put("reasons", r.reasons());
        }
        ctx.status(r.ready() ? 200 : 503).json(body);
    }

    public void live(Context ctx) {
        ctx.json(Map.of("status", "alive"));
    }
}
