package dev.deploycheck.backend.knowledge;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chunking time grows with the text, not with its square, also for text without blank lines (a 10 MB upload of
 * such text took a minute: each chunk searched the whole text before it for a paragraph break).
 */
class ChunkerScalingTest {
    private final Chunker chunker = new Chunker(KnowledgeService.CHUNK_SIZE, KnowledgeService.CHUNK_OVERLAP);

    @Test
    void splittingEightTimesTheTextTakesAboutEightTimesAsLong() {
        String small = flatText(512 * 1024, 1);
        String large = flatText(4 * 1024 * 1024, 2);
        chunker.split(small);
        chunker.split(large);
        long smallNanos = best(small);
        long largeNanos = best(large);
        double ratio = (double) largeNanos / smallNanos;
        // linear: ~8; quadratic: ~64
        assertTrue(ratio < 24, "8x the text took " + String.format("%.1f", ratio) + "x as long ("
                + smallNanos / 1_000_000 + " ms -> " + largeNanos / 1_000_000 + " ms)");
    }

    @Test
    void flatTextIsStillCutAtSentenceEnds() {
        List<String> chunks = chunker.split(flatText(20_000, 3));
        assertTrue(chunks.size() > 20, "chunks: " + chunks.size());
        for (String c : chunks.subList(0, chunks.size() - 1)) {
            assertTrue(c.length() <= KnowledgeService.CHUNK_SIZE, "length " + c.length());
            assertEquals('.', c.charAt(c.length() - 1), "cut at a sentence end: ..." + c.substring(c.length() - 20));
        }
    }

    private long best(String text) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            chunker.split(text);
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best;
    }

    /** Sentences on lines of their own, and not one blank line. */
    private static String flatText(int chars, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(chars + 100);
        while (sb.length() < chars) {
            int words = 8 + r.nextInt(8);
            for (int w = 0; w < words; w++) sb.append("lorem ipsum dolor sit amet".split(" ")[r.nextInt(5)]).append(w == words - 1 ? "." : " ");
            sb.append(r.nextInt(4) == 0 ? "\n" : " ");
        }
        return sb.toString();
    }
}
