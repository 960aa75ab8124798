package dev.deploycheck.checklist;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 30d}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|µs|ns|s|m|h|d|w)");

    private Durations() {}

    /** Whether the text is a duration literal (a number and a unit, possibly several). */
    public static boolean looksLike(String text) {
        return text != null && !text.isEmpty() && PART.matcher(text).replaceAll("").isEmpty()
                && PART.matcher(text).find();
    }

    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim();
        if (!looksLike(t)) {
            throw new IllegalArgumentException("invalid duration '" + text + "' (use e.g. 500ms, 30s, 5m, 2h, 30d)");
        }
        Matcher m = PART.matcher(t);
        long nanos = 0;
        while (m.find()) {
            double n = Double.parseDouble(m.group(1));
            nanos += (long) (n * unitNanos(m.group(2)));
        }
        return Duration.ofNanos(nanos);
    }

    private static double unitNanos(String unit) {
        switch (unit) {
            case "ns": return 1;
            case "us": case "µs": return 1e3;
            case "ms": return 1e6;
            case "s": return 1e9;
            case "m": return 60e9;
            case "h": return 3600e9;
            case "d": return 86400e9;
            case "w": return 7 * 86400e9;
            default: throw new IllegalArgumentException(unit);
        }
    }

    /** Short human form: 850ms, 1.2s, 3m05s, 2h, 30d. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0).replace(".0s", "s");
        }
        long s = d.toSeconds();
        if (s < 3600) {
            return String.format(java.util.Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format(java.util.Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return (s / 86400) + "d";
    }
}
