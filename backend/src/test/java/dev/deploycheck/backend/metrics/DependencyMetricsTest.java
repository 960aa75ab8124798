package dev.deploycheck.backend.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** dependency_up follows the check at each scrape; each failed check adds one to the failure counter. */
class DependencyMetricsTest {
    @Test
    void upFollowsTheCheckAndFailuresAreCountedFromZero() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicBoolean redisDown = new AtomicBoolean();
        DependencyMetrics.register(registry, "database", () -> { });
        DependencyMetrics.register(registry, "redis", () -> {
            if (redisDown.get()) throw new IllegalStateException("connection refused");
        });
        String healthy = registry.scrape();
        assertTrue(healthy.contains("dependency_up{dependency=\"redis\"} 1.0"), healthy);
        assertTrue(healthy.contains("dependency_connection_failures_total{dependency=\"redis\"} 0.0"), healthy);

        redisDown.set(true);
        String first = registry.scrape();
        assertTrue(first.contains("dependency_up{dependency=\"redis\"} 0.0"), first);
        String second = registry.scrape();
        assertTrue(second.contains("dependency_connection_failures_total{dependency=\"redis\"} 2.0")
                || second.contains("dependency_connection_failures_total{dependency=\"redis\"} 1.0"), second);
        String third = registry.scrape();
        // by the third scrape both failures are counted, whichever meter the registry wrote first
        assertTrue(third.contains("dependency_connection_failures_total{dependency=\"redis\"} 2.0")
                || third.contains("dependency_connection_failures_total{dependency=\"redis\"} 3.0"), third);
        assertTrue(third.contains("dependency_up{dependency=\"database\"} 1.0"), third);
        assertTrue(third.contains("dependency_connection_failures_total{dependency=\"database\"} 0.0"), third);
    }
}
