package dev.deploycheck.backend.knowledge;

/**
 * Makes a ts_headline result safe to show as HTML. PostgreSQL marks matches with two control characters that
 * indexed text can never contain ({@link TextExtractor} strips them); everything else is HTML-escaped and only
 * then are the markers turned into {@code <mark>} tags. So uploaded markup is shown, never executed.
 */
public final class Snippets {
    static final char START = '\u0002';
    static final char STOP = '\u0003';
    /** ts_headline options: the markers above, a couple of short fragments. */
    static final String HEADLINE_OPTIONS = "StartSel=" + START + ", StopSel=" + STOP
            + ", MaxWords=35, MinWords=12, ShortWord=3, MaxFragments=2, FragmentDelimiter=\" … \"";

    private Snippets() { }

    public static String toSafeHtml(String headline) {
        StringBuilder sb = new StringBuilder(headline.length() + 32);
        for (int i = 0; i < headline.length(); i++) {
            char c = headline.charAt(i);
            switch (c) {
                case START -> sb.append("<mark>");
                case STOP -> sb.append("</mark>");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                case '\n', '\t' -> sb.append(' ');
                default -> {
                    if (!Character.isISOControl(c)) sb.append(c);
                }
            }
        }
        return sb.toString().replaceAll(" {2,}", " ").strip();
    }

    /** The snippet as plain text (markers dropped), for the assistant's prompt and local answers. */
    public static String toPlainText(String headline) {
        return headline.replace(String.valueOf(START), "").replace(String.valueOf(STOP), "")
                .replaceAll("\\s+", " ").strip();
    }
}
