package dev.deploycheck.probe.prometheus;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.checklist.Variables;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeKind;
import dev.deploycheck.probe.http.HttpProbe;
import dev.deploycheck.probe.http.TlsOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code probe: prometheus}: asks a Prometheus server over its HTTP API, as Argo Rollouts' Prometheus analysis
 * does. A PromQL instant or range query becomes facts ({@code value}, {@code values}, {@code min}, {@code max},
 * {@code result[i].labels.instance}, ...); built-in checks read the rules ({@code /api/v1/rules}: loaded, named
 * alerts present, healthy), the alerts ({@code /api/v1/alerts}: none firing but the allowed) and the scrape targets
 * ({@code /api/v1/targets}: every target of the named jobs up). NaN and empty results fail a built-in check.
 */
public final class PrometheusProbe implements ProbeKind {
    /** How a result's numbers are given to expectations. */
    enum Unit { NUMBER, DURATION }

    /** The validated parameters of one item. */
    record Spec(URI url, String query, Duration range, Duration step, boolean allowEmpty, Unit unit,
            List<String> alertsLoaded, boolean rulesHealthy, boolean noAlertsFiring, List<String> allowFiring,
            List<String> targetsUp, Map<String, String> headers, TlsOptions tls) {
        boolean fetchesRules() {
            return rulesHealthy || !alertsLoaded.isEmpty();
        }
    }

    private static final Set<String> BASIC_AUTH_KEYS = Set.of("username", "password");

    @Override
    public String name() {
        return "prometheus";
    }

    @Override
    public String summary() {
        return "Prometheus HTTP API: PromQL instant/range queries as facts; rules loaded and healthy, no alert firing, targets up";
    }

    @Override
    public Set<String> keys() {
        return Set.of("url", "query", "range", "step", "allowEmpty", "as", "alertsLoaded", "rulesHealthy",
                "noAlertsFiring", "allowFiring", "targetsUp", "headers", "bearerToken", "basicAuth", "caFile", "insecure");
    }

    @Override
    public Set<String> facts() {
        return Set.of("resultType", "value", "values", "min", "max", "series", "result", "rules", "alerts", "targets",
                "duration");
    }

    @Override
    public Probe create(Params params) {
        Spec spec = read(params);
        return ctx -> new PrometheusRun(spec, ctx).run();
    }

    static Spec read(Params params) {
        URI url = HttpProbe.url(params, "url");
        String query = params.optString("query").map(String::strip).orElse(null);
        if (query != null && query.isEmpty()) {
            params.error("query", "'query' is empty: give a PromQL expression");
            query = null;
        }
        Duration range = params.has("range") ? params.duration("range", null) : null;
        Duration step = params.has("step") ? params.duration("step", null) : null;
        if (range != null && !positive(range)) {
            params.error("range", "'range' must be longer than 0");
            range = null;
        }
        if (step != null && !positive(step)) {
            params.error("step", "'step' must be longer than 0");
            step = null;
        }
        for (String key : List.of("range", "step", "allowEmpty", "as")) {
            if (params.has(key) && query == null && !params.has("query")) {
                params.error(key, "'" + key + "' goes with 'query'");
            }
        }
        if (params.has("step") && !params.has("range")) {
            params.error("step", "'step' goes with 'range' (a range query)");
        }
        if (range != null && step == null) {
            // about 60 points over the range, at least a second apart
            step = Duration.ofMillis(Math.max(1000, range.toMillis() / 60));
        }
        if (range != null && step != null && range.toMillis() / step.toMillis() > 11_000) {
            params.error("step", "'step' is too small for the range: Prometheus answers at most 11000 points per series");
        }
        Unit unit = Unit.NUMBER;
        String as = params.optString("as").orElse(null);
        if ("duration".equals(as)) {
            unit = Unit.DURATION;
        } else if (as != null && !as.equals("number")) {
            params.error("as", "'as' must be number or duration (seconds), found '" + as + "'");
        }
        List<String> alertsLoaded = params.strings("alertsLoaded");
        boolean rulesHealthy = params.bool("rulesHealthy", false);
        boolean noAlertsFiring = params.bool("noAlertsFiring", false);
        List<String> allowFiring = params.strings("allowFiring");
        if (params.has("allowFiring") && !noAlertsFiring) {
            params.error("allowFiring", "'allowFiring' goes with 'noAlertsFiring: true'");
        }
        List<String> targetsUp = params.strings("targetsUp");
        if (query == null && !params.has("query") && alertsLoaded.isEmpty() && !rulesHealthy && !noAlertsFiring
                && targetsUp.isEmpty()) {
            params.problems().add(params.owner(), "a prometheus item needs 'query' or a check: alertsLoaded, "
                    + "rulesHealthy, noAlertsFiring or targetsUp");
        }
        Map<String, String> headers = new LinkedHashMap<>(params.stringMap("headers"));
        auth(params, headers);
        return new Spec(url, query, range, step, params.bool("allowEmpty", false), unit, List.copyOf(alertsLoaded),
                rulesHealthy, noAlertsFiring, List.copyOf(allowFiring), List.copyOf(targetsUp), Map.copyOf(headers),
                TlsOptions.read(params));
    }

    /** {@code bearerToken} or {@code basicAuth: {username, password}} as an Authorization header. */
    private static void auth(Params params, Map<String, String> headers) {
        boolean given = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Authorization"));
        if (params.has("bearerToken") && params.has("basicAuth")) {
            params.error("basicAuth", "'bearerToken' and 'basicAuth' exclude each other");
            return;
        }
        if ((params.has("bearerToken") || params.has("basicAuth")) && given) {
            params.error("headers", "an Authorization header and 'bearerToken'/'basicAuth' exclude each other");
            return;
        }
        String token = params.optString("bearerToken").orElse(null);
        if (token != null) {
            if (token.isBlank() && !params.deferred("bearerToken")) {
                params.error("bearerToken", "'bearerToken' is empty");
            }
            headers.put("Authorization", "Bearer " + token.strip());
        }
        if (params.has("basicAuth")) {
            Params basic = params.child("basicAuth", BASIC_AUTH_KEYS);
            String user = basic.string("username");
            String password = basic.string("password");
            if (user.contains(":") && !Variables.hasRefs(user)) {
                basic.error("username", "a Basic username cannot contain ':'");
            }
            headers.put("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
