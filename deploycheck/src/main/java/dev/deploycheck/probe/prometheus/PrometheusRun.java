package dev.deploycheck.probe.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.checklist.Durations;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.Shown;
import dev.deploycheck.probe.TargetFailure;
import dev.deploycheck.probe.http.CappedBody;
import dev.deploycheck.probe.http.Exchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Asks the Prometheus HTTP API what the item needs, within the item's deadline: the adapter that touches the live
 * server. A query is POSTed as a form (long PromQL never meets a URL length limit, and stays out of access logs).
 * Prometheus' error answers become one line: a query it rejects ({@code bad_data}, HTTP 400) could not run
 * (ERROR); a server error, timeout or an answer that is not the API is a fact about the server (FAIL).
 */
final class PrometheusRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrometheusProbe.Spec spec;
    private final ProbeContext ctx;
    private final String base;

    PrometheusRun(PrometheusProbe.Spec spec, ProbeContext ctx) {
        this.spec = spec;
        this.ctx = ctx;
        this.base = spec.url().toString().replaceAll("/+$", "");
    }

    Observation run() throws Exception {
        HttpClient client = spec.tls().client(ctx, HttpClient.Redirect.NEVER, HttpClient.Version.HTTP_1_1);
        Observation obs = new Observation();
        Instant start = Instant.now();
        if (spec.query() != null) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("query", spec.query());
            long now = Instant.now().toEpochMilli();
            String path = "/api/v1/query";
            if (spec.range() != null) {
                path = "/api/v1/query_range";
                form.put("start", seconds(now - spec.range().toMillis()));
                form.put("end", seconds(now));
                form.put("step", QueryResult.fmt(spec.step().toMillis() / 1000.0)); // seconds: Prometheus takes no "1.5s"
            } else {
                form.put("time", seconds(now));
            }
            // Prometheus' own evaluation limit, inside ours: it answers "query timed out" instead of being cut off
            form.put("timeout", Math.max(1, ctx.remaining().toMillis() - 100) + "ms");
            obs.evidence("query" + (spec.range() == null ? "" : " over " + Durations.format(spec.range())
                    + " every " + Durations.format(spec.step())) + ": " + Shown.line(spec.query(), 200));
            QueryResult.observe(call(client, path, form, obs), spec, obs);
        }
        if (spec.fetchesRules()) {
            ServerChecks.rules(call(client, "/api/v1/rules", null, obs), spec, obs);
        }
        if (spec.noAlertsFiring()) {
            ServerChecks.alerts(call(client, "/api/v1/alerts", null, obs), spec, obs);
        }
        if (!spec.targetsUp().isEmpty()) {
            ServerChecks.targets(call(client, "/api/v1/targets?state=active", null, obs), spec, obs);
        }
        obs.fact("duration", Duration.between(start, Instant.now()));
        return obs;
    }

    /** One API call: its {@code data} on success; Prometheus' error answers as one-line failures. */
    private JsonNode call(HttpClient client, String path, Map<String, String> form, Observation obs)
            throws IOException, InterruptedException {
        Duration left = ctx.remaining();
        if (left.isZero()) {
            throw new TargetFailure("no time left to ask Prometheus at " + base + path);
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(left)
                .header("Accept", "application/json");
        spec.headers().forEach(req::header);
        if (form == null) {
            req.GET();
        } else {
            req.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&"))));
        }
        long t0 = System.nanoTime();
        HttpResponse<CappedBody.Bytes> resp;
        try {
            resp = Exchange.send(client, req.build(), ctx);
        } catch (TargetFailure e) {
            throw e;
        } catch (IOException e) {
            // Exchange's words name the place ("connection refused: host:port", "timed out after 2s: POST url")
            throw new TargetFailure(e.getMessage(), e);
        }
        String method = form == null ? "GET " : "POST ";
        obs.evidence(method + base + path + " -> " + resp.statusCode() + " ("
                + Durations.format(Duration.ofNanos(System.nanoTime() - t0)) + ")");
        int status = resp.statusCode();
        String text = new String(resp.body().data(), StandardCharsets.UTF_8);
        if (resp.body().truncated()) {
            throw new TargetFailure("Prometheus' answer to " + path + " exceeds 1 MiB");
        }
        JsonNode body = parse(text);
        if (body == null || !body.has("status")) {
            String hint = status == 401 || status == 403 ? " (check bearerToken or basicAuth)"
                    : status == 404 ? " (is " + base + " a Prometheus server?)" : "";
            throw new TargetFailure("Prometheus at " + base + " answered HTTP " + status + hint
                    + (text.isBlank() ? "" : ": " + Shown.quoted(ctx.redactor().mask(text.strip()), 120)));
        }
        for (JsonNode w : body.path("warnings")) {
            obs.evidence("warning: " + Shown.line(w.asText(), 200));
        }
        if (body.path("status").asText().equals("success") && status / 100 == 2) {
            return body.path("data");
        }
        String type = body.path("errorType").asText("error");
        String error = Shown.line(ctx.redactor().mask(body.path("error").asText("no reason given")), 240);
        if (type.equals("bad_data")) {
            // the checklist's PromQL is wrong: nothing about the deployment was learnt
            throw new IllegalArgumentException("Prometheus rejected the query: " + error);
        }
        throw new TargetFailure("Prometheus answered HTTP " + status + " (" + Shown.line(type, 40) + "): " + error);
    }

    /** Epoch milliseconds as the API's seconds, to the millisecond: a sample scraped a moment ago is in range. */
    private static String seconds(long epochMillis) {
        return java.math.BigDecimal.valueOf(epochMillis, 3).toPlainString();
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }
}
