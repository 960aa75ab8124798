package dev.deploycheck.probe.http;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The charset a Content-Type names, UTF-8 when it names none or an unknown one. */
public final class Charsets {
    private static final Pattern CHARSET = Pattern.compile("(?i)charset=\"?([^\";]+)");

    private Charsets() {}

    public static Charset of(String contentType) {
        Matcher m = CHARSET.matcher(contentType == null ? "" : contentType);
        if (m.find()) {
            try {
                return Charset.forName(m.group(1).trim());
            } catch (RuntimeException e) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }
}
