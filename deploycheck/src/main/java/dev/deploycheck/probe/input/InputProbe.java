package dev.deploycheck.probe.input;

import dev.deploycheck.probe.http.Methods;
import dev.deploycheck.checklist.Params;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.ProbeKind;
import dev.deploycheck.probe.web.WebResponse;
import dev.deploycheck.probe.web.WebTarget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code probe: input} — sends each SQL-injection / XSS payload where the template's {@code {{payload}}} marker
 * stands (JSON body, form fields, query parameters) and observes status, reflection and content type. Built-in
 * checks: no 5xx (nor a dropped connection), and no payload reflected raw in an HTML context ({@link Reflection}).
 */
public final class InputProbe implements ProbeKind {
    private static final Set<String> NO_BODY = Set.of("GET", "HEAD", "DELETE", "OPTIONS");

    /** The validated parameters of one item. */
    public record Spec(WebTarget target, String method, Template template, List<Payloads.Payload> payloads) {}

    @Override
    public String name() {
        return "input";
    }

    @Override
    public String summary() {
        return "SQL-injection and XSS payloads: never a 5xx, never reflected raw in an HTML context";
    }

    @Override
    public Set<String> keys() {
        Set<String> k = new HashSet<>(WebTarget.KEYS);
        k.addAll(Set.of("method", "json", "form", "query", "field", "payloads", "extraPayloads"));
        return k;
    }

    @Override
    public Set<String> facts() {
        return Set.of("requests", "serverErrors", "clientErrors", "errors", "reflectedRaw", "reflected", "statuses",
                "results");
    }

    @Override
    public Probe create(Params params) {
        WebTarget target = WebTarget.read(params);
        String method = Methods.read(params, "POST");
        if (params.has("json") && params.has("form")) {
            params.error("form", "give only one of 'json' and 'form'");
        }
        Object json = params.has("json") ? params.value("json") : null;
        Map<String, String> form = new LinkedHashMap<>(params.stringMap("form"));
        Map<String, String> query = new LinkedHashMap<>(params.stringMap("query"));
        String field = params.optString("field").map(String::trim).orElse(null);
        if (field != null) {
            if (field.isEmpty()) {
                params.error("field", "'field' must name a form field or query parameter");
            } else if (NO_BODY.contains(method)) {
                query.put(field, Template.MARKER);
            } else if (json != null) {
                params.error("field", "'field' puts the payload in a form field; with 'json', put "
                        + Template.MARKER + " in the JSON template instead");
            } else {
                form.put(field, Template.MARKER);
            }
        }
        Template template = new Template(json, form, query);
        if (!template.hasMarker()) {
            params.error(params.has("json") ? "json" : params.has("form") ? "form" : params.has("query") ? "query"
                    : "url", "no " + Template.MARKER + " marker in 'json', 'form' or 'query' (or give 'field'):"
                    + " the payloads would not be sent");
        }
        if ((json != null || !form.isEmpty()) && NO_BODY.contains(method)) {
            params.error("method", "method " + method + " sends no body: put " + Template.MARKER + " in 'query'");
        }
        String which = params.string("payloads", "both").trim().toLowerCase(Locale.ROOT);
        if (!Set.of("sql", "xss", "both", "none").contains(which)) {
            params.error("payloads", "'payloads' must be sql, xss, both or none, found '" + which + "'");
            which = "both";
        }
        List<String> extra = params.strings("extraPayloads");
        List<Payloads.Payload> payloads = Payloads.select(which, extra);
        if (payloads.isEmpty()) {
            params.error("payloads", "no payloads: 'payloads: none' needs 'extraPayloads'");
        }
        Spec spec = new Spec(target, method, template, payloads);
        return ctx -> run(spec, ctx);
    }

    /** One payload's answer; {@code status} -1 when the request failed. */
    record Result(Payloads.Payload payload, int status, String contentType, boolean reflected, boolean raw,
            String error) {
        Map<String, Object> asFact() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("payload", payload.text());
            m.put("class", payload.kind());
            m.put("status", status < 0 ? null : status);
            m.put("contentType", contentType);
            m.put("reflected", reflected);
            m.put("raw", raw);
            m.put("error", error);
            return m;
        }
    }

    static Observation run(Spec spec, ProbeContext ctx) throws Exception {
        List<Result> results = new ArrayList<>();
        IOException firstError = null;
        for (Payloads.Payload p : spec.payloads()) {
            try {
                WebResponse r = spec.target().send(ctx, spec.method(),
                        spec.template().uri(spec.target().url(), p.text()), Map.of(), spec.template().body(p.text()));
                String ct = r.first("Content-Type").orElse(null);
                results.add(new Result(p, r.status(), ct, Reflection.reflected(p.text(), r.body()),
                        Reflection.raw(p.text(), r.body(), ct), null));
            } catch (IOException e) {
                if (ctx.remaining().isZero()) {
                    throw e;
                }
                firstError = firstError == null ? e : firstError;
                results.add(new Result(p, -1, null, false, false, e.getMessage()));
            }
        }
        if (firstError != null && results.stream().allMatch(r -> r.status() < 0)) {
            throw firstError; // nothing answered: the target is down
        }
        return observe(spec, results);
    }

    static Observation observe(Spec spec, List<Result> results) {
        Observation obs = new Observation();
        Map<String, Integer> statuses = new TreeMap<>();
        int server = 0;
        int client = 0;
        int errors = 0;
        List<String> raw = new ArrayList<>();
        List<String> reflected = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (Result r : results) {
            if (r.status() < 0) {
                errors++;
                bad.add("[" + r.payload().text() + "] -> " + r.error());
            } else {
                statuses.merge(String.valueOf(r.status()), 1, Integer::sum);
                if (r.status() >= 500) {
                    server++;
                    bad.add("[" + r.payload().text() + "] -> " + r.status());
                } else if (r.status() >= 400) {
                    client++;
                }
            }
            if (r.reflected()) {
                reflected.add(r.payload().text());
            }
            if (r.raw()) {
                raw.add(r.payload().text());
            }
            obs.evidence(spec.method() + " [" + r.payload().kind() + "] " + r.payload().text() + " -> "
                    + (r.status() < 0 ? "failed: " + r.error() : r.status() + " " + (r.contentType() == null
                    ? "(no Content-Type)" : r.contentType()) + (r.raw() ? " REFLECTED RAW"
                    : r.reflected() ? " reflected (not HTML)" : "")));
        }
        obs.fact("requests", results.size());
        obs.fact("serverErrors", server);
        obs.fact("clientErrors", client);
        obs.fact("errors", errors);
        obs.fact("reflectedRaw", List.copyOf(raw));
        obs.fact("reflected", List.copyOf(reflected));
        obs.fact("statuses", statuses);
        obs.fact("results", results.stream().map(Result::asFact).toList());
        obs.check("no server errors", bad.isEmpty(), bad.isEmpty()
                ? results.size() + " payloads, statuses " + statuses
                : "serverErrors (" + server + ") == 0" + (errors > 0 ? ", failed requests (" + errors + ") == 0" : "")
                        + ": " + String.join("; ", bad));
        obs.check("no raw reflection in HTML", raw.isEmpty(), raw.isEmpty()
                ? "no payload reflected raw in an HTML context"
                : "reflected raw in an HTML context: " + String.join(" | ", raw));
        return obs;
    }
}
