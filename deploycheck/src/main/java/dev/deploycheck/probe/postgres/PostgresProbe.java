package dev.deploycheck.probe.postgres;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.checklist.Variables;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeKind;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code probe: postgres}: connects with plain JDBC, optionally runs a read-only query, reads the Flyway schema
 * history, looks for required indexes and measures connection headroom. Facts: {@code rows}, {@code value},
 * {@code migrations.*}, {@code indexes.*}, {@code connections.*}, {@code pool.headroom}, {@code server.version},
 * {@code latency}.
 */
public final class PostgresProbe implements ProbeKind {
    /** What to check, read from the item's parameters. */
    record Spec(PostgresUrl url, String query, Migrations migrations, List<String> indexes) {}

    /** {@code migrations: {table, version}}: the history table and the version that must be the latest applied. */
    record Migrations(String table, Optional<String> expectedVersion) {}

    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String summary() {
        return "PostgreSQL: connect, query, Flyway migrations, required indexes, connection headroom";
    }

    @Override
    public Set<String> keys() {
        return Set.of("url", "user", "password", "query", "migrations", "indexes");
    }

    @Override
    public Set<String> facts() {
        return Set.of("rows", "value", "migrations", "indexes", "connections", "pool", "server", "latency");
    }

    @Override
    public Probe create(Params params) {
        String rawUrl = params.url("url");
        Optional<String> user = params.optString("user");
        Optional<String> password = params.optString("password");
        String query = params.optString("query").orElse(null);
        Migrations migrations = null;
        if (params.has("migrations")) {
            Params m = params.child("migrations", Set.of("table", "version"));
            String table = m.string("table", "flyway_schema_history");
            if (!TABLE.matcher(table).matches()) {
                m.error("table", "'table' must be a table name such as flyway_schema_history or schema.table");
            }
            migrations = new Migrations(table, m.optString("version"));
        }
        List<String> indexes = params.strings("indexes");
        PostgresUrl url = null;
        if (!(params.validating() && Variables.hasRefs(rawUrl)) && !rawUrl.isEmpty()) {
            try {
                url = PostgresUrl.parse(rawUrl);
            } catch (IllegalArgumentException e) {
                params.error("url", "'url' is not a PostgreSQL URL: " + e.getMessage());
            }
        }
        if (url != null && (user.isPresent() || password.isPresent())) {
            url = new PostgresUrl(url.jdbcUrl(), user.orElse(url.user()), password.orElse(url.password()), url.display());
        }
        Spec spec = new Spec(url, query, migrations, List.copyOf(indexes));
        return ctx -> new PostgresRun(spec, ctx).run();
    }
}
