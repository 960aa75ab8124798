package dev.deploycheck.backend.db;

import com.zaxxer.hikari.SQLExceptionOverride;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A circuit breaker in front of the pool. It opens on the first sign of an outage — a connection that cannot be
 * had, or a statement failing because the server went away (HikariCP shows this class every SQLException a
 * pooled connection throws) — and while it is open {@link Database#connection()} fails at once, so requests
 * answer 503 in microseconds instead of each waiting for the pool. A prober tries a real query every
 * {@value #PROBE_EVERY_MS} ms and closes the circuit when one succeeds.
 */
final class ConnectionCircuit implements SQLExceptionOverride, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCircuit.class);
    static final long PROBE_EVERY_MS = 250;

    private final AtomicBoolean open = new AtomicBoolean();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "database-prober");
        t.setDaemon(true);
        return t;
    });
    private volatile DataSource probeWith;

    /** The pool the prober tries; set once it exists (the circuit is configured into it first). */
    void probeWith(DataSource dataSource) {
        this.probeWith = dataSource;
    }

    boolean isOpen() {
        return open.get();
    }

    /** Opens the circuit when {@code e} says the database cannot be reached; other failures pass by. */
    void failed(Throwable e) {
        if (!Outage.isOutage(e) || !open.compareAndSet(false, true)) return;
        LOG.warn("database unreachable, answering 503 until it is back: {}", e.getMessage());
        scheduleProbe();
    }

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        failed(e);
        return Override.CONTINUE_EVICT;
    }

    private void probe() {
        DataSource ds = probeWith;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            open.set(false);
            LOG.info("database reachable again");
        } catch (SQLException | RuntimeException e) {
            scheduleProbe();
        }
    }

    private void scheduleProbe() {
        try {
            prober.schedule(this::probe, PROBE_EVERY_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    @java.lang.Override
    public void close() {
        prober.shutdownNow();
    }
}
