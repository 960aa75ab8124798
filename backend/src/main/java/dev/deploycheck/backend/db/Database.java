package dev.deploycheck.backend.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.deploycheck.backend.config.AppConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Arrays;
import java.util.Optional;

/** The PostgreSQL connection pool (HikariCP) and the schema (Flyway migrations in db/migration). */
public final class Database implements AutoCloseable {
    /** How long a request may wait for a pooled connection; also how long the first request of an outage waits. */
    static final long POOL_WAIT_MS = 1_000;

    private final HikariDataSource dataSource;
    private final String latestMigration;
    private final ConnectionCircuit circuit;

    private Database(HikariDataSource dataSource, String latestMigration, ConnectionCircuit circuit) {
        this.dataSource = dataSource;
        this.latestMigration = latestMigration;
        this.circuit = circuit;
    }

    /** Opens the pool and applies every pending migration. */
    public static Database connectAndMigrate(AppConfig.Database db, int poolSize, MeterRegistry registry) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("backend");
        hc.setJdbcUrl(db.jdbcUrl());
        if (db.user() != null) hc.setUsername(db.user());
        if (db.password() != null) hc.setPassword(db.password().asString());
        hc.setMaximumPoolSize(poolSize);
        hc.setMinimumIdle(Math.min(2, poolSize));
        hc.setConnectionTimeout(POOL_WAIT_MS);
        hc.setValidationTimeout(1_000);
        hc.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        ConnectionCircuit circuit = new ConnectionCircuit();
        hc.setExceptionOverride(circuit);
        HikariDataSource ds = new HikariDataSource(hc);
        circuit.probeWith(ds);
        try {
            Flyway flyway = Flyway.configure().dataSource(ds).locations("classpath:db/migration").load();
            flyway.migrate();
            String latest = Arrays.stream(flyway.info().all())
                    .map(MigrationInfo::getVersion).filter(v -> v != null)
                    .reduce((a, b) -> b).map(Object::toString).orElse("0");
            return new Database(ds, latest, circuit);
        } catch (RuntimeException e) {
            circuit.close();
            ds.close();
            throw e;
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * A pooled connection; fails at once while the database is known to be unreachable ({@link ConnectionCircuit})
     * instead of making every request wait {@link #POOL_WAIT_MS} for the pool.
     */
    public Connection connection() throws SQLException {
        if (circuit.isOpen()) throw new SQLTransientConnectionException("the database is unreachable (retrying in the background)", "08000");
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            circuit.failed(e);
            throw e;
        }
    }

    /** The newest migration this build ships. */
    public String latestMigration() {
        return latestMigration;
    }

    /** The newest migration applied to the database, read live (readiness compares it with {@link #latestMigration()}). */
    public Optional<String> appliedMigration() throws SQLException {
        try (Connection c = connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /** Round trip to the server; throws when it does not answer. */
    public void ping() throws SQLException {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = ps.executeQuery()) {
            rs.next();
        }
    }

    public int activeConnections() {
        return dataSource.getHikariPoolMXBean() == null ? 0 : dataSource.getHikariPoolMXBean().getActiveConnections();
    }

    @Override
    public void close() {
        circuit.close();
        dataSource.close();
    }
}
