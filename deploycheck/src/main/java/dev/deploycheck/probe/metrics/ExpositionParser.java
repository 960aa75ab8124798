package dev.deploycheck.probe.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parser for the Prometheus text exposition format (0.0.4), tolerant of the OpenMetrics additions a scrape may
 * carry ({@code # EOF}, {@code # UNIT}, exemplars after {@code #}, float-second timestamps) and of quoted UTF-8
 * metric names ({@code {"my.metric",le="1"}}). Any malformed line fails the whole scrape, as in Prometheus, with its
 * line number.
 */
public final class ExpositionParser {
    /** A malformed exposition: the message names the line and what was expected. */
    public static final class ParseException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final String lineText;

        ParseException(int line, String message) {
            this(line, message, null);
        }

        private ParseException(int line, String message, String lineText) {
            super("line " + line + ": " + message);
            this.lineText = lineText;
        }

        /** The offending line as the target sent it (unescaped), or null. */
        public String lineText() {
            return lineText;
        }
    }

    private static final Set<String> TYPES =
            Set.of("counter", "gauge", "histogram", "summary", "untyped", "unknown", "info", "stateset", "gaugehistogram");

    private final String line;
    private final int lineNo;
    private int i;

    private ExpositionParser(String line, int lineNo) {
        this.line = line;
        this.lineNo = lineNo;
    }

    public static Exposition parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> help = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String l = lines[n].endsWith("\r") ? lines[n].substring(0, lines[n].length() - 1) : lines[n];
            if (l.isBlank()) {
                continue;
            }
            ExpositionParser p = new ExpositionParser(l, n + 1);
            try {
                if (l.stripLeading().startsWith("#")) {
                    p.comment(types, help);
                } else {
                    samples.add(p.sample());
                }
            } catch (ParseException e) {
                throw e.lineText != null ? e : new ParseException(n + 1, e.getMessage().replaceFirst("^line \\d+: ", ""), l);
            }
        }
        return new Exposition(samples, types, help);
    }

    private void comment(Map<String, String> types, Map<String, String> help) {
        String[] parts = line.stripLeading().substring(1).stripLeading().split("[ \t]+", 3);
        if (parts.length >= 2 && parts[0].equals("TYPE")) {
            String type = parts.length == 3 ? parts[2].trim().toLowerCase(java.util.Locale.ROOT) : "";
            if (!TYPES.contains(type)) {
                throw new ParseException(lineNo, "unknown metric type '" + type + "' for " + parts[1]);
            }
            types.put(parts[1], type);
        } else if (parts.length >= 2 && parts[0].equals("HELP")) {
            help.put(parts[1], parts.length == 3 ? unescape(parts[2], false) : "");
        }
        // any other comment (# UNIT, # EOF, free text) carries nothing we need
    }

    private Sample sample() {
        skipSpace();
        String name = "";
        if (i < line.length() && line.charAt(i) != '{') {
            name = metricName();
            if (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '\t' && line.charAt(i) != '{') {
                throw new ParseException(lineNo, "invalid character '" + line.charAt(i) + "' in metric name " + name);
            }
            skipSpace();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            name = labels(name, labels);
        }
        if (name.isEmpty()) {
            throw new ParseException(lineNo, "sample without a metric name");
        }
        skipSpace();
        double value = value(token());
        skipSpace();
        Long ts = null;
        if (i < line.length() && line.charAt(i) != '#') {
            ts = timestamp(token());
            skipSpace();
        }
        if (i < line.length() && line.charAt(i) != '#') {
            throw new ParseException(lineNo, "unexpected text after the sample: '" + line.substring(i) + "'");
        }
        return new Sample(name, labels, value, ts);
    }

    private String metricName() {
        int start = i;
        while (i < line.length() && isNameChar(line.charAt(i), i == start, true)) {
            i++;
        }
        if (i == start) {
            throw new ParseException(lineNo, "invalid metric name at '" + line.substring(start) + "'");
        }
        return line.substring(start, i);
    }

    /** Reads {@code {a="x",b="y",}}; returns the metric name, which may be given quoted inside the braces. */
    private String labels(String name, Map<String, String> labels) {
        i++; // {
        while (true) {
            skipSpace();
            if (i >= line.length()) {
                throw new ParseException(lineNo, "unclosed '{'");
            }
            if (line.charAt(i) == '}') {
                i++;
                return name;
            }
            String label;
            if (line.charAt(i) == '"') {
                label = quoted();
                skipSpace();
                if (i < line.length() && line.charAt(i) != '=') {
                    if (!name.isEmpty()) {
                        throw new ParseException(lineNo, "a second metric name \"" + label + "\"");
                    }
                    name = label;
                    comma();
                    continue;
                }
            } else {
                int start = i;
                while (i < line.length() && isNameChar(line.charAt(i), i == start, false)) {
                    i++;
                }
                if (i == start) {
                    throw new ParseException(lineNo, "invalid label name at '" + line.substring(start) + "'");
                }
                label = line.substring(start, i);
            }
            skipSpace();
            if (i >= line.length() || line.charAt(i) != '=') {
                throw new ParseException(lineNo, "expected '=' after label " + label);
            }
            i++;
            skipSpace();
            if (i >= line.length() || line.charAt(i) != '"') {
                throw new ParseException(lineNo, "expected a quoted value for label " + label);
            }
            if (labels.put(label, quoted()) != null) {
                throw new ParseException(lineNo, "duplicate label " + label);
            }
            comma();
        }
    }

    private void comma() {
        skipSpace();
        if (i < line.length() && line.charAt(i) == ',') {
            i++;
        } else if (i >= line.length() || line.charAt(i) != '}') {
            throw new ParseException(lineNo, "expected ',' or '}' in labels");
        }
    }

    private String quoted() {
        int start = ++i;
        while (i < line.length() && line.charAt(i) != '"') {
            i += line.charAt(i) == '\\' ? 2 : 1;
        }
        if (i >= line.length()) {
            throw new ParseException(lineNo, "unterminated label value");
        }
        String raw = line.substring(start, i++);
        return unescape(raw, true);
    }

    private static String unescape(String s, boolean quotes) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\\' && k + 1 < s.length()) {
                char n = s.charAt(++k);
                if (n == 'n') {
                    sb.append('\n');
                } else if (n == '\\' || (quotes && n == '"')) {
                    sb.append(n);
                } else {
                    sb.append('\\').append(n);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private String token() {
        int start = i;
        while (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
            i++;
        }
        return line.substring(start, i);
    }

    private double value(String t) {
        switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "":
                throw new ParseException(lineNo, "missing sample value");
            case "nan":
                return Double.NaN;
            case "+inf": case "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    if (t.endsWith("d") || t.endsWith("D") || t.endsWith("f") || t.endsWith("F")
                            || t.toLowerCase(java.util.Locale.ROOT).contains("infinity")) {
                        throw new NumberFormatException();
                    }
                    return Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw new ParseException(lineNo, "invalid sample value '" + t + "'");
                }
        }
    }

    private Long timestamp(String t) {
        try {
            if (t.contains(".") || t.contains("e") || t.contains("E")) {
                return Math.round(Double.parseDouble(t) * 1000); // OpenMetrics: seconds
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new ParseException(lineNo, "invalid timestamp '" + t + "'");
        }
    }

    private void skipSpace() {
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
    }

    private static boolean isNameChar(char c, boolean first, boolean colon) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (colon && c == ':')
                || (!first && c >= '0' && c <= '9');
    }
}
