package dev.deploycheck.probe.redis;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** {@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://...} (TLS), with a masked printable form. */
record RedisUrl(String host, int port, String user, String password, int database, boolean tls, String display) {
    static RedisUrl parse(String url) {
        String u = url.trim();
        if (!u.startsWith("redis://") && !u.startsWith("rediss://")) {
            throw new IllegalArgumentException("expected redis://[:password@]host:port[/db] or rediss://...");
        }
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
            String name = decode(colon < 0 ? "" : info.substring(0, colon));
            // redis://secret@host is the legacy form: a bare userinfo is the password
            password = decode(colon < 0 ? info : info.substring(colon + 1));
            user = name.isEmpty() ? null : name;
        }
        int db = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("database must be a number, found '" + path.substring(1) + "'");
            }
        }
        return new RedisUrl(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), user, password, db,
                u.startsWith("rediss://"), mask(u));
    }

    static String mask(String url) {
        return url.replaceAll("(//[^:/@]*:)[^@/]*@", "$1****@").replaceAll("(//)([^:/@]+)@", "$1****@");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
