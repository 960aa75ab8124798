package dev.deploycheck.backend.http;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Optional;

/**
 * The charset parameter of a Content-Type header, read from the raw header. (Jetty's own {@code getContentType()}
 * throws {@code UnsupportedCharsetException} for a charset it does not know, so nothing may call it on such a
 * request: {@link HttpPipeline} answers those with 415 before any handler runs.)
 */
final class ContentTypes {
    private ContentTypes() { }

    /** The charset named in the header, unquoted; empty when there is none. */
    static Optional<String> charset(String contentType) {
        for (String param : contentType.split(";")) {
            String[] kv = param.trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) return Optional.of(kv[1].trim().replace("\"", ""));
        }
        return Optional.empty();
    }

    /** Whether the header names no charset or one this JVM can decode. */
    static boolean charsetKnown(String contentType) {
        return charset(contentType).map(ContentTypes::supported).orElse(true);
    }

    /** Whether the header names no charset or UTF-8, the only encoding of JSON between systems (RFC 8259). */
    static boolean utf8OrNone(String contentType) {
        return charset(contentType).map(c -> c.equalsIgnoreCase("utf-8") || c.equalsIgnoreCase("utf8")).orElse(true);
    }

    private static boolean supported(String name) {
        try {
            return Charset.isSupported(name);
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }
}
