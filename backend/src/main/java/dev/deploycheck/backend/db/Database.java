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
import java.util.Arrays;
import java.util.Optional;

/** The PostgreSQL connection pool (HikariCP) and the schema (Flyway migrations in db/migration). */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final String latestMigration;

    private Database(HikariDataSource dataSource, String latestMigration) {
        this.dataSource = dataSource;
        this.latestMigration = latestMigration;
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
        hc.setConnectionTimeout(3_000);
        hc.setValidationTimeout(1_000);
        hc.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            Flyway flyway = Flyway.configure().dataSource(ds).locations("classpath:db/migration").load();
            flyway.migrate();
            String latest = Arrays.stream(flyway.info().all())
                    .map(MigrationInfo::getVersion).filter(v -> v != null)
                    .reduce((a, b) -> b).map(Object::toString).orElse("0");
            return new Database(ds, latest);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
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
        dataSource.close();
    }
}
