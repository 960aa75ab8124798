package dev.deploycheck.backend.knowledge;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Plain text out of an accepted upload: UTF-8 text and Markdown as they are (a byte-order mark dropped), PDF
 * through PDFBox. The result is normalised so it can be indexed and later highlighted safely: line breaks become
 * {@code \n} and every other control character is removed (the snippet highlighter relies on that).
 */
public final class TextExtractor {

    /** The upload's bytes are not what its type claims (binary "text", a damaged or encrypted PDF). */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    public String extract(DocumentType type, byte[] bytes) throws Unreadable {
        String raw = type == DocumentType.PDF ? pdf(bytes) : utf8(bytes);
        return normalise(raw);
    }

    private static String utf8(byte[] bytes) throws Unreadable {
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (s.indexOf('\0') >= 0) throw new Unreadable("the file contains NUL bytes; it is not text");
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new Unreadable("the file is not UTF-8 text");
        }
    }

    private static String pdf(byte[] bytes) throws Unreadable {
        if (bytes.length < 5 || !new String(bytes, 0, 5, StandardCharsets.US_ASCII).equals("%PDF-")) {
            throw new Unreadable("the file is not a PDF (no %PDF- header)");
        }
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            if (doc.isEncrypted()) throw new Unreadable("encrypted PDFs are not supported");
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            return stripper.getText(doc);
        } catch (IOException e) {
            throw new Unreadable("the PDF could not be read: " + e.getMessage());
        }
    }

    static String normalise(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r') {
                sb.append('\n');
                if (i + 1 < s.length() && s.charAt(i + 1) == '\n') i++;
            } else if (c == '\n' || c == '\t') {
                sb.append(c);
            } else if (!Character.isISOControl(c) && c != '\u2028' && c != '\u2029') {
                sb.append(c);
            }
        }
        return sb.toString().strip();
    }
}
