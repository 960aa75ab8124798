package dev.deploycheck.backend.config;

import java.util.List;
import java.util.Locale;

/** Recognises values copied from an example file and never replaced ("changeme", "your-jwt-secret", "<secret>"). */
final class Placeholders {
    private static final List<String> MARKERS = List.of("changeme", "change-me", "change_me", "your-", "your_",
            "replace", "placeholder", "example", "todo", "xxxx", "dummy", "insert", "secret-here", "sk-...");

    private Placeholders() { }

    static boolean isPlaceholder(String value) {
        String v = value.toLowerCase(Locale.ROOT).trim();
        if (v.startsWith("<") && v.endsWith(">")) return true;
        if (v.startsWith("${") || v.equals("secret") || v.equals("password") || v.equals("test")) return true;
        return MARKERS.stream().anyMatch(v::contains);
    }

    /** The start of the value only, enough for the operator to recognise it without printing a real secret. */
    static String preview(String value) {
        return value.length() <= 6 ? value : value.substring(0, 6) + "...";
    }
}
