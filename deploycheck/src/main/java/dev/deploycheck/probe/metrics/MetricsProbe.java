package dev.deploycheck.probe.metrics;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeKind;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code probe: metrics}: scrapes a Prometheus text endpoint and computes named facts {@code metric.<name>} from it
 * (see {@link MetricQuery} for the definitions), plus {@code series} (samples scraped) and {@code duration}.
 */
public final class MetricsProbe implements ProbeKind {
    /** What to scrape and compute. */
    record Spec(String url, Map<String, String> headers, List<MetricQuery> queries, dev.deploycheck.probe.http.TlsOptions tls) {}

    private static final Set<String> DEFINITION_KEYS =
            Set.of("value", "sum", "ratio", "quantile", "histogram", "summary", "where", "of", "as");

    /** The names under {@code metrics:} are the user's own: every key is allowed. */
    private static final Set<String> ANY_NAME = new AbstractSet<>() {
        @Override
        public boolean contains(Object o) {
            return true;
        }

        @Override
        public Iterator<String> iterator() {
            return Collections.emptyIterator();
        }

        @Override
        public int size() {
            return 0;
        }
    };

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public String summary() {
        return "Prometheus metrics: values, sums, ratios (error rate) and histogram quantiles from one scrape";
    }

    @Override
    public Set<String> keys() {
        return Set.of("url", "headers", "metrics", "caFile", "insecure");
    }

    @Override
    public Set<String> facts() {
        return Set.of("metric", "series", "duration");
    }

    @Override
    public Probe create(Params params) {
        String url = params.url("url");
        Map<String, String> headers = params.stringMap("headers");
        List<MetricQuery> queries = new ArrayList<>();
        Params defs = params.child("metrics", ANY_NAME);
        for (String name : defs.keys()) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                params.problems().add(defs.keyPos(name), "metric name '" + name
                        + "' must be letters, digits and _ (it becomes the fact metric." + name + ")", null, name.length());
            }
            MetricQuery q = definition(name, defs.child(name, DEFINITION_KEYS));
            if (q != null) {
                queries.add(q);
            }
        }
        Spec spec = new Spec(url, headers, List.copyOf(queries), dev.deploycheck.probe.http.TlsOptions.read(params));
        return ctx -> new MetricsRun(spec, ctx).run();
    }

    private static MetricQuery definition(String name, Params d) {
        List<String> ops = new ArrayList<>();
        for (String op : List.of("value", "sum", "ratio", "quantile")) {
            if (d.has(op)) {
                ops.add(op);
            }
        }
        if (ops.size() != 1) {
            d.error(ops.isEmpty() ? "value" : ops.get(1), ops.isEmpty()
                    ? "metric '" + name + "' needs one of value, sum, ratio or quantile"
                    : "metric '" + name + "' can have only one of value, sum, ratio, quantile");
            return null;
        }
        String op = ops.get(0);
        Selector where = selector(d, "where");
        Selector of = selector(d, "of");
        if (d.has("of") && !op.equals("ratio")) {
            d.error("of", "'of' is the denominator of a ratio; this metric is a " + op);
        }
        MetricQuery.Unit unit = MetricQuery.Unit.AUTO;
        if (d.has("as")) {
            String as = d.string("as", "");
            switch (as) {
                case "number": unit = MetricQuery.Unit.NUMBER; break;
                case "duration": unit = MetricQuery.Unit.DURATION; break;
                default: d.error("as", "'as' must be number or duration, found '" + as + "'");
            }
        }
        if (op.equals("quantile")) {
            double q = d.number("quantile", Double.NaN);
            if (!Double.isNaN(q) && (q < 0 || q > 1)) {
                d.error("quantile", "'quantile' must be between 0 and 1, found " + MetricQuery.fmt(q));
            }
            boolean histogram = d.has("histogram");
            if (histogram == d.has("summary")) {
                d.error("quantile", "a quantile needs either 'histogram: <name>' or 'summary: <name>'");
                return null;
            }
            String metric = d.string(histogram ? "histogram" : "summary");
            return new MetricQuery(name, histogram ? MetricQuery.Op.HISTOGRAM_QUANTILE : MetricQuery.Op.SUMMARY_QUANTILE,
                    metric, where, Selector.ALL, q, unit);
        }
        for (String misplaced : List.of("histogram", "summary")) {
            if (d.has(misplaced)) {
                d.error(misplaced, "'" + misplaced + "' goes with 'quantile'");
            }
        }
        MetricQuery.Op kind = op.equals("value") ? MetricQuery.Op.VALUE
                : op.equals("sum") ? MetricQuery.Op.SUM : MetricQuery.Op.RATIO;
        return new MetricQuery(name, kind, d.string(op), where, of, Double.NaN, unit);
    }

    private static Selector selector(Params d, String key) {
        String text = d.optString(key).orElse(null);
        if (text == null) {
            return Selector.ALL;
        }
        if (d.validating() && text.contains("${")) {
            return Selector.ALL;
        }
        try {
            return Selector.parse(text);
        } catch (IllegalArgumentException e) {
            d.error(key, "'" + key + "' is not a label selector: " + e.getMessage());
            return Selector.ALL;
        }
    }
}
