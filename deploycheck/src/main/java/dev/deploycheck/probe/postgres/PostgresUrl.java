package dev.deploycheck.probe.postgres;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A PostgreSQL connection target from either {@code postgres://user:pass@host:port/db?opts} (the form in
 * {@code DATABASE_URL}) or {@code jdbc:postgresql://host:port/db?user=..&password=..}, split into a JDBC URL
 * without credentials plus user and password, and a printable form with the password masked.
 */
record PostgresUrl(String jdbcUrl, String user, String password, String display) {
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&]password=)[^&]*");

    static PostgresUrl parse(String url) {
        String u = url.trim();
        if (u.startsWith("jdbc:postgresql:")) {
            return fromJdbc(u);
        }
        if (u.startsWith("postgres://") || u.startsWith("postgresql://")) {
            return fromUri(u);
        }
        throw new IllegalArgumentException("expected postgres://user:password@host:port/db or jdbc:postgresql://host:port/db");
    }

    /** The URL with any password replaced by {@code ****}, safe for messages and evidence. */
    static String mask(String url) {
        String m = url.replaceAll("(//[^:/@]*:)[^@/]*@", "$1****@");
        return PASSWORD_PARAM.matcher(m).replaceAll("$1****");
    }

    private static PostgresUrl fromUri(String u) {
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid URL: " + mask(u));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in " + mask(u));
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        String db = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "" : uri.getRawPath().substring(1);
        String host = uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost();
        String jdbc = "jdbc:postgresql://" + host + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + "/" + db;
        if (uri.getRawQuery() != null) {
            jdbc += "?" + uri.getRawQuery();
        }
        return new PostgresUrl(jdbc, user, password, mask(u));
    }

    private static PostgresUrl fromJdbc(String u) {
        int q = u.indexOf('?');
        if (q < 0) {
            return new PostgresUrl(u, null, null, u);
        }
        Map<String, String> rest = new LinkedHashMap<>();
        String user = null;
        String password = null;
        for (String kv : u.substring(q + 1).split("&")) {
            int eq = kv.indexOf('=');
            String k = eq < 0 ? kv : kv.substring(0, eq);
            String v = eq < 0 ? "" : decode(kv.substring(eq + 1));
            if (k.equalsIgnoreCase("user")) {
                user = v;
            } else if (k.equalsIgnoreCase("password")) {
                password = v;
            } else {
                rest.put(k, eq < 0 ? null : kv.substring(eq + 1));
            }
        }
        StringBuilder jdbc = new StringBuilder(u.substring(0, q));
        String sep = "?";
        for (Map.Entry<String, String> e : rest.entrySet()) {
            jdbc.append(sep).append(e.getKey()).append(e.getValue() == null ? "" : "=" + e.getValue());
            sep = "&";
        }
        return new PostgresUrl(jdbc.toString(), user, password, mask(u));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
