package dev.deploycheck.probe;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What an exception from a client library means, in one line a user can read: the known failures in words
 * ("untrusted certificate: no path to a trusted root", "not an HTTP response: ...", "WebSocket protocol error:
 * reserved bits set"), anything else as its message and root cause with exception class names taken out and
 * the target's bytes escaped ({@link Shown}).
 */
public final class Reasons {
    private static final Pattern CLASS_PREFIX = Pattern.compile(
            "(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?::\\s*|\\b)");
    private static final int MAX = 240;
    /** What the JDK's WebSocket client (inside the ProtocolException it reports) and Tyrus raise on a bad frame. */
    private static final java.util.Set<String> WEBSOCKET_ERRORS = java.util.Set.of(
            "jdk.internal.net.http.websocket.FailWebSocketException", "org.glassfish.tyrus.core.ProtocolException");

    private Reasons() {}

    /** The reason, on one line. */
    public static String of(Throwable e) {
        String known = known(e);
        if (known != null) {
            return known;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = message(e);
        String last = message(root);
        String text = root == e || root.getMessage() == null || top.contains(last) ? top : top + " (" + last + ")";
        return Shown.line(text, MAX);
    }

    /** The exception's own message without class names, or its kind in words when it has none. */
    public static String message(Throwable e) {
        String m = e.getMessage();
        if (m != null) {
            m = CLASS_PREFIX.matcher(m).replaceAll("").strip();
        }
        return m == null || m.isEmpty() ? words(e.getClass().getSimpleName()) : m;
    }

    /** "SocketTimeoutException" as "socket timeout". */
    static String words(String simpleName) {
        String s = simpleName.replaceAll("(Exception|Error)$", "");
        s = s.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return s.isBlank() ? "failed" : s;
    }

    private static String known(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CertPathBuilderException) {
                return "untrusted certificate: no path to a trusted root";
            }
            if (c instanceof CertificateExpiredException) {
                return "certificate expired" + detail(c);
            }
            if (c instanceof CertificateNotYetValidException) {
                return "certificate not yet valid" + detail(c);
            }
            if (c instanceof CertPathValidatorException v && v.getReason() != null
                    && v.getReason() != CertPathValidatorException.BasicReason.UNSPECIFIED) {
                return "certificate rejected: " + words(v.getReason().toString().replace("_", " ")).replace("  ", " ");
            }
            String m = c.getMessage();
            if (c instanceof java.net.http.HttpConnectTimeoutException) {
                return "connect timed out";
            }
            if (c instanceof java.net.http.HttpTimeoutException) {
                return "timed out";
            }
            if (c instanceof java.net.ConnectException
                    && (m == null || m.isBlank() || m.toLowerCase(Locale.ROOT).startsWith("connection refused"))) {
                return "connection refused";
            }
            if (c instanceof java.net.ProtocolException && m != null && m.startsWith("Invalid status line")) {
                String raw = m.substring("Invalid status line".length()).replaceFirst("^:\\s*", "");
                if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
                    raw = raw.substring(1, raw.length() - 1);
                }
                return "not an HTTP response: the server answered " + Shown.quoted(raw, 80);
            }
            if (WEBSOCKET_ERRORS.contains(c.getClass().getName())) {
                return "WebSocket protocol error: " + websocket(m);
            }
        }
        return null;
    }

    private static String websocket(String m) {
        if (m == null) {
            return "malformed frame";
        }
        if (m.toLowerCase(Locale.ROOT).contains("rsv")) {
            return "reserved bits set (" + Shown.line(m, 60) + ")";
        }
        return Shown.line(m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1), 120);
    }

    private static String detail(Throwable c) {
        String m = c.getMessage();
        return m == null || m.isBlank() ? "" : ": " + Shown.line(CLASS_PREFIX.matcher(m).replaceAll("").strip(), 160);
    }
}
