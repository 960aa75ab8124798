import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 4 benchmark: N WebSocket clients (default 200) subscribed to one conversation on a running backend; one
 * more client sends M messages (default 100, one every 100 ms). For every (message, client) pair the time from
 * sending to the client receiving the stored message's "message" frame is recorded (one JVM, one clock), after
 * 50 warm-up messages that are not recorded.
 * Prints p50/p95/p99/max of the per-delivery latency and of the per-message "all clients have it" latency.
 * JDK only: java bench/ChatDeliveryBench.java http://127.0.0.1:PORT [clients] [messages] [intervalMs]
 */
public class ChatDeliveryBench {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern CLIENT_ID = Pattern.compile("\"clientId\":\"(b-\\d+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int intervalMs = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        String token = json(post(base + "/api/auth/register", null,
                "{\"email\":\"ws-bench-" + System.nanoTime() + "@example.com\",\"password\":\"bench-password-42\"}"), "accessToken");
        String conversation = json(post(base + "/api/conversations", token, "{\"title\":\"delivery bench\"}"), "id");
        URI ws = URI.create(base.replace("http", "ws") + "/api/ws");

        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        Map<String, Long> lastAt = new ConcurrentHashMap<>();
        List<Long> deliveries = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch subscribed = new CountDownLatch(clients);
        CountDownLatch allDelivered = new CountDownLatch(messages);
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            sockets.add(HTTP.newWebSocketBuilder().subprotocols("bearer", token).connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(ws, new Receiver(text -> {
                        if (text.startsWith("{\"type\":\"subscribed\"")) subscribed.countDown();
                        if (!text.startsWith("{\"type\":\"message\"") || !text.contains("\"role\":\"user\"")) return;
                        long now = System.nanoTime();
                        Matcher m = CLIENT_ID.matcher(text);
                        if (!m.find()) return;
                        Long t0 = sentAt.get(m.group(1));
                        if (t0 == null) return;
                        deliveries.add(now - t0);
                        lastAt.merge(m.group(1), now, Math::max);
                        if (received.computeIfAbsent(m.group(1), k -> new AtomicInteger()).incrementAndGet() == clients) allDelivered.countDown();
                    })).get(10, TimeUnit.SECONDS));
        }
        for (WebSocket s : sockets) s.sendText("{\"type\":\"subscribe\",\"conversationId\":\"" + conversation + "\"}", true);
        if (!subscribed.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("not all clients subscribed");

        WebSocket sender = HTTP.newWebSocketBuilder().subprotocols("bearer", token).buildAsync(ws, new Receiver(t -> { })).get(10, TimeUnit.SECONDS);
        // warm-up in this JVM (the client is JIT-compiled too): 50 messages whose deliveries are not recorded
        for (int i = 0; i < 50; i++) {
            sender.sendText("{\"type\":\"message\",\"conversationId\":\"" + conversation + "\",\"content\":\"warm-up " + i
                    + "\",\"clientId\":\"w-" + i + "\"}", true).get(5, TimeUnit.SECONDS);
            Thread.sleep(intervalMs);
        }
        Thread.sleep(1_000);
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            String id = "b-" + i;
            sentAt.put(id, System.nanoTime());
            sender.sendText("{\"type\":\"message\",\"conversationId\":\"" + conversation + "\",\"content\":\"bench message " + i
                    + "\",\"clientId\":\"" + id + "\"}", true).get(5, TimeUnit.SECONDS);
            long next = start + (long) (i + 1) * intervalMs * 1_000_000;
            long sleep = next - System.nanoTime();
            if (sleep > 0) TimeUnit.NANOSECONDS.sleep(sleep);
        }
        boolean complete = allDelivered.await(30, TimeUnit.SECONDS);
        List<Long> perMessage = new ArrayList<>();
        for (Map.Entry<String, Long> e : lastAt.entrySet()) perMessage.add(e.getValue() - sentAt.get(e.getKey()));
        List<Long> all;
        synchronized (deliveries) {
            all = new ArrayList<>(deliveries);
        }
        System.out.printf("clients=%d messages=%d interval=%dms deliveries=%d/%d complete=%s%n", clients, messages, intervalMs,
                all.size(), (long) clients * messages, complete);
        System.out.println("per-delivery ms: " + summary(all));
        System.out.println("per-message (all clients) ms: " + summary(perMessage));
        System.out.printf("RESULT delivery_p50_ms=%.2f delivery_p99_ms=%.2f all_clients_p99_ms=%.2f%n",
                pct(all, 50), pct(all, 99), pct(perMessage, 99));
        for (WebSocket s : sockets) s.abort();
        sender.abort();
        System.exit(complete ? 0 : 1);
    }

    static final class Receiver implements WebSocket.Listener {
        private final java.util.function.Consumer<String> onText;
        private final StringBuilder partial = new StringBuilder();

        Receiver(java.util.function.Consumer<String> onText) {
            this.onText = onText;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                onText.accept(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
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

    static String post(String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
        return r.body();
    }

    static String json(String body, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":\"([^\"]+)\"").matcher(body);
        if (!m.find()) throw new IllegalStateException("no " + field + " in " + body);
        return m.group(1);
    }
}
