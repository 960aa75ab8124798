package dev.deploycheck.run;

import dev.deploycheck.probe.Reasons;
import dev.deploycheck.probe.Shown;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Turns an exception from a probe into a one-line reason, and decides whether it is a fact about the target
 * (connection refused, timeout, TLS failure, database error: FAIL) or a failure to run at all (ERROR).
 */
public final class Failures {
    private Failures() {}

    public static Throwable root(Throwable t) {
        Throwable c = t;
        while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** True when the exception (or a cause) describes the target's behaviour rather than a problem of deploycheck itself. */
    public static boolean aboutTarget(Throwable t) {
        for (Throwable c = root(t); c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (targetSide(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean targetSide(Throwable c) {
        return c instanceof IOException || c instanceof java.sql.SQLException || c instanceof TimeoutException
                || c.getClass().getName().startsWith("redis.clients.jedis.exceptions")
                || c instanceof java.io.UncheckedIOException;
    }

    /** One line, in words: what happened, never an exception class name. */
    public static String describe(Throwable t) {
        Throwable c = root(t);
        if (c instanceof dev.deploycheck.probe.TargetFailure) {
            return Shown.line(c.getMessage());
        }
        String m = c.getMessage() == null ? null : Reasons.message(c);
        if (c instanceof HttpConnectTimeoutException) {
            return "connect timed out" + suffix(m, "HTTP connect timed out");
        }
        if (c instanceof HttpTimeoutException || c instanceof SocketTimeoutException) {
            return "timed out" + suffix(m, "request timed out");
        }
        if (c instanceof ConnectException) {
            String cause = c.getCause() != null && c.getCause().getMessage() != null ? c.getCause().getMessage() : m;
            return "connection refused" + suffix(cause, "Connection refused");
        }
        if (c instanceof UnknownHostException) {
            return "unknown host " + (m == null ? "" : m);
        }
        if (c instanceof SSLException) {
            return "TLS failure: " + Reasons.of(c);
        }
        return Reasons.of(c);
    }

    private static String suffix(String m, String redundant) {
        if (m == null || m.isBlank() || m.equalsIgnoreCase(redundant)) {
            return "";
        }
        return ": " + m;
    }
}
