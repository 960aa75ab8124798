package dev.deploycheck.backend.knowledge;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into overlapping passages of about {@code size} characters. A chunk ends at the last paragraph
 * break, else sentence end, else whitespace in its second half, so passages rarely cut a word; the next chunk
 * starts {@code overlap} characters before that end (again moved to a word start), so a phrase that straddles
 * a boundary is still found whole in one chunk.
 */
public final class Chunker {
    private final int size;
    private final int overlap;

    public Chunker(int size, int overlap) {
        if (size < 50 || overlap < 0 || overlap >= size / 2) throw new IllegalArgumentException("chunk size " + size + ", overlap " + overlap);
        this.size = size;
        this.overlap = overlap;
    }

    public List<String> split(String text) {
        List<String> chunks = new ArrayList<>();
        int n = text.length();
        int start = 0;
        while (start < n) {
            int end = Math.min(n, start + size);
            if (end < n) end = breakPoint(text, start, end);
            String chunk = text.substring(start, end).strip();
            if (!chunk.isEmpty()) chunks.add(chunk);
            if (end >= n) break;
            int next = Math.max(start + 1, end - overlap);
            while (next < end && !Character.isWhitespace(text.charAt(next - 1))) next++;
            start = next;
        }
        return chunks;
    }

    private int breakPoint(String text, int start, int end) {
        int half = start + size / 2;
        // searched back to the middle of the chunk only: String.lastIndexOf would scan back to the start of the
        // whole text when it has no blank line, once per chunk, which made uploads quadratic (10 MB: a minute)
        for (int i = Math.min(end - 1, text.length() - 2); i >= half; i--) {
            if (text.charAt(i) == '\n' && text.charAt(i + 1) == '\n') return i + 2;
        }
        for (int i = end - 1; i >= half; i--) {
            char c = text.charAt(i);
            if ((c == '.' || c == '!' || c == '?' || c == '\n') && i + 1 < text.length() && Character.isWhitespace(text.charAt(i + 1))) {
                return i + 1;
            }
        }
        for (int i = end - 1; i >= half; i--) {
            if (Character.isWhitespace(text.charAt(i))) return i + 1;
        }
        return end;
    }
}
