package dev.deploycheck.backend.health;

import dev.deploycheck.backend.config.AppConfig;
import dev.deploycheck.backend.db.Database;
import dev.deploycheck.backend.db.Redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Checks the dependencies (PostgreSQL, Redis, migrations) and reports what is running. */
public final class HealthService {
    private final Database database;
    private final Redis redis;
    private final AppConfig.BuildInfo build;
    private final Instant startedAt = Instant.now();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    public HealthService(Database database, Redis redis, AppConfig.BuildInfo build) {
        this.database = database;
        this.redis = redis;
        this.build = build;
    }

    /** One dependency's state; {@code detail} is the migration version for the database, the error when down. */
    public record Check(String status, double latencyMs, String detail) {
        boolean up() {
            return status.equals("up");
        }
    }

    /** The /api/health body. */
    public record Health(String status, String version, String commit, long uptimeSeconds, Instant startedAt, Map<String, Check> checks) { }

    /** The /api/ready body: reasons are empty when ready. */
    public record Readiness(boolean ready, List<String> reasons) { }

    public Health health() {
        Map<String, Check> checks = checks();
        boolean ok = checks.values().stream().allMatch(Check::up);
        return new Health(ok ? "ok" : "degraded", build.version(), build.commit(),
                Duration.between(startedAt, Instant.now()).toSeconds(), startedAt, checks);
    }

    public Readiness readiness() {
        List<String> reasons = new ArrayList<>();
        if (shuttingDown.get()) reasons.add("shutting down");
        checks().forEach((name, check) -> {
            if (!check.up()) reasons.add(name + ": " + check.detail());
        });
        return new Readiness(reasons.isEmpty(), reasons);
    }

    /** From now on readiness fails, so load balancers stop sending traffic while in-flight requests finish. */
    public void markShuttingDown() {
        shuttingDown.set(true);
    }

    private Map<String, Check> checks() {
        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put("database", databaseCheck());
        checks.put("redis", redisCheck());
        return checks;
    }

    private Check databaseCheck() {
        long start = System.nanoTime();
        try {
            Optional<String> applied = database.appliedMigration();
            double ms = millisSince(start);
            if (applied.isEmpty() || !applied.get().equals(database.latestMigration())) {
                return new Check("down", ms, "migrations not current: database at " + applied.orElse("none")
                        + ", this build expects " + database.latestMigration());
            }
            return new Check("up", ms, "migration " + applied.get());
        } catch (Exception e) {
            return new Check("down", millisSince(start), "unreachable (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Check redisCheck() {
        long start = System.nanoTime();
        try {
            redis.ping();
            return new Check("up", millisSince(start), null);
        } catch (Exception e) {
            return new Check("down", millisSince(start), "unreachable (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static double millisSince(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 10_000.0) / 100.0;
    }
}
