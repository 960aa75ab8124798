package dev.deploycheck.probe.upload;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The generated document: text carrying a random marker word ({@code dcmarker} + 12 hex digits) that no other
 * document holds, so that search can only find it in this upload, padded with plain sentences to the asked size.
 */
record MarkerDocument(String marker, String filename, String contentType, byte[] content) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String FILLER = "This paragraph only pads the document to the size the check asked for.\n";

    static MarkerDocument generate(String contentType, int size) {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        String marker = "dcmarker" + HexFormat.of().formatHex(b);
        String head = "# deploycheck upload check " + marker + "\n\n"
                + "deploycheck uploaded this document to verify that upload, listing and search work, "
                + "and deletes it right after.\n\nMarker: " + marker + "\n\n";
        StringBuilder text = new StringBuilder(head);
        while (text.length() < size) {
            text.append(FILLER);
        }
        String content = text.length() > Math.max(size, head.length()) ? text.substring(0, Math.max(size, head.length()))
                : text.toString();
        return new MarkerDocument(marker, "deploycheck-" + marker + extension(contentType), contentType,
                content.getBytes(StandardCharsets.US_ASCII));
    }

    String title() {
        return "deploycheck upload check " + marker;
    }

    private static String extension(String contentType) {
        String t = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "text/markdown":
            case "text/x-markdown":
                return ".md";
            case "text/plain":
                return ".txt";
            case "application/pdf":
                return ".pdf";
            default:
                return ".bin";
        }
    }
}
