package dev.deploycheck.probe.upload;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A {@code multipart/form-data} body (RFC 7578) built by hand: text fields and files, CRLF line ends, a random
 * boundary. Quotes and line breaks in names are percent-encoded as browsers do.
 */
final class Multipart {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String boundary;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Multipart() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        this.boundary = "deploycheck-" + HexFormat.of().formatHex(b);
    }

    Multipart(String boundary) {
        this.boundary = boundary;
    }

    Multipart field(String name, String value) {
        text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + quote(name) + "\"\r\n\r\n");
        text(value);
        text("\r\n");
        return this;
    }

    Multipart file(String name, String filename, String contentType, byte[] content) {
        text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + quote(name) + "\"; filename=\""
                + quote(filename) + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
        out.writeBytes(content);
        text("\r\n");
        return this;
    }

    /** The body, closing delimiter included. */
    byte[] body() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return copy.toByteArray();
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    private void text(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String s) {
        return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
