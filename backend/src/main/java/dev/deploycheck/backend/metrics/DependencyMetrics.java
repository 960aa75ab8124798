package dev.deploycheck.backend.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Whether PostgreSQL and Redis answer, checked at every scrape: {@code dependency_up{dependency}} is 1 when the
 * check passed and 0 when it failed, and {@code dependency_connection_failures_total{dependency}} counts the failed
 * checks, which the alert rules DatabaseConnectionFailures and RedisConnectionFailures read (monitoring/rules).
 * The counter exists from the start at 0, so that {@code increase()} sees the first failure. A check is bounded by
 * the client's own timeouts (Hikari's 3 s connection timeout, Jedis' 1 s).
 */
public final class DependencyMetrics {
    /** A round trip to the dependency; throws when it does not answer. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    private DependencyMetrics() {}

    public static void register(MeterRegistry registry, String dependency, Check check) {
        Counter failures = Counter.builder("dependency.connection.failures").tag("dependency", dependency)
                .description("checks of a dependency that failed (one per scrape while it is down)").register(registry);
        Gauge.builder("dependency.up", () -> {
            try {
                check.run();
                return 1;
            } catch (Exception e) {
                failures.increment();
                return 0;
            }
        }).tag("dependency", dependency).description("1 when the dependency answered the scrape's check").register(registry);
    }
}
