package dev.deploycheck.probe;

/**
 * Text that came from a target, made safe to print: control characters (C0, DEL, C1), line and paragraph
 * separators and bidirectional overrides become visible escapes ({@code \x1b}, {@code \u202e}), so a hostile
 * server cannot colour, move the cursor in, or reorder a console or a report; and a length cap.
 */
public final class Shown {
    private Shown() {}

    /** Every control character escaped, newlines included: for one-line reasons. */
    public static String line(String text) {
        return escape(text, false);
    }

    /** Control characters escaped except newline: for evidence that may span lines. */
    public static String lines(String text) {
        return escape(text, true);
    }

    /** {@link #line} cut to at most {@code max} characters, ending in "..." when cut. */
    public static String line(String text, int max) {
        String s = line(text);
        return s.length() <= max ? s : s.substring(0, Math.max(0, max - 3)) + "...";
    }

    /** The text quoted as a target sent it: escaped, cut, in double quotes. */
    public static String quoted(String text, int max) {
        return "\"" + line(text, max) + "\"";
    }

    private static String escape(String text, boolean keepNewlines) {
        if (text == null) {
            return null;
        }
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unsafe = unsafe(c) && !(keepNewlines && c == '\n');
            if (unsafe && b == null) {
                b = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (b != null) {
                if (!unsafe) {
                    b.append(c);
                } else if (c == '\t') {
                    b.append("\\t");
                } else if (c == '\n') {
                    b.append("\\n");
                } else if (c == '\r') {
                    b.append("\\r");
                } else if (c < 0x100) {
                    b.append(String.format("\\x%02x", (int) c));
                } else {
                    b.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return b == null ? text : b.toString();
    }

    private static boolean unsafe(char c) {
        return c < 0x20 || c == 0x7f || c >= 0x80 && c <= 0x9f || c == '\u2028' || c == '\u2029'
                || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069' || c == '\u200e' || c == '\u200f';
    }
}
