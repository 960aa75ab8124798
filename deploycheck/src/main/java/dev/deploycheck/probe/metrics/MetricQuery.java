package dev.deploycheck.probe.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One named metric fact, computed from a scrape:
 * <ul>
 *   <li>{@code value: m} — the value of the single series of {@code m} that matches {@code where};</li>
 *   <li>{@code sum: m} — the sum over matching series (0 when none match);</li>
 *   <li>{@code ratio: m} — sum over series matching {@code where} / sum over series matching {@code of} (default:
 *       all series of {@code m}; {@code of} may name another metric: {@code jvm_memory_max_bytes{area="heap"}});
 *       0 when the denominator is 0;</li>
 *   <li>{@code quantile: q} with {@code histogram: h} — PromQL {@code histogram_quantile} over {@code h_bucket}
 *       summed by {@code le}; or with {@code summary: s} — the series {@code s{quantile="q"}} (the highest when
 *       several match).</li>
 * </ul>
 * Unit rule: a result read from a metric whose name ends in {@code _seconds} (or {@code _seconds_sum},
 * {@code _seconds_max}) is a Duration; ratios and everything else are numbers. {@code as: number|duration}
 * overrides. Values are cumulative since the target started (a scrape has no rate).
 */
record MetricQuery(String name, Op op, String metric, Selector where, Selector of, double q, Unit unit) {
    enum Op { VALUE, SUM, RATIO, HISTOGRAM_QUANTILE, SUMMARY_QUANTILE }

    enum Unit { AUTO, NUMBER, DURATION }

    /** A computed value and one line of evidence explaining it. */
    record Result(Object value, String evidence) {}

    Result evaluate(Exposition e) {
        switch (op) {
            case VALUE: {
                List<Sample> matching = matching(e, metric, where);
                if (matching.size() != 1) {
                    throw new IllegalStateException("metric " + name + ": " + matching.size() + " series of " + metric
                            + describeWhere() + " match; 'value' needs exactly one (use 'sum' or narrow 'where')");
                }
                double v = matching.get(0).value();
                return new Result(typed(v, metric), metric + describeWhere() + " = " + fmt(v));
            }
            case SUM: {
                List<Sample> matching = matching(e, metric, where);
                double v = sum(matching);
                return new Result(typed(v, metric), "sum(" + metric + describeWhere() + ") = " + fmt(v) + " over "
                        + matching.size() + " series");
            }
            case RATIO: {
                double num = sum(matching(e, metric, where));
                String denominator = of.metric() != null ? of.metric() : metric;
                double den = sum(matching(e, denominator, of));
                double v = den == 0 ? 0 : num / den;
                return new Result(v, metric + ": " + fmt(num) + " of " + fmt(den) + " = " + fmt(v)
                        + (den == 0 ? " (no samples: ratio taken as 0)" : ""));
            }
            case HISTOGRAM_QUANTILE: {
                double v = Quantiles.histogram(e, metric, where, q);
                return new Result(typed(v, metric), "histogram_quantile(" + fmt(q) + ", " + metric + "_bucket"
                        + describeWhere() + ") = " + fmt(v));
            }
            default: {
                List<Sample> matching = matching(e, metric, where).stream()
                        .filter(s -> s.label("quantile") != null && parses(s.label("quantile"), q)).toList();
                double v = matching.stream().mapToDouble(Sample::value).max().orElse(Double.NaN);
                return new Result(typed(v, metric), metric + "{quantile=\"" + fmt(q) + "\"}" + describeWhere() + " = "
                        + fmt(v) + (matching.size() > 1 ? " (highest of " + matching.size() + " series)" : ""));
            }
        }
    }

    private String describeWhere() {
        return where == Selector.ALL ? "" : "{" + where + "}";
    }

    private static List<Sample> matching(Exposition e, String metric, Selector sel) {
        return e.named(metric).stream().filter(sel::matches).toList();
    }

    private static double sum(List<Sample> samples) {
        return samples.stream().mapToDouble(Sample::value).sum();
    }

    private static boolean parses(String label, double q) {
        try {
            return Double.parseDouble(label) == q;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private Object typed(double v, String metricName) {
        boolean seconds = unit == Unit.DURATION
                || (unit == Unit.AUTO && metricName.matches(".*_seconds(_sum|_max)?"));
        if (!seconds || Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        return Duration.ofNanos(Math.round(v * 1e9));
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("0+$", "").replaceAll("\\.$", "")
                .replace("e+", "e");
    }
}
