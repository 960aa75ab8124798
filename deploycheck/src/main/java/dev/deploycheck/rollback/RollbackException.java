package dev.deploycheck.rollback;

/** A rollback that cannot start (no action in the profile, the lock is held), with the exit code it maps to. */
public final class RollbackException extends RuntimeException {
    private final int exitCode;

    public RollbackException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
