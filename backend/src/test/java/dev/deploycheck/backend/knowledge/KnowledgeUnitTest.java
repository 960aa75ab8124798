package dev.deploycheck.backend.knowledge;

import dev.deploycheck.backend.config.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure parts of the knowledge base: type detection, file names, chunking, snippet escaping, the cipher. */
class KnowledgeUnitTest {

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "text/plain, notes.txt, TEXT",
            "text/plain; charset=utf-8, notes, TEXT",
            "text/plain, readme.md, MARKDOWN",
            "text/markdown, readme, MARKDOWN",
            "text/x-markdown, x.md, MARKDOWN",
            "application/pdf, a.pdf, PDF",
            "application/octet-stream, a.PDF, PDF",
            "null, notes.markdown, MARKDOWN",
            "application/octet-stream, tool.exe, null",
            "image/png, a.txt, null",
            "text/html, a.html, null",
            "application/json, a.json, null"})
    void typeDetection(String declared, String filename, String expected) {
        Optional<DocumentType> type = DocumentType.detect(declared, filename);
        assertEquals(expected == null ? Optional.empty() : Optional.of(DocumentType.valueOf(expected)), type);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", delimiter = '|', value = {
            "report.pdf | report.pdf",
            "../../etc/passwd | passwd",
            "C:\\Users\\me\\plan.txt | plan.txt",
            "<script>alert(1)</script>.md | script_.md",
            ".hidden.txt | hidden.txt",
            "räksmörgås notes.txt | räksmörgås notes.txt",
            "... | document",
            "null | document"})
    void fileNames(String raw, String expected) {
        assertEquals(expected, KnowledgeService.sanitizeFilename(raw));
    }

    @Test
    void chunksOverlapAndCoverTheText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 400; i++) sb.append("word").append(i).append(i % 12 == 11 ? ". " : " ");
        String text = sb.toString().strip();
        List<String> chunks = new Chunker(300, 60).split(text);
        assertTrue(chunks.size() > 5, "chunks: " + chunks.size());
        for (String c : chunks) {
            assertTrue(c.length() <= 300, c);
            assertTrue(!c.startsWith(" ") && !c.matches("^\\S*\\d ord.*"), "starts at a word: " + c);
        }
        for (int i = 1; i < chunks.size(); i++) {
            String previousTail = chunks.get(i - 1).substring(chunks.get(i - 1).length() - 20);
            String[] words = previousTail.split(" ");
            assertTrue(chunks.get(i).contains(words[words.length - 1]), "chunk " + i + " overlaps the previous one");
        }
        assertTrue(String.join(" ", chunks).contains("word399"));
        assertEquals(List.of("short text"), new Chunker(300, 60).split("short text"));
    }

    @Test
    void snippetsAreEscapedExceptForTheMarks() {
        String headline = "a <b>bold</b> " + Snippets.START + "match" + Snippets.STOP + " & \"quote\" 'x'\nnext";
        assertEquals("a &lt;b&gt;bold&lt;/b&gt; <mark>match</mark> &amp; &quot;quote&quot; &#39;x&#39; next", Snippets.toSafeHtml(headline));
        assertEquals("a <b>bold</b> match & \"quote\" 'x' next", Snippets.toPlainText(headline));
        assertEquals("controls gone", TextExtractor.normalise("controls\u0002 \u0003gone"));
        assertEquals("a\nb\nc", TextExtractor.normalise("a\r\nb\rc"));
    }

    @Test
    void theCipherRoundTripsAndDetectsTampering() throws GeneralSecurityException {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) key[i] = (byte) (i * 7 + 3);
        ContentCipher cipher = new ContentCipher(Secret.ofBytes(key));
        byte[] plain = "attack at dawn".getBytes(StandardCharsets.UTF_8);
        byte[] aad = "document:1".getBytes(StandardCharsets.US_ASCII);
        byte[] sealed = cipher.seal(plain, aad);
        assertEquals(12 + plain.length + 16, sealed.length);
        assertArrayEquals(plain, cipher.open(sealed, aad));
        assertTrue(!java.util.Arrays.equals(sealed, cipher.seal(plain, aad)), "a fresh nonce every time");

        byte[] tampered = sealed.clone();
        tampered[20] ^= 1;
        assertThrows(GeneralSecurityException.class, () -> cipher.open(tampered, aad));
        assertThrows(GeneralSecurityException.class, () -> cipher.open(sealed, "document:2".getBytes(StandardCharsets.US_ASCII)),
                "a sealed blob moved to another document does not open");
        byte[] otherKey = key.clone();
        otherKey[0] ^= 1;
        ContentCipher other = new ContentCipher(Secret.ofBytes(otherKey));
        assertThrows(GeneralSecurityException.class, () -> other.open(sealed, aad));
        assertTrue(!other.keyId().equals(cipher.keyId()));
    }
}
