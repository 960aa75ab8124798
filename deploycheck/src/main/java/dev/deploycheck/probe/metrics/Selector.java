package dev.deploycheck.probe.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * PromQL label matchers, as in {@code status=~"5..", uri="/api/health"} (braces optional): {@code =}, {@code !=},
 * {@code =~}, {@code !~}; regexes are anchored at both ends as in PromQL; a missing label matches as "".
 */
public final class Selector {
    /** One matcher: label, operator and value (a compiled pattern for the regex operators). */
    record Matcher(String label, String op, String value, Pattern regex) {
        boolean matches(Sample s) {
            String v = s.labels().getOrDefault(label, "");
            switch (op) {
                case "=": return v.equals(value);
                case "!=": return !v.equals(value);
                case "=~": return regex.matcher(v).matches();
                default: return !regex.matcher(v).matches();
            }
        }
    }

    public static final Selector ALL = new Selector(List.of(), "");

    private final List<Matcher> matchers;
    private final String text;
    private String metric;

    private Selector(List<Matcher> matchers, String text) {
        this.matchers = List.copyOf(matchers);
        this.text = text;
    }

    /** The metric name written before the braces ({@code jvm_memory_max_bytes{area="heap"}}), or null. */
    public String metric() {
        return metric;
    }

    public boolean matches(Sample s) {
        for (Matcher m : matchers) {
            if (!m.matches(s)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }

    /** Parses the matchers; throws IllegalArgumentException with what is wrong. */
    public static Selector parse(String text) {
        String t = text.trim();
        int brace = t.indexOf('{');
        if (brace > 0 && t.endsWith("}") && t.substring(0, brace).matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            Selector s = parse(t.substring(brace));
            s.metric = t.substring(0, brace);
            return s;
        }
        if (t.matches("[a-zA-Z_:][a-zA-Z0-9_:]*") && !t.contains("=")) {
            Selector s = new Selector(List.of(), t);
            s.metric = t;
            return s;
        }
        if (t.startsWith("{") && t.endsWith("}")) {
            t = t.substring(1, t.length() - 1).trim();
        }
        List<Matcher> out = new ArrayList<>();
        int i = 0;
        while (i < t.length()) {
            int start = i;
            while (i < t.length() && (Character.isLetterOrDigit(t.charAt(i)) || t.charAt(i) == '_')) {
                i++;
            }
            String label = t.substring(start, i);
            if (label.isEmpty() || Character.isDigit(label.charAt(0))) {
                throw new IllegalArgumentException("expected a label name at '" + t.substring(start) + "'");
            }
            i = skip(t, i);
            String op = t.startsWith("=~", i) ? "=~" : t.startsWith("!~", i) ? "!~" : t.startsWith("!=", i) ? "!="
                    : t.startsWith("=", i) ? "=" : null;
            if (op == null) {
                throw new IllegalArgumentException("expected =, !=, =~ or !~ after '" + label + "'");
            }
            i = skip(t, i + op.length());
            if (i >= t.length() || (t.charAt(i) != '"' && t.charAt(i) != '\'')) {
                throw new IllegalArgumentException("expected a quoted value after '" + label + op + "'");
            }
            char quote = t.charAt(i);
            StringBuilder v = new StringBuilder();
            i++;
            while (i < t.length() && t.charAt(i) != quote) {
                char c = t.charAt(i);
                if (c == '\\' && i + 1 < t.length()) {
                    char n = t.charAt(++i);
                    v.append(n == 'n' ? '\n' : n == '\\' || n == '"' || n == '\'' ? String.valueOf(n) : "\\" + n);
                } else {
                    v.append(c);
                }
                i++;
            }
            if (i >= t.length()) {
                throw new IllegalArgumentException("unterminated value for '" + label + "'");
            }
            i = skip(t, i + 1);
            Pattern regex = null;
            if (op.endsWith("~")) {
                try {
                    regex = Pattern.compile(v.toString(), Pattern.DOTALL);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("invalid regex for '" + label + "': " + e.getDescription());
                }
            }
            out.add(new Matcher(label, op, v.toString(), regex));
            if (i < t.length()) {
                if (t.charAt(i) != ',') {
                    throw new IllegalArgumentException("expected ',' between matchers at '" + t.substring(i) + "'");
                }
                i = skip(t, i + 1);
            }
        }
        return new Selector(out, text.trim());
    }

    private static int skip(String t, int i) {
        while (i < t.length() && Character.isWhitespace(t.charAt(i))) {
            i++;
        }
        return i;
    }
}
