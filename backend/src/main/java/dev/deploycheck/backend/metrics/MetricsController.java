package dev.deploycheck.backend.metrics;

import dev.deploycheck.backend.config.Secret;
import dev.deploycheck.backend.http.ApiException;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** GET /metrics in the Prometheus text format; behind a bearer token when METRICS_TOKEN is set. */
public final class MetricsController {
    private final Metrics metrics;
    private final Optional<Secret> token;

    public MetricsController(Metrics metrics, Optional<Secret> token) {
        this.metrics = metrics;
        this.token = token;
    }

    public void scrape(Context ctx) {
        if (token.isPresent()) {
            String header = ctx.header("Authorization");
            byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
            byte[] expected = ("Bearer " + token.get().asString()).getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(given, expected)) throw ApiException.unauthorized("metrics need the METRICS_TOKEN bearer token");
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }
}
