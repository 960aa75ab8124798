package dev.deploycheck.probe.headers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Set-Cookie parsing and the Observatory's cookie test. A "session" cookie is one whose name contains
 * {@code login} or {@code sess}, an anti-CSRF cookie one whose name contains {@code csrf}. The worst finding
 * over all cookies is the result.
 */
final class Cookies {
    static final String TEST = "cookies";

    /** One Set-Cookie line; {@code sameSite} null when the attribute is absent. */
    record Cookie(String name, boolean secure, boolean httpOnly, String sameSite) {
        boolean session() {
            String n = name.toLowerCase(Locale.ROOT);
            return n.contains("login") || n.contains("sess");
        }

        boolean antiCsrf() {
            return name.toLowerCase(Locale.ROOT).contains("csrf");
        }

        Map<String, Object> asFact() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("secure", secure);
            m.put("httpOnly", httpOnly);
            m.put("sameSite", sameSite);
            m.put("session", session());
            return m;
        }
    }

    private Cookies() {}

    static List<Cookie> parse(List<String> setCookie) {
        List<Cookie> out = new ArrayList<>();
        for (String line : setCookie) {
            String[] parts = line.split(";");
            int eq = parts[0].indexOf('=');
            String name = (eq < 0 ? parts[0] : parts[0].substring(0, eq)).trim();
            boolean secure = false;
            boolean httpOnly = false;
            String sameSite = null;
            for (int i = 1; i < parts.length; i++) {
                String a = parts[i].trim();
                int e = a.indexOf('=');
                String k = (e < 0 ? a : a.substring(0, e)).trim().toLowerCase(Locale.ROOT);
                if (k.equals("secure")) {
                    secure = true;
                } else if (k.equals("httponly")) {
                    httpOnly = true;
                } else if (k.equals("samesite")) {
                    sameSite = e < 0 ? "" : a.substring(e + 1).trim();
                }
            }
            out.add(new Cookie(name, secure, httpOnly, sameSite));
        }
        return out;
    }

    static TestResult test(List<Cookie> cookies, boolean hsts) {
        if (cookies.isEmpty()) {
            return new TestResult(TEST, "cookies-not-found", 0, "no Set-Cookie");
        }
        List<TestResult> findings = new ArrayList<>();
        boolean allSameSite = true;
        for (Cookie c : cookies) {
            String who = (c.session() ? "session cookie '" : "cookie '") + c.name() + "'";
            if (c.sameSite() == null) {
                allSameSite = false;
                if (c.antiCsrf()) {
                    findings.add(new TestResult(TEST, "cookies-anticsrf-without-samesite-flag", -20,
                            who + " has no SameSite"));
                }
            } else if (!c.sameSite().equalsIgnoreCase("strict") && !c.sameSite().equalsIgnoreCase("lax")) {
                findings.add(new TestResult(TEST, "cookies-samesite-flag-invalid", -20,
                        who + " has SameSite=" + c.sameSite() + ", not Strict or Lax"));
            }
            if (!c.secure()) {
                if (c.session()) {
                    findings.add(hsts
                            ? new TestResult(TEST, "cookies-session-without-secure-flag-but-protected-by-hsts", -10,
                                    who + " without Secure (HSTS protects it)")
                            : new TestResult(TEST, "cookies-session-without-secure-flag", -40,
                                    who + " without Secure"));
                } else {
                    findings.add(hsts
                            ? new TestResult(TEST, "cookies-without-secure-flag-but-protected-by-hsts", -5,
                                    who + " without Secure (HSTS protects it)")
                            : new TestResult(TEST, "cookies-without-secure-flag", -20, who + " without Secure"));
                }
            }
            if (c.session() && !c.httpOnly()) {
                findings.add(new TestResult(TEST, "cookies-session-without-httponly-flag", -30,
                        who + " without HttpOnly"));
            }
        }
        if (!findings.isEmpty()) {
            TestResult worst = findings.stream().min(Comparator.comparingInt(TestResult::modifier)).orElseThrow();
            String all = String.join("; ", findings.stream().map(TestResult::detail).toList());
            return new TestResult(TEST, worst.result(), worst.modifier(), all);
        }
        return allSameSite
                ? new TestResult(TEST, "cookies-secure-with-httponly-sessions-and-samesite", 5,
                        cookies.size() + " cookie(s): Secure, sessions HttpOnly, SameSite set")
                : new TestResult(TEST, "cookies-secure-with-httponly-sessions", 0,
                        cookies.size() + " cookie(s): Secure, sessions HttpOnly; not all set SameSite");
    }
}
