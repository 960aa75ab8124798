package dev.deploycheck.probe.headers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Content-Security-Policy: parsing and the Observatory's CSP test (the rules of standards.md; where they are
 * silent, as mdn/mdn-http-observatory does it: http: sources count only against an https site, 'unsafe-eval' in
 * style-src counts, an empty source list means 'none', report-uri/report-to may repeat). Only the enforced header counts
 * ({@code Content-Security-Policy-Report-Only} enforces nothing). Several policies (several header lines, or
 * policies separated by commas) are each graded and the best one counts: every policy is enforced, so the
 * strictest bounds what a page may do.
 */
final class Csp {
    static final String TEST = "content-security-policy";
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final Pattern SCHEME_WILDCARD = Pattern.compile("[a-z][a-z0-9+.-]*://\\*(\\.\\*)?(:\\*)?/?");
    private static final Set<String> BROAD = Set.of("*", "http:", "https:", "ftp:");
    private static final List<String> PASSIVE = List.of("img-src", "media-src");
    private static final Set<String> NO_FALLBACK = Set.of("base-uri", "form-action");
    private static final Set<String> REPEATABLE = Set.of("report-uri", "report-to");
    /** Directives whose sources are not content: never "active". */
    private static final Set<String> NOT_CONTENT = Set.of("report-uri", "report-to", "img-src", "media-src");

    /** One parsed policy: directive name (lower case) to its sources (lower case), in header order. */
    record Policy(Map<String, List<String>> directives) {
        List<String> get(String name) {
            return directives.get(name);
        }

        /** A fetch directive with the default-src fallback; {@code *} when neither is set. */
        List<String> effective(String name) {
            List<String> v = directives.get(name);
            if (v == null && !NO_FALLBACK.contains(name)) {
                v = directives.get("default-src");
            }
            return v == null ? (NO_FALLBACK.contains(name) ? List.of() : List.of("*")) : v;
        }
    }

    /** Thrown for a policy the Observatory calls invalid (result {@code csp-header-invalid}). */
    static final class InvalidException extends Exception {
        InvalidException(String message) {
            super(message);
        }
    }

    private Csp() {}

    /** Parses every policy in the header values (lines, and comma-separated policies within a line). */
    static List<Policy> parse(List<String> headerValues) throws InvalidException {
        List<Policy> out = new ArrayList<>();
        for (String line : headerValues) {
            for (String policy : line.split(",")) {
                out.add(parseOne(policy));
            }
        }
        return out;
    }

    static Policy parseOne(String text) throws InvalidException {
        Map<String, List<String>> d = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            String[] tokens = p.split("[ \t]+");
            String name = tokens[0].toLowerCase(Locale.ROOT);
            if (!NAME.matcher(name).matches()) {
                throw new InvalidException("invalid directive name '" + tokens[0] + "'");
            }
            if (d.containsKey(name)) {
                if (REPEATABLE.contains(name)) {
                    continue; // the first one counts, as in browsers
                }
                throw new InvalidException("directive '" + name + "' given twice");
            }
            List<String> sources = new ArrayList<>();
            for (int i = 1; i < tokens.length; i++) {
                if (!tokens[i].chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                    throw new InvalidException("invalid source '" + tokens[i] + "' in " + name);
                }
                sources.add(tokens[i].toLowerCase(Locale.ROOT));
            }
            if (sources.isEmpty() && name.endsWith("-src")) {
                sources.add("'none'"); // an empty source list allows nothing
            }
            d.put(name, List.copyOf(sources));
        }
        if (d.isEmpty()) {
            throw new InvalidException("empty policy");
        }
        return new Policy(d);
    }

    /** The CSP test over the response's headers; {@code policy[0]} receives the graded policy (null when none). */
    static TestResult test(boolean https, List<String> enforced, List<String> reportOnly, Policy[] graded) {
        if (enforced.isEmpty()) {
            return new TestResult(TEST, "csp-not-implemented", -25, reportOnly.isEmpty()
                    ? "no Content-Security-Policy header"
                    : "only Content-Security-Policy-Report-Only, which enforces nothing");
        }
        List<Policy> policies;
        try {
            policies = parse(enforced);
        } catch (InvalidException e) {
            return new TestResult(TEST, "csp-header-invalid", -25, e.getMessage() + " in '" + String.join(", ", enforced) + "'");
        }
        TestResult best = null;
        for (Policy p : policies) {
            TestResult r = grade(p, https);
            if (best == null || r.modifier() > best.modifier()) {
                best = r;
                graded[0] = p;
            }
        }
        return best;
    }

    /**
     * Grades one policy, worst finding first, in the Observatory's order. http: sources only count against an https
     * site (over http they are no downgrade).
     */
    static TestResult grade(Policy p, boolean https) {
        List<String> script = new ArrayList<>(p.effective("script-src"));
        List<String> object = p.effective("object-src");
        List<String> style = new ArrayList<>(p.effective("style-src"));
        for (List<String> list : List.of(script, style)) {
            if (list.stream().anyMatch(Csp::isNonceOrHash)) {
                list.remove("'unsafe-inline'"); // CSP2: a nonce or hash neutralises 'unsafe-inline'
            }
        }
        if (script.contains("'strict-dynamic'")) {
            if (script.stream().noneMatch(Csp::isNonceOrHash)) {
                return new TestResult(TEST, "csp-header-invalid", -25,
                        "'strict-dynamic' in script-src needs a nonce or a hash");
            }
            // with strict-dynamic, browsers ignore broad sources, 'self' and 'unsafe-inline'
            script.removeIf(s -> isBroad(s) || s.startsWith("http:") || s.startsWith("https:")
                    || s.equals("'self'") || s.equals("'unsafe-inline'"));
        }
        List<String> why = new ArrayList<>();
        if (script.contains("'unsafe-inline'")) {
            why.add("script-src allows 'unsafe-inline'");
        }
        if (script.contains("data:")) {
            why.add("script-src allows data:");
        }
        script.stream().filter(Csp::isBroad).forEach(s -> why.add("script-src allows " + s + unset(p, "script-src")));
        object.stream().filter(Csp::isBroad).forEach(s -> why.add("object-src allows " + s + unset(p, "object-src")));
        if (!why.isEmpty()) {
            return new TestResult(TEST, "csp-implemented-with-unsafe-inline", -20, String.join("; ", why));
        }
        if (https) {
            for (Map.Entry<String, List<String>> d : p.directives().entrySet()) {
                if (NOT_CONTENT.contains(d.getKey())) {
                    continue;
                }
                List<String> sources = d.getKey().equals("script-src") ? script : d.getValue();
                for (String s : sources) {
                    if (insecure(s)) {
                        return new TestResult(TEST, "csp-implemented-with-insecure-scheme", -20,
                                d.getKey() + " allows " + s + " (active content over plain http on an https site)");
                    }
                }
            }
        }
        if (script.contains("'unsafe-eval'") || style.contains("'unsafe-eval'")) {
            return new TestResult(TEST, "csp-implemented-with-unsafe-eval", -10,
                    (script.contains("'unsafe-eval'") ? "script-src" : "style-src") + " allows 'unsafe-eval'");
        }
        if (https) {
            for (String d : PASSIVE) {
                for (String s : p.effective(d)) {
                    if (insecure(s)) {
                        return new TestResult(TEST, "csp-implemented-with-insecure-scheme-in-passive-content-only",
                                -10, d + " allows " + s);
                    }
                }
            }
        }
        List<String> unsafeStyle = style.stream()
                .filter(s -> s.equals("'unsafe-inline'") || s.equals("data:") || isBroad(s)).toList();
        if (!unsafeStyle.isEmpty()) {
            return new TestResult(TEST, "csp-implemented-with-unsafe-inline-in-style-src-only", 0,
                    "style-src allows " + String.join(" ", unsafeStyle) + unset(p, "style-src") + " (scripts are safe)");
        }
        if (List.of("'none'").equals(p.get("default-src"))) {
            return new TestResult(TEST, "csp-implemented-with-no-unsafe-default-src-none", 10,
                    "default-src 'none' and no unsafe source");
        }
        return new TestResult(TEST, "csp-implemented-with-no-unsafe", 5, "no unsafe source");
    }

    private static String unset(Policy p, String directive) {
        return p.get(directive) == null && p.get("default-src") == null
                ? " (neither " + directive + " nor default-src is set)" : "";
    }

    /** {@code *}, {@code http:}, {@code https:}, {@code ftp:} or a scheme with a host wildcard ({@code https://*}). */
    static boolean isBroad(String s) {
        return BROAD.contains(s) || SCHEME_WILDCARD.matcher(s).matches();
    }

    private static boolean insecure(String s) {
        return s.startsWith("http:") || s.startsWith("ftp:");
    }

    static boolean isNonceOrHash(String s) {
        return s.startsWith("'nonce-") || s.startsWith("'sha256-") || s.startsWith("'sha384-")
                || s.startsWith("'sha512-");
    }

    /** frame-ancestors set to something narrower than {@code *}. */
    static boolean restrictsFraming(Policy p) {
        List<String> fa = p == null ? null : p.get("frame-ancestors");
        return fa != null && !fa.isEmpty() && fa.stream().noneMatch(Csp::isBroad);
    }
}
