package dev.deploycheck.probe.env;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value formats an env item can require: {@code url}, {@code email}, {@code port}, {@code hostname},
 * {@code int}, {@code bool}, {@code uuid}, {@code base64}, {@code base64:N} (decodes to exactly N bytes; also
 * written {@code base64-N}), {@code hex}, {@code hex:N}. A failure names the format, never the value.
 */
final class Formats {
    static final List<String> NAMES = List.of("url", "email", "port", "hostname", "int", "bool", "uuid", "base64",
            "base64:N", "hex", "hex:N");
    private static final Pattern SIZED = Pattern.compile("(base64|hex)(?:[:-](\\d+))?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern LABEL = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern UUID = Pattern.compile("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Formats() {}

    static boolean known(String format) {
        return List.of("url", "email", "port", "hostname", "int", "bool", "uuid").contains(format)
                || SIZED.matcher(format).matches();
    }

    /** Why {@code value} is not in {@code format}, or empty when it is. */
    static Optional<String> problem(String format, String value) {
        String v = value.strip();
        switch (format) {
            case "url": return url(v);
            case "email": return EMAIL.matcher(v).matches() ? Optional.empty() : Optional.of("not an email address");
            case "port": return port(v);
            case "hostname": return hostname(v) ? Optional.empty() : Optional.of("not a valid hostname");
            case "int": return v.matches("[+-]?\\d+") ? Optional.empty() : Optional.of("not a whole number");
            case "bool": return v.matches("(?i)true|false|yes|no|on|off|1|0") ? Optional.empty()
                    : Optional.of("not a boolean");
            case "uuid": return UUID.matcher(v).matches() ? Optional.empty() : Optional.of("not a UUID");
            default: return sized(format, v);
        }
    }

    private static Optional<String> url(String v) {
        try {
            URI u = new URI(v);
            if (u.getScheme() == null) {
                return Optional.of("not an absolute URL (no scheme)");
            }
            if (u.getHost() == null && u.getAuthority() == null) {
                return Optional.of("URL has no host");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
    }

    private static Optional<String> port(String v) {
        if (!v.matches("\\d{1,5}")) {
            return Optional.of("not a port number");
        }
        int p = Integer.parseInt(v);
        return p >= 1 && p <= 65535 ? Optional.empty() : Optional.of("port " + p + " out of range 1-65535");
    }

    static boolean hostname(String v) {
        String h = v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
        if (h.isEmpty() || h.length() > 253) {
            return false;
        }
        for (String label : h.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> sized(String format, String v) {
        Matcher m = SIZED.matcher(format);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown format " + format);
        }
        Integer want = m.group(2) == null ? null : Integer.valueOf(m.group(2));
        byte[] bytes;
        if (m.group(1).equals("hex")) {
            if (!v.matches("(?i)([0-9a-f]{2})+")) {
                return Optional.of("not hex");
            }
            bytes = new byte[v.length() / 2];
        } else {
            bytes = base64(v);
            if (bytes == null) {
                return Optional.of("not base64");
            }
        }
        if (want != null && bytes.length != want) {
            return Optional.of("decodes to " + bytes.length + " bytes, expected " + want);
        }
        return Optional.empty();
    }

    /** Standard or URL-safe alphabet, padded or not. */
    private static byte[] base64(String v) {
        if (!v.matches("[A-Za-z0-9+/_-]+={0,2}")) {
            return null;
        }
        String s = v.replace('-', '+').replace('_', '/').replace("=", "");
        try {
            return Base64.getDecoder().decode(s); // padding is optional for the JDK decoder
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
