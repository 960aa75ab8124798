package dev.deploycheck.probe.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.Shown;
import dev.deploycheck.probe.TargetFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code data} of a query answer as facts. A scalar is {@code value}; a vector is one {@code result} entry per
 * series ({@code labels}, {@code value}); a matrix (a range query) gives each series its {@code values} and, as
 * {@code value}, the last one. {@code values} lists every number, {@code min}/{@code max} bound them, {@code series}
 * counts the series. {@code value} is there only when the answer holds a single number (a scalar or one series).
 */
final class QueryResult {
    /** One series: its labels and its numbers (one for an instant vector, one per step for a range). */
    record Series(Map<String, String> labels, List<Double> values) {
        double last() {
            return values.get(values.size() - 1);
        }

        String describe() {
            StringBuilder b = new StringBuilder(labels.getOrDefault("__name__", "")).append('{');
            labels.forEach((k, v) -> {
                if (!k.equals("__name__")) {
                    b.append(b.charAt(b.length() - 1) == '{' ? "" : ", ").append(k).append("=\"").append(v).append('"');
                }
            });
            return Shown.line(b.append('}').toString(), 160);
        }
    }

    private QueryResult() {}

    /** Reads the facts of the answer into the observation and adds the built-in checks "no NaN" and "not empty". */
    static void observe(JsonNode data, PrometheusProbe.Spec spec, Observation obs) throws TargetFailure {
        String type = data.path("resultType").asText("");
        JsonNode result = data.path("result");
        List<Series> series = new ArrayList<>();
        switch (type) {
            case "scalar" -> series.add(new Series(Map.of(), List.of(number(result))));
            case "vector" -> {
                for (JsonNode s : result) {
                    series.add(new Series(labels(s.path("metric")), List.of(number(s.path("value")))));
                }
            }
            case "matrix" -> {
                for (JsonNode s : result) {
                    List<Double> values = new ArrayList<>();
                    for (JsonNode point : s.path("values")) {
                        values.add(number(point));
                    }
                    if (!values.isEmpty()) {
                        series.add(new Series(labels(s.path("metric")), values));
                    }
                }
            }
            case "string" -> throw new TargetFailure("the query returned a string, not numbers: "
                    + Shown.quoted(result.path(1).asText(), 80));
            default -> throw new TargetFailure("Prometheus answered an unknown result type " + Shown.quoted(type, 40));
        }
        obs.fact("resultType", type);
        obs.fact("series", series.size());
        List<Object> all = new ArrayList<>();
        List<Map<String, Object>> entries = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        List<String> nan = new ArrayList<>();
        for (Series s : series) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("labels", s.labels());
            entry.put("value", as(s.last(), spec.unit()));
            if (type.equals("matrix")) {
                entry.put("values", s.values().stream().map(v -> as(v, spec.unit())).toList());
            }
            entries.add(entry);
            for (double v : s.values()) {
                all.add(as(v, spec.unit()));
                if (Double.isNaN(v)) {
                    nan.add(s.describe());
                } else {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        obs.fact("result", entries);
        obs.fact("values", all);
        if (series.isEmpty()) {
            String reason = "the query returned no series";
            obs.unavailable("value", reason).unavailable("min", reason).unavailable("max", reason);
        } else {
            if (series.size() == 1) {
                obs.fact("value", as(series.get(0).last(), spec.unit()));
            } else {
                obs.unavailable("value", "the query returned " + series.size()
                        + " series: read max, min, values or result[i].value");
            }
            if (nan.isEmpty()) {
                obs.fact("min", as(min, spec.unit())).fact("max", as(max, spec.unit()));
            } else {
                obs.unavailable("min", "the result holds NaN").unavailable("max", "the result holds NaN");
            }
        }
        evidence(series, type, obs);
        if (!spec.allowEmpty()) {
            obs.check("result not empty", !series.isEmpty(), series.isEmpty()
                    ? "the query returned no series (a metric nobody exports, or a selector that matches nothing)"
                    : series.size() + " series");
        }
        obs.check("no NaN", nan.isEmpty(), nan.isEmpty() ? "every value is a number"
                : "the query returned NaN for " + String.join(", ", nan.subList(0, Math.min(3, nan.size())))
                        + (nan.size() > 3 ? " and " + (nan.size() - 3) + " more" : "")
                        + " (0/0: no samples in the window?)");
    }

    private static void evidence(List<Series> series, String type, Observation obs) {
        int shown = 0;
        for (Series s : series) {
            if (shown++ == 5) {
                obs.evidence("... " + (series.size() - 5) + " more series");
                break;
            }
            String value = type.equals("matrix")
                    ? s.values().size() + " points, last " + fmt(s.last())
                    : fmt(s.last());
            obs.evidence((type.equals("scalar") ? "scalar" : s.describe()) + " = " + value);
        }
    }

    /** A sample {@code [timestamp, "value"]}; Prometheus writes NaN and infinities as strings too. */
    private static double number(JsonNode point) throws TargetFailure {
        String text = point.path(1).asText(null);
        if (text == null) {
            throw new TargetFailure("Prometheus answered a sample without a value: " + Shown.quoted(point.toString(), 80));
        }
        switch (text) {
            case "NaN": return Double.NaN;
            case "+Inf": case "Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new TargetFailure("Prometheus answered a sample that is not a number: " + Shown.quoted(text, 40));
                }
        }
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> labels = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metric.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            labels.put(e.getKey(), e.getValue().asText());
        }
        return labels;
    }

    private static Object as(double v, PrometheusProbe.Unit unit) {
        if (unit == PrometheusProbe.Unit.DURATION && Double.isFinite(v)) {
            return Duration.ofNanos(Math.round(v * 1e9));
        }
        return v;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
