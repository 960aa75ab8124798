package dev.deploycheck.probe.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Quantiles from cumulative histogram buckets, computed as PromQL's {@code histogram_quantile} does. */
public final class Quantiles {
    /** A cumulative bucket: observations less than or equal to {@code upperBound}. */
    public record Bucket(double upperBound, double count) {}

    private Quantiles() {}

    /**
     * Sums the {@code <name>_bucket} series that match the selector by {@code le} (like {@code sum by (le)}) and
     * interpolates linearly inside the bucket holding the q-th observation. NaN when there are no observations,
     * fewer than two buckets, or no {@code +Inf} bucket.
     */
    public static double histogram(Exposition e, String name, Selector where, double q) {
        Map<Double, Double> byLe = new TreeMap<>();
        for (Sample s : e.named(name + "_bucket")) {
            String le = s.label("le");
            if (le == null || !where.matches(s)) {
                continue;
            }
            double bound;
            try {
                bound = le.equalsIgnoreCase("+Inf") || le.equalsIgnoreCase("Inf")
                        ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            } catch (NumberFormatException ex) {
                continue;
            }
            byLe.merge(bound, s.value(), Double::sum);
        }
        List<Bucket> buckets = new ArrayList<>();
        byLe.forEach((b, c) -> buckets.add(new Bucket(b, c)));
        return quantile(q, buckets);
    }

    /** PromQL's bucketQuantile over cumulative buckets (any order). */
    public static double quantile(double q, List<Bucket> in) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        List<Bucket> buckets = new ArrayList<>(in);
        buckets.sort(Comparator.comparingDouble(Bucket::upperBound));
        if (buckets.size() < 2 || buckets.get(buckets.size() - 1).upperBound() != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        // counts must not decrease (scrapes can race with observations); PromQL repairs the same way
        double max = 0;
        for (int k = 0; k < buckets.size(); k++) {
            max = Math.max(max, buckets.get(k).count());
            buckets.set(k, new Bucket(buckets.get(k).upperBound(), max));
        }
        double observations = buckets.get(buckets.size() - 1).count();
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        while (b < buckets.size() - 1 && buckets.get(b).count() < rank) {
            b++;
        }
        if (b == buckets.size() - 1) {
            return buckets.get(buckets.size() - 2).upperBound();
        }
        if (b == 0 && buckets.get(0).upperBound() <= 0) {
            return buckets.get(0).upperBound();
        }
        double start = 0;
        double end = buckets.get(b).upperBound();
        double count = buckets.get(b).count();
        if (b > 0) {
            start = buckets.get(b - 1).upperBound();
            count -= buckets.get(b - 1).count();
            rank -= buckets.get(b - 1).count();
        }
        return start + (end - start) * (rank / count);
    }
}
