package dev.deploycheck.backend.http;

/**
 * Thrown by a before-handler that has already written the whole response (redirect, preflight). Unlike
 * skipping the remaining handlers, an exception still lets the after-handlers time and log the request.
 */
public final class Halted extends RuntimeException {
    public Halted() {
        super(null, null, false, false);
    }
}
