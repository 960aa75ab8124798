package dev.deploycheck.backend.db;

/** Thrown by repositories for a database failure, so services need not declare SQLException. */
public final class Sql {
    private Sql() { }

    /** An unchecked wrapper for {@link java.sql.SQLException}. */
    public static final class Failure extends RuntimeException {
        public Failure(java.sql.SQLException cause) {
            super("database error: " + cause.getMessage(), cause);
        }
    }
}
