import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 4 benchmark against a running backend: (1) upload and indexing of 1 MB text documents (the HTTP round
 * trip of the multipart upload, which returns once the document is chunked, encrypted and indexed); (2) filling
 * the knowledge base to at least 10,000 chunks; (3) POST /api/knowledge/search latency over those chunks.
 * The text is synthetic but Zipf-distributed (a 4,000-word vocabulary), so common and rare terms both occur;
 * queries are one or two words drawn from the same distribution. Deterministic (fixed seeds).
 * JDK only: java bench/KnowledgeBench.java http://127.0.0.1:PORT [uploads1mb] [searches]
 */
public class KnowledgeBench {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String[] SYLLABLES = {"ka", "lo", "mi", "ra", "te", "no", "su", "vi", "be", "do", "fa", "gu", "ha", "je", "ki", "lu",
            "ma", "ne", "po", "qu", "ri", "sa", "to", "ur", "ve", "wo", "xi", "ya", "ze", "an", "el", "is", "on", "us"};
    static final int VOCABULARY = 4_000;
    static final String[] WORDS = new String[VOCABULARY];
    static final double[] CDF = new double[VOCABULARY];

    static {
        Random r = new Random(7);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < VOCABULARY; ) {
            int n = 2 + r.nextInt(3);
            StringBuilder w = new StringBuilder();
            for (int j = 0; j < n; j++) w.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
            if (seen.add(w.toString())) WORDS[i++] = w.toString();
        }
        double sum = 0;
        for (int i = 0; i < VOCABULARY; i++) sum += 1.0 / (i + 1);
        double acc = 0;
        for (int i = 0; i < VOCABULARY; i++) {
            acc += 1.0 / (i + 1) / sum;
            CDF[i] = acc;
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int bigUploads = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int searches = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        String token = json(post(base + "/api/auth/register", null, "application/json",
                ("{\"email\":\"kb-bench-" + System.nanoTime() + "@example.com\",\"password\":\"bench-password-42\"}").getBytes()), "accessToken");

        List<Long> uploadNanos = new ArrayList<>();
        long seed = System.nanoTime();
        // the first 1 MB upload of a fresh JVM runs cold (class loading, JIT): reported apart, not in the median
        long cold = System.nanoTime();
        int chunks = Integer.parseInt(field(upload(base, token, "warm-up.txt", text(new Random(seed - 1), 1_048_576)), "chunks"));
        System.out.printf("first (cold) 1 MB upload: %.1f ms%n", (System.nanoTime() - cold) / 1e6);
        for (int i = 0; i < bigUploads; i++) {
            byte[] doc = text(new Random(seed + i), 1_048_576);
            long t0 = System.nanoTime();
            String answer = upload(base, token, "big-" + i + ".txt", doc);
            uploadNanos.add(System.nanoTime() - t0);
            chunks += Integer.parseInt(field(answer, "chunks"));
        }
        int fill = 0;
        while (chunks < 10_000) {
            chunks += Integer.parseInt(field(upload(base, token, "fill-" + fill + ".txt", text(new Random(seed + 1_000 + fill), 400_000)), "chunks"));
            fill++;
        }
        System.out.printf("uploads of 1 MB: %s ms (n=%d)%n", summary(uploadNanos), uploadNanos.size());
        System.out.printf("knowledge base: %d chunks in %d documents%n", chunks, bigUploads + fill + 1);

        Random q = new Random(11);
        for (int i = 0; i < 200; i++) search(base, token, query(q));
        for (String common : new String[]{WORDS[0], WORDS[1] + " " + WORDS[2]}) {
            long t0 = System.nanoTime();
            String answer = search(base, token, common);
            System.out.printf("worst case, a stop-word-like query '%s' matching nearly every chunk: %.1f ms (database %s ms)%n", common,
                    (System.nanoTime() - t0) / 1e6, field(answer, "tookMs"));
        }
        List<Long> searchNanos = new ArrayList<>();
        List<Long> serverMs = new ArrayList<>();
        int hits = 0;
        for (int i = 0; i < searches; i++) {
            String body = "{\"query\":\"" + query(q) + "\",\"limit\":10}";
            long t0 = System.nanoTime();
            String answer = search(base, token, body);
            searchNanos.add(System.nanoTime() - t0);
            serverMs.add(Long.parseLong(field(answer, "tookMs")) * 1_000_000);
            if (answer.contains("\"documentId\"")) hits++;
        }
        System.out.printf("searches: %d, %d with results; round trip %s ms; database %s ms%n", searches, hits, summary(searchNanos), summary(serverMs));
        System.out.printf("RESULT upload_1mb_median_ms=%.1f upload_1mb_max_ms=%.1f search_p50_ms=%.2f search_p95_ms=%.2f search_p99_ms=%.2f chunks=%d%n",
                pct(uploadNanos, 50), pct(uploadNanos, 100), pct(searchNanos, 50), pct(searchNanos, 95), pct(searchNanos, 99), chunks);
    }

    /**
     * One or two content words: drawn from the same Zipf distribution but skipping the 50 most frequent words,
     * which occur in nearly every chunk, as English stop words do (PostgreSQL's english configuration drops those).
     */
    static String query(Random r) {
        return r.nextInt(3) == 0 ? contentWord(r) + " " + contentWord(r) : contentWord(r);
    }

    static String contentWord(Random r) {
        while (true) {
            String w = word(r);
            if (rank(w) >= STOP_WORDS) return w;
        }
    }

    static final int STOP_WORDS = 50;
    static final java.util.Map<String, Integer> RANKS = new java.util.HashMap<>();

    static int rank(String w) {
        if (RANKS.isEmpty()) for (int i = 0; i < VOCABULARY; i++) RANKS.put(WORDS[i], i);
        return RANKS.get(w);
    }

    static String word(Random r) {
        double x = r.nextDouble();
        int lo = 0, hi = VOCABULARY - 1;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (CDF[mid] < x) lo = mid + 1; else hi = mid;
        }
        return WORDS[lo];
    }

    static byte[] text(Random r, int bytes) {
        StringBuilder sb = new StringBuilder(bytes + 200);
        while (sb.length() < bytes) {
            int sentences = 3 + r.nextInt(5);
            for (int s = 0; s < sentences && sb.length() < bytes; s++) {
                int n = 8 + r.nextInt(8);
                for (int w = 0; w < n; w++) sb.append(w == 0 ? capital(word(r)) : word(r)).append(w == n - 1 ? ". " : " ");
            }
            sb.append("\n\n");
        }
        sb.setLength(bytes);
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static String capital(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    static String upload(String base, String token, String name, byte[] content) throws Exception {
        String boundary = "----bench" + System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 512);
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return post(base + "/api/knowledge/documents", token, "multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    static String search(String base, String token, String body) throws Exception {
        return post(base + "/api/knowledge/search", token, "application/json", body.startsWith("{") ? body.getBytes()
                : ("{\"query\":\"" + body + "\",\"limit\":10}").getBytes());
    }

    static String post(String url, String token, String type, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
        return r.body();
    }

    static String json(String body, String f) {
        Matcher m = Pattern.compile("\"" + f + "\":\"([^\"]+)\"").matcher(body);
        if (!m.find()) throw new IllegalStateException("no " + f + " in " + body);
        return m.group(1);
    }

    static String field(String body, String f) {
        Matcher m = Pattern.compile("\"" + f + "\":(\\d+)").matcher(body);
        if (!m.find()) throw new IllegalStateException("no " + f + " in " + body);
        return m.group(1);
    }

    static String summary(List<Long> nanos) {
        return String.format("p50=%.2f p95=%.2f p99=%.2f max=%.2f", pct(nanos, 50), pct(nanos, 95), pct(nanos, 99), pct(nanos, 100));
    }

    static double pct(List<Long> nanos, double p) {
        if (nanos.isEmpty()) return Double.NaN;
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, idx))) / 1e6;
    }
}
