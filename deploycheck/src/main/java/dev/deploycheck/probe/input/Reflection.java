package dev.deploycheck.probe.input;

import java.util.Locale;

/**
 * Whether a payload came back raw where a browser would run it. An HTML context is a {@code text/html} or
 * {@code application/xhtml+xml} response, or one without a Content-Type (browsers sniff those). A JSON answer
 * ({@code application/json}, {@code +json}) or plain text is not rendered as HTML, so a payload echoed inside a
 * JSON string is reported ({@code reflected}) but not flagged ({@code reflectedRaw}). Only payloads with markup
 * ({@code <}) count as raw reflection: without it nothing can open an element.
 */
final class Reflection {
    private Reflection() {}

    static boolean htmlContext(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        return ct.contains("text/html") || ct.contains("application/xhtml+xml");
    }

    static boolean reflected(String payload, String body) {
        return body != null && body.contains(payload);
    }

    static boolean raw(String payload, String body, String contentType) {
        return payload.contains("<") && reflected(payload, body) && htmlContext(contentType);
    }
}
