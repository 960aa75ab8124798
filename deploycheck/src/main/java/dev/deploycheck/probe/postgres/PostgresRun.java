package dev.deploycheck.probe.postgres;

import dev.deploycheck.checklist.Durations;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.Reasons;
import dev.deploycheck.probe.TargetFailure;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one postgres probe: the adapter that touches the live database. Every statement runs read-only. */
final class PostgresRun {
    private final PostgresProbe.Spec spec;
    private final ProbeContext ctx;
    private final Observation obs = new Observation();

    PostgresRun(PostgresProbe.Spec spec, ProbeContext ctx) {
        this.spec = spec;
        this.ctx = ctx;
    }

    /**
     * The session runs on a helper thread, bounded by the item's deadline; whatever ends it, every socket it
     * opened is closed before this returns ({@link TrackedSockets}).
     */
    Observation run() throws Exception {
        PostgresUrl url = spec.url();
        if (url == null) {
            throw new IllegalStateException("no PostgreSQL URL to connect to");
        }
        ctx.redactor().add(url.password());
        String run = UUID.randomUUID().toString();
        TrackedSockets.begin(run);
        FutureTask<Observation> task = new FutureTask<>(() -> session(url, run));
        Thread t = new Thread(task, "deploycheck-postgres-" + ctx.itemId());
        t.setDaemon(true);
        t.start();
        try {
            return task.get(Math.max(1, ctx.remaining().toMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw timedOut(url);
        } finally {
            task.cancel(true);
            TrackedSockets.end(run);
        }
    }

    private TargetFailure timedOut(PostgresUrl url) {
        Duration budget = ctx.timeout() != null ? ctx.timeout() : ctx.remaining();
        return new TargetFailure("PostgreSQL at " + url.display() + " timed out after " + Durations.format(budget));
    }

    private Observation session(PostgresUrl url, String run) throws TargetFailure {
        long start = System.nanoTime();
        try (Connection c = connect(url, run)) {
            // read-only transaction: a probe's query can never change the database it checks
            c.setAutoCommit(false);
            c.setReadOnly(true);
            String serverVersion = single(c, "SHOW server_version").toString();
            if (spec.query() != null) {
                userQuery(c);
            }
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            obs.fact("latency", latency);
            obs.fact("server", Map.of("version", serverVersion));
            obs.evidence("connected to " + url.display() + " (PostgreSQL " + serverVersion + ") in "
                    + Durations.format(latency));
            connections(c);
            if (spec.migrations() != null) {
                migrations(c);
            }
            if (!spec.indexes().isEmpty()) {
                indexes(c);
            }
            c.rollback();
        } catch (SQLException e) {
            if (timedOut(e)) {
                throw timedOut(url);
            }
            throw new TargetFailure(message(url, e), e);
        }
        return obs;
    }

    /** The driver's socket read timeout, or its connect timeout: the server did not answer in time. */
    private static boolean timedOut(SQLException e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private Connection connect(PostgresUrl url, String run) throws SQLException {
        Properties props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        String secs = String.valueOf(Math.max(1, ctx.remaining().toSeconds()));
        props.setProperty("connectTimeout", secs);
        // no loginTimeout: the driver would connect on a thread of its own that outlives a timeout
        props.setProperty("socketFactory", TrackedSockets.class.getName());
        props.setProperty("socketFactoryArg", run);
        props.setProperty("socketTimeout", secs);
        props.setProperty("ApplicationName", "deploycheck");
        Connection c = new org.postgresql.Driver().connect(url.jdbcUrl(), props);
        if (c == null) {
            throw new SQLException("the PostgreSQL driver does not accept " + url.display());
        }
        return c;
    }

    private void userQuery(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(timeoutSeconds());
            s.setMaxRows(10_000);
            boolean hasRows = s.execute(spec.query());
            int rows = 0;
            Object value = null;
            if (hasRows) {
                try (ResultSet rs = s.getResultSet()) {
                    while (rs.next()) {
                        if (rows++ == 0) {
                            value = plain(rs.getObject(1));
                        }
                    }
                }
            } else {
                rows = Math.max(0, s.getUpdateCount());
            }
            obs.fact("rows", rows);
            if (value != null) {
                obs.fact("value", value);
            }
            obs.evidence("query returned " + rows + " row(s)" + (value == null ? "" : ", first value " + value));
        } catch (SQLException e) {
            throw new SQLException("query failed: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    private void connections(Connection c) throws SQLException {
        int max = Integer.parseInt(single(c, "SHOW max_connections").toString());
        // background workers are not connections a pool competes for
        Object used = single(c, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'");
        int inUse = ((Number) used).intValue();
        double headroom = max == 0 ? 0 : 1.0 - (double) inUse / max;
        obs.fact("connections", Map.of("max", max, "used", inUse));
        obs.fact("pool", Map.of("headroom", headroom));
        obs.evidence(String.format(java.util.Locale.ROOT, "connections: %d of %d in use (headroom %.0f%%)",
                inUse, max, headroom * 100));
    }

    private void migrations(Connection c) throws SQLException {
        PostgresProbe.Migrations m = spec.migrations();
        String table = quoted(m.table());
        Map<String, Object> facts = new LinkedHashMap<>();
        if (single(c, "SELECT to_regclass('" + table.replace("'", "''") + "')") == null) {
            facts.put("applied", 0);
            facts.put("failed", 0);
            obs.fact("migrations", facts);
            obs.check("migrations.table", false, "no migration history table " + m.table());
            return;
        }
        List<String> ok = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(timeoutSeconds());
            try (ResultSet rs = s.executeQuery("SELECT version, description, success FROM " + table)) {
                while (rs.next()) {
                    String v = rs.getString(1);
                    String label = v == null ? "repeatable '" + rs.getString(2) + "'" : v;
                    if (rs.getBoolean(3)) {
                        if (v != null) {
                            ok.add(v);
                        }
                    } else {
                        failed.add(label);
                    }
                }
            }
        }
        String latest = ok.stream().max(Comparator.comparing(PostgresRun::versionKey, PostgresRun::compareVersions))
                .orElse(null);
        if (latest != null) {
            facts.put("version", latest);
        }
        facts.put("applied", ok.size());
        facts.put("failed", failed.size());
        obs.check("migrations.failed", failed.isEmpty(),
                failed.isEmpty() ? "no failed migration" : "failed migration(s): " + String.join(", ", failed));
        m.expectedVersion().ifPresent(expected -> {
            boolean pending = latest == null || compareVersions(versionKey(latest), versionKey(expected)) < 0;
            facts.put("expected", expected);
            facts.put("pending", pending);
            boolean at = latest != null && compareVersions(versionKey(latest), versionKey(expected)) == 0;
            obs.check("migrations.version", at, "latest applied " + (latest == null ? "none" : latest)
                    + ", expected " + expected);
        });
        obs.fact("migrations", facts);
        obs.evidence("migrations (" + m.table() + "): latest " + (latest == null ? "none" : latest) + ", "
                + ok.size() + " applied, " + failed.size() + " failed");
    }

    private void indexes(Connection c) throws SQLException {
        // one query for all names (one round trip, not one per index: it adds up over a slow link)
        java.util.Set<String> found = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT indexname, schemaname || '.' || indexname FROM pg_indexes"
                        + " WHERE indexname = ANY(?) OR schemaname || '.' || indexname = ANY(?)")) {
            ps.setQueryTimeout(timeoutSeconds());
            java.sql.Array names = c.createArrayOf("text", spec.indexes().toArray());
            ps.setArray(1, names);
            ps.setArray(2, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                    found.add(rs.getString(2));
                }
            }
        }
        List<String> present = new ArrayList<>();
        for (String name : spec.indexes()) {
            if (found.contains(name)) {
                present.add(name);
            }
        }
        List<String> missing = new ArrayList<>(spec.indexes());
        missing.removeAll(present);
        obs.fact("indexes", Map.of("present", List.copyOf(present), "missing", List.copyOf(missing)));
        obs.check("indexes", missing.isEmpty(), missing.isEmpty()
                ? "all " + present.size() + " required index(es) present"
                : "missing index(es): " + String.join(", ", missing));
    }

    private Object single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(timeoutSeconds());
            try (ResultSet rs = s.executeQuery(sql)) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    private int timeoutSeconds() {
        return (int) Math.max(1, ctx.remaining().toSeconds());
    }

    private String message(PostgresUrl url, SQLException e) {
        String text = Reasons.message(e);
        if (url.password() != null && url.password().length() >= 4) {
            text = text.replace(url.password(), "****");
        }
        String line = text.lines().findFirst().orElse(text);
        return text.startsWith("query failed") ? line : "PostgreSQL at " + url.display() + ": " + line;
    }

    /** Quotes each part of {@code schema.table} as an identifier (the name was validated at load). */
    private static String quoted(String table) {
        StringBuilder sb = new StringBuilder();
        for (String part : table.split("\\.")) {
            sb.append(sb.length() == 0 ? "" : ".").append('"').append(part.replace("\"", "\"\"")).append('"');
        }
        return sb.toString();
    }

    /** A value for expectations: whole numbers as Long, timestamps as Instant, other objects as text. */
    static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Integer
                || v instanceof Double) {
            return v;
        }
        if (v instanceof BigDecimal) {
            BigDecimal d = (BigDecimal) v;
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                return d.doubleValue();
            }
        }
        if (v instanceof Number) {
            return v instanceof Float ? ((Number) v).doubleValue() : ((Number) v).longValue();
        }
        if (v instanceof java.sql.Timestamp) {
            return ((java.sql.Timestamp) v).toInstant();
        }
        if (v instanceof OffsetDateTime) {
            return ((OffsetDateTime) v).toInstant();
        }
        return v.toString();
    }

    /** Flyway versions such as {@code 1}, {@code 1.1}, {@code 2024_01_15.2}: compared part by part, numerically. */
    static List<BigInteger> versionKey(String v) {
        List<BigInteger> parts = new ArrayList<>();
        for (String p : v.split("[._]")) {
            try {
                parts.add(new BigInteger(p.trim()));
            } catch (NumberFormatException e) {
                parts.add(BigInteger.ZERO);
            }
        }
        return parts;
    }

    static int compareVersions(List<BigInteger> a, List<BigInteger> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            BigInteger x = i < a.size() ? a.get(i) : BigInteger.ZERO;
            BigInteger y = i < b.size() ? b.get(i) : BigInteger.ZERO;
            int c = x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
