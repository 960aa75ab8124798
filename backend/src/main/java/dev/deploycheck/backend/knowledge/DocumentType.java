package dev.deploycheck.backend.knowledge;

import java.util.Locale;
import java.util.Optional;

/**
 * The accepted upload types. The declared content type decides; a generic one ({@code application/octet-stream},
 * or none, as some clients send) falls back to the file extension. Anything else is refused with 415.
 */
public enum DocumentType {
    TEXT("text/plain"), MARKDOWN("text/markdown"), PDF("application/pdf");

    private final String mediaType;

    DocumentType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public static Optional<DocumentType> detect(String declaredContentType, String filename) {
        String declared = declaredContentType == null ? "" : declaredContentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        switch (declared) {
            case "text/plain": return Optional.of(byExtension(filename).filter(t -> t == MARKDOWN).orElse(TEXT));
            case "text/markdown", "text/x-markdown": return Optional.of(MARKDOWN);
            case "application/pdf": return Optional.of(PDF);
            case "", "application/octet-stream", "binary/octet-stream": return byExtension(filename);
            default: return Optional.empty();
        }
    }

    private static Optional<DocumentType> byExtension(String filename) {
        String name = filename == null ? "" : filename.toLowerCase(Locale.ROOT);
        if (name.endsWith(".txt") || name.endsWith(".text")) return Optional.of(TEXT);
        if (name.endsWith(".md") || name.endsWith(".markdown")) return Optional.of(MARKDOWN);
        if (name.endsWith(".pdf")) return Optional.of(PDF);
        return Optional.empty();
    }
}
