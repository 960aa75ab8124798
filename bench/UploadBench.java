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
 * Issue 13 benchmark against a running backend: the round trip of one multipart text upload (extract, chunk,
 * encrypt, index) per size, so that the time per megabyte can be compared across sizes (it should stay flat).
 * The text is the same synthetic, Zipf-distributed prose as KnowledgeBench's (paragraphs of 3-7 sentences), in
 * two shapes: "paragraphs" (a blank line after each paragraph) and "flat" (one line per paragraph, no blank
 * lines: a document without paragraph breaks, such as an exported log or a PDF's text). Each size is uploaded
 * {@code runs} times after one unrecorded warm-up upload; every document differs (fresh seed), so none is a
 * duplicate. JDK only: java bench/UploadBench.java http://127.0.0.1:PORT [runs] [sizesInMB,...]
 */
public class UploadBench {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String[] SYLLABLES = {"ka", "lo", "mi", "ra", "te", "no", "su", "vi", "be", "do", "fa", "gu", "ha", "je", "ki", "lu",
            "ma", "ne", "po", "qu", "ri", "sa", "to", "ur", "ve", "wo", "xi", "ya", "ze", "an", "el", "is", "on", "us"};

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String[] sizes = (args.length > 2 ? args[2] : "1,10").split(",");
        String token = json(post(base + "/api/auth/register", null, "application/json",
                ("{\"email\":\"upload-bench-" + System.nanoTime() + "@example.com\",\"password\":\"bench-password-42\"}").getBytes()), "accessToken");
        long seed = System.nanoTime();
        upload(base, token, text(new Random(seed), 1 << 20, true));
        StringBuilder result = new StringBuilder("RESULT");
        for (String shape : new String[]{"paragraphs", "flat"}) {
            for (String size : sizes) {
                int bytes = (int) (Double.parseDouble(size) * (1 << 20));
                List<Long> nanos = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    byte[] doc = text(new Random(++seed), bytes, shape.equals("paragraphs"));
                    long t0 = System.nanoTime();
                    upload(base, token, doc);
                    nanos.add(System.nanoTime() - t0);
                }
                Collections.sort(nanos);
                double median = nanos.get(nanos.size() / 2) / 1e6;
                System.out.printf("%s %s MB: median %.0f ms (%.0f ms per MB), runs %s%n", shape, size, median,
                        median / Double.parseDouble(size), nanos.stream().map(n -> String.format("%.0f", n / 1e6)).toList());
                result.append(String.format(" %s_%smb_median_ms=%.0f", shape, size, median));
            }
        }
        System.out.println(result);
    }

    static byte[] text(Random r, int bytes, boolean paragraphs) {
        StringBuilder sb = new StringBuilder(bytes + 200);
        while (sb.length() < bytes) {
            int sentences = 3 + r.nextInt(5);
            for (int s = 0; s < sentences && sb.length() < bytes; s++) {
                int n = 8 + r.nextInt(8);
                for (int w = 0; w < n; w++) {
                    int len = 2 + r.nextInt(3);
                    StringBuilder word = new StringBuilder();
                    for (int k = 0; k < len; k++) word.append(SYLLABLES[(int) Math.min(SYLLABLES.length - 1, Math.abs(r.nextGaussian()) * 8)]);
                    if (w == 0) word.setCharAt(0, Character.toUpperCase(word.charAt(0)));
                    sb.append(word).append(w == n - 1 ? ". " : " ");
                }
            }
            sb.append(paragraphs ? "\n\n" : "\n");
        }
        sb.setLength(bytes);
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static void upload(String base, String token, byte[] content) throws Exception {
        String boundary = "----bench" + System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 512);
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        post(base + "/api/knowledge/documents", token, "multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    static String post(String url, String token, String type, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(300)).header("Content-Type", type)
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
}
