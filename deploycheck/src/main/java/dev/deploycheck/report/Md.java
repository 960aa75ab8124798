package dev.deploycheck.report;

/** Markdown text escaping: report strings are shown as written, never interpreted as markup or HTML. */
final class Md {
    private static final String SPECIAL = "\\`*_[]<>|~&#";

    private Md() {}

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n') {
                sb.append(' ');
            } else if (SPECIAL.indexOf(c) >= 0) {
                sb.append('\\').append(c);
            } else if (c >= 0x20) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
