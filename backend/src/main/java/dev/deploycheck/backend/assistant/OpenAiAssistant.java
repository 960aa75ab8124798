package dev.deploycheck.backend.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploycheck.backend.config.AppConfig;
import dev.deploycheck.backend.config.Secret;
import dev.deploycheck.backend.knowledge.KnowledgeService;
import dev.deploycheck.backend.knowledge.Passage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Replies through the OpenAI Chat Completions API, streamed (server-sent events), with the best passages of the
 * user's knowledge base in the system prompt. A 429, a 5xx or a connection failure is retried up to
 * {@code maxRetries} times with exponential backoff and jitter (a Retry-After header is honoured, capped); a
 * time-out is not retried, because the user is already waiting. Nothing is retried once a part was streamed.
 */
public final class OpenAiAssistant implements Assistant {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiAssistant.class);
    static final int HISTORY_TURNS = 20;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final AppConfig.Assistant config;
    private final Secret apiKey;
    private final KnowledgeService knowledge;
    private final ObjectMapper mapper;
    private final HttpClient http;
    private final ScheduledExecutorService watchdog;
    private final Runnable onRetry;

    public OpenAiAssistant(AppConfig.Assistant config, Secret apiKey, KnowledgeService knowledge, ObjectMapper mapper,
                           HttpClient http, ScheduledExecutorService watchdog, Runnable onRetry) {
        this.config = config;
        this.apiKey = apiKey;
        this.knowledge = knowledge;
        this.mapper = mapper;
        this.http = http;
        this.watchdog = watchdog;
        this.onRetry = onRetry;
    }

    @Override
    public String provider() {
        return "openai";
    }

    @Override
    public String reply(UUID userId, List<Turn> history, Consumer<String> onDelta) throws AssistantException {
        String question = history.get(history.size() - 1).content();
        List<Passage> passages = knowledge.passages(userId, question, config.contextPassages());
        String body = requestBody(history, passages);
        int attempts = config.maxRetries() + 1;
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> response;
            try {
                response = http.send(request(body), HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                throw timeout();
            } catch (IOException e) {
                if (attempt >= attempts) {
                    LOG.warn("OpenAI unreachable after {} attempts: {}", attempts, e.toString());
                    throw new AssistantException("assistant_unavailable", "io", "The assistant could not be reached after "
                            + attempts + " attempts. Your message was saved; please try again later.");
                }
                pause(backoff(attempt, null));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssistantException("assistant_unavailable", "io", "The assistant was interrupted. Please try again.");
            }
            int status = response.statusCode();
            if (status == 200) return stream(response.body(), onDelta);
            String detail = errorDetail(response.body());
            boolean retryable = status == 429 || status >= 500;
            if (!retryable) {
                LOG.warn("OpenAI refused the request with {}: {}", status, detail);
                throw new AssistantException("assistant_error", "rejected", "The assistant could not answer (the AI service refused the "
                        + "request with status " + status + "). Your message was saved.");
            }
            if (attempt >= attempts) {
                LOG.warn("OpenAI answered {} {} times, giving up: {}", status, attempts, detail);
                String what = status == 429 ? "is rate-limiting us" : "is failing (status " + status + ")";
                throw new AssistantException("assistant_unavailable", status == 429 ? "rate_limited" : "upstream_5xx",
                        "The assistant is unavailable right now: the AI service " + what + " and " + attempts
                                + " attempts failed. Your message was saved; please try again later.");
            }
            pause(backoff(attempt, response.headers().firstValue("Retry-After").orElse(null)));
        }
    }

    private HttpRequest request(String body) {
        return HttpRequest.newBuilder(URI.create(config.baseUrl() + "/chat/completions"))
                .timeout(config.timeout())
                .header("Authorization", "Bearer " + apiKey.asString())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    String requestBody(List<Turn> history, List<Passage> passages) {
        ObjectNode root = mapper.createObjectNode();
        root.put("model", config.model());
        root.put("stream", true);
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", systemPrompt(passages));
        for (Turn t : history.subList(Math.max(0, history.size() - HISTORY_TURNS), history.size())) {
            if (t.role().equals("user") || t.role().equals("assistant")) messages.addObject().put("role", t.role()).put("content", t.content());
        }
        return root.toString();
    }

    static String systemPrompt(List<Passage> passages) {
        StringBuilder sb = new StringBuilder("You are the assistant of a chat and knowledge-base service. ");
        if (passages.isEmpty()) {
            return sb.append("The user has no documents matching this question; answer briefly from general knowledge.").toString();
        }
        sb.append("Answer from the user's documents below when they are relevant, and name the documents you used by title. ")
                .append("If they do not contain the answer, say so.\n\n");
        int i = 1;
        for (Passage p : passages) {
            sb.append("[").append(i++).append("] Document \"").append(p.title()).append("\":\n").append(p.text()).append("\n\n");
        }
        return sb.toString();
    }

    /** Reads the server-sent events, passing each content part on; the watchdog cuts a stream that runs too long. */
    private String stream(InputStream body, Consumer<String> onDelta) throws AssistantException {
        AtomicBoolean cut = new AtomicBoolean();
        ScheduledFuture<?> deadline = watchdog.schedule(() -> {
            cut.set(true);
            try {
                body.close();
            } catch (IOException ignored) {
                // closing is all we can do
            }
        }, config.streamTimeout().toMillis(), TimeUnit.MILLISECONDS);
        StringBuilder reply = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.startsWith("data:")) continue;
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) return finished(reply);
                JsonNode event = mapper.readTree(data);
                if (event.has("error")) {
                    throw new AssistantException("assistant_unavailable", "upstream_5xx", "The AI service reported an error while answering: "
                            + event.path("error").path("message").asText("unknown error") + ". Please try again.");
                }
                String part = event.path("choices").path(0).path("delta").path("content").asText("");
                if (!part.isEmpty()) {
                    reply.append(part);
                    onDelta.accept(part);
                }
            }
            if (reply.length() > 0) return reply.toString();
            throw new AssistantException("assistant_unavailable", "protocol", "The AI service ended its answer without any text. Please try again.");
        } catch (IOException e) {
            if (cut.get()) throw timeout();
            throw new AssistantException("assistant_unavailable", "io", "The connection to the AI service broke while it was answering. Please try again.");
        } finally {
            deadline.cancel(false);
        }
    }

    private static String finished(StringBuilder reply) throws AssistantException {
        if (reply.length() == 0) {
            throw new AssistantException("assistant_unavailable", "protocol", "The AI service ended its answer without any text. Please try again.");
        }
        return reply.toString();
    }

    private AssistantException timeout() {
        return new AssistantException("assistant_timeout", "timeout", "The assistant did not answer in time ("
                + config.timeout().toMillis() / 1000.0 + " s). Your message was saved; please try again.");
    }

    private String errorDetail(InputStream body) {
        try (body) {
            byte[] bytes = body.readNBytes(2_000);
            JsonNode n = mapper.readTree(bytes);
            return n.path("error").path("message").asText(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return "(no readable error body)";
        }
    }

    private Duration backoff(int attempt, String retryAfter) {
        onRetry.run();
        if (retryAfter != null) {
            try {
                long seconds = Long.parseLong(retryAfter.trim());
                return Duration.ofSeconds(Math.max(0, seconds)).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : Duration.ofSeconds(Math.max(0, seconds));
            } catch (NumberFormatException ignored) {
                // an HTTP date: fall back to our own backoff
            }
        }
        long base = config.retryBackoff().toMillis() << Math.min(attempt - 1, 10);
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return Duration.ofMillis(Math.min(jittered, MAX_BACKOFF.toMillis()));
    }

    private static void pause(Duration d) throws AssistantException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssistantException("assistant_unavailable", "io", "The assistant was interrupted. Please try again.");
        }
    }
}
