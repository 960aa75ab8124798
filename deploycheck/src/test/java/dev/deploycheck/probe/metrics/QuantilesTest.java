package dev.deploycheck.probe.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** histogram_quantile's arithmetic, case by case (values worked out by hand from PromQL's algorithm). */
class QuantilesTest {
    /** Buckets as "le:count" pairs; "inf" for +Inf. */
    private static List<Quantiles.Bucket> buckets(String spec) {
        List<Quantiles.Bucket> out = new ArrayList<>();
        for (String pair : spec.split(" ")) {
            String[] p = pair.split(":");
            out.add(new Quantiles.Bucket(p[0].equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(p[0]),
                    Double.parseDouble(p[1])));
        }
        return out;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // 100 observations: 0.1 -> 50, 0.5 -> 90, 1 -> 99, +Inf -> 100
                Arguments.of("median inside first bucket", 0.5, "0.1:50 0.5:90 1:99 inf:100", 0.1),
                Arguments.of("p25 interpolated in first bucket from 0", 0.25, "0.1:50 0.5:90 1:99 inf:100", 0.05),
                Arguments.of("p70 interpolated in second bucket", 0.7, "0.1:50 0.5:90 1:99 inf:100", 0.3),
                Arguments.of("p95 interpolated in third bucket", 0.95, "0.1:50 0.5:90 1:99 inf:100", 0.5 + 0.5 * 5 / 9),
                Arguments.of("p99.5 lands in +Inf: highest finite bound", 0.995, "0.1:50 0.5:90 1:99 inf:100", 1.0),
                Arguments.of("order of buckets does not matter", 0.7, "inf:100 0.5:90 0.1:50 1:99", 0.3),
                Arguments.of("no observations", 0.5, "0.1:0 inf:0", Double.NaN),
                Arguments.of("no +Inf bucket", 0.5, "0.1:1 1:2", Double.NaN),
                Arguments.of("single bucket", 0.5, "inf:3", Double.NaN),
                Arguments.of("q above 1", 1.5, "0.1:1 inf:1", Double.POSITIVE_INFINITY),
                Arguments.of("q below 0", -0.1, "0.1:1 inf:1", Double.NEGATIVE_INFINITY),
                Arguments.of("negative first bound is returned as is", 0.1, "-1:5 0:10 inf:10", -1.0),
                Arguments.of("non-monotonic counts repaired", 0.5, "0.1:50 0.5:40 1:100 inf:100", 0.1),
                Arguments.of("q=1 is the highest finite bound reached", 1.0, "0.25:2 0.5:4 inf:4", 0.5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void quantile(String title, double q, String spec, double expected) {
        assertEquals(expected, Quantiles.quantile(q, buckets(spec)), 1e-12);
    }
}
