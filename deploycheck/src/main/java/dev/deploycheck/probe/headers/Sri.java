package dev.deploycheck.probe.headers;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Subresource integrity of an HTML page's {@code <script src>}: all scripts same-origin or carrying SRI +5;
 * external scripts over HTTPS without SRI -5; any over http or protocol-relative {@code //} -20 with SRI, -50
 * without. Inline scripts are CSP's business.
 */
final class Sri {
    static final String TEST = "subresource-integrity";
    private static final Pattern SCRIPT = Pattern.compile("(?is)<script\\b([^>]*)>");
    private static final Pattern SRC = Pattern.compile("(?is)\\bsrc\\s*=\\s*(\"([^\"]*)\"|'([^']*)'|([^\\s>]+))");
    private static final Pattern INTEGRITY = Pattern.compile("(?is)\\bintegrity\\s*=");

    private Sri() {}

    static TestResult test(URI page, String contentType, String body) {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (!ct.contains("html")) {
            return new TestResult(TEST, "sri-not-implemented-response-not-html", 0,
                    "Content-Type (" + (contentType == null ? "none" : contentType) + ") is not HTML");
        }
        List<String> insecureSri = new ArrayList<>();
        List<String> insecure = new ArrayList<>();
        List<String> externalNoSri = new ArrayList<>();
        int scripts = 0;
        int withSri = 0;
        Matcher m = SCRIPT.matcher(body);
        while (m.find()) {
            Matcher src = SRC.matcher(m.group(1));
            if (!src.find()) {
                continue;
            }
            scripts++;
            String s = src.group(2) != null ? src.group(2) : src.group(3) != null ? src.group(3) : src.group(4);
            boolean sri = INTEGRITY.matcher(m.group(1)).find();
            String lower = s.trim().toLowerCase(Locale.ROOT);
            if (lower.startsWith("//") || lower.startsWith("http://")) {
                (sri ? insecureSri : insecure).add(s);
            } else if (lower.startsWith("https://") && !sameOrigin(page, s.trim())) {
                if (sri) {
                    withSri++;
                } else {
                    externalNoSri.add(s);
                }
            }
        }
        if (!insecure.isEmpty()) {
            return new TestResult(TEST, "sri-not-implemented-and-external-scripts-not-loaded-securely", -50,
                    "scripts over http or // without integrity: " + insecure);
        }
        if (!insecureSri.isEmpty()) {
            return new TestResult(TEST, "sri-implemented-but-external-scripts-not-loaded-securely", -20,
                    "scripts over http or //: " + insecureSri);
        }
        if (!externalNoSri.isEmpty()) {
            return new TestResult(TEST, "sri-not-implemented-but-external-scripts-loaded-securely", -5,
                    "external scripts without integrity: " + externalNoSri);
        }
        if (scripts == 0) {
            return new TestResult(TEST, "sri-not-implemented-but-no-scripts-loaded", 0, "no <script src> in the page");
        }
        return new TestResult(TEST, "sri-implemented-and-external-scripts-loaded-securely", 5,
                scripts + " script(s): " + withSri + " external with integrity, the rest same-origin");
    }

    private static boolean sameOrigin(URI page, String src) {
        try {
            URI u = URI.create(src);
            return page.getScheme().equalsIgnoreCase(u.getScheme()) && page.getHost().equalsIgnoreCase(u.getHost())
                    && port(page) == port(u);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
