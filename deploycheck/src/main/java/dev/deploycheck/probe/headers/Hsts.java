package dev.deploycheck.probe.headers;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Strict-Transport-Security: parsing and the Observatory's HSTS test. A browser ignores the header over plain
 * http, so a site without HTTPS fails the test ({@code hsts-not-implemented-no-https}, "not applicable over http").
 * The Observatory's +5 for a preloaded host needs Chromium's preload list, which deploycheck does not consult:
 * {@code preload} is reported as a fact, without the bonus.
 */
final class Hsts {
    static final String TEST = "strict-transport-security";
    static final long SIX_MONTHS = 15_552_000L;

    /** A parsed header; {@code maxAge} -1 when the header is absent or invalid. */
    record Parsed(boolean present, long maxAge, boolean includeSubDomains, boolean preload, String invalid) {
        static final Parsed ABSENT = new Parsed(false, -1, false, false, null);
    }

    private Hsts() {}

    static Parsed parse(List<String> values) {
        if (values.isEmpty()) {
            return Parsed.ABSENT;
        }
        if (values.size() > 1) {
            return new Parsed(true, -1, false, false, "header repeated " + values.size() + " times");
        }
        long maxAge = -1;
        boolean sub = false;
        boolean preload = false;
        Set<String> seen = new HashSet<>();
        for (String part : values.get(0).split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                return new Parsed(true, -1, false, false, "directive '" + name + "' repeated");
            }
            if (name.equals("max-age")) {
                String v = eq < 0 ? "" : p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                if (!v.matches("\\d{1,18}")) {
                    return new Parsed(true, -1, false, false, "max-age '" + v + "' is not a number of seconds");
                }
                maxAge = Long.parseLong(v);
            } else if (name.equals("includesubdomains")) {
                sub = true;
            } else if (name.equals("preload")) {
                preload = true;
            }
        }
        if (maxAge < 0) {
            return new Parsed(true, -1, sub, preload, "no max-age");
        }
        return new Parsed(true, maxAge, sub, preload, null);
    }

    static TestResult test(boolean https, Parsed h) {
        if (!https) {
            return new TestResult(TEST, "hsts-not-implemented-no-https", -20,
                    "not applicable over http: the site was graded without HTTPS");
        }
        if (!h.present()) {
            return new TestResult(TEST, "hsts-not-implemented", -20, "no Strict-Transport-Security header");
        }
        if (h.invalid() != null) {
            return new TestResult(TEST, "hsts-header-invalid", -20, h.invalid());
        }
        if (h.maxAge() < SIX_MONTHS) {
            return new TestResult(TEST, "hsts-implemented-max-age-less-than-six-months", -10,
                    "max-age (" + h.maxAge() + ") < " + SIX_MONTHS);
        }
        return new TestResult(TEST, "hsts-implemented-max-age-at-least-six-months", 0,
                "max-age=" + h.maxAge() + (h.includeSubDomains() ? "; includeSubDomains" : "")
                        + (h.preload() ? "; preload" : ""));
    }

    /** HSTS that protects cookies: valid and at least six months (the Observatory's "protected by HSTS"). */
    static boolean protects(boolean https, Parsed h) {
        return https && h.invalid() == null && h.maxAge() >= SIX_MONTHS;
    }
}
