package dev.deploycheck.backend.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells a database outage (no connection can be had, or the server went away mid-statement) from any other
 * failure, so that the API can answer 503 with Retry-After instead of 500.
 */
public final class Outage {
    /** SQLSTATE 57P01-57P03: admin shutdown, crash shutdown, cannot connect now (starting up, shutting down). */
    private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");

    private Outage() { }

    /** Whether {@code e}, or any of its causes, says the database cannot be reached. */
    public static boolean isOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) return true;
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SHUTDOWN_STATES.contains(sql.getSQLState()))) {
                return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
    }
}
