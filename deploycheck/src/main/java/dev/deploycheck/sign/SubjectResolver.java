package dev.deploycheck.sign;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the attestation's subjects: the {@code --subject} values, or else the git commit the deployed backend reports
 * in the {@code commit} field of its health endpoint's JSON (e.g. {@code GET /api/health}).
 */
public final class SubjectResolver {
    private final HttpClient client;
    private final Duration timeout;

    public SubjectResolver() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NORMAL).build(),
                Duration.ofSeconds(10));
    }

    public SubjectResolver(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** The given subjects; when there are none and {@code healthUrl} is set, the commit read from it; else empty. */
    public List<Subject> resolve(List<String> specs, URI healthUrl) throws IOException, InvalidInputException {
        List<Subject> subjects = new ArrayList<>();
        for (String spec : specs) {
            try {
                subjects.add(Subject.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(e.getMessage());
            }
        }
        if (subjects.isEmpty() && healthUrl != null) {
            subjects.add(fromHealth(healthUrl));
        }
        return subjects;
    }

    /**
     * The deployed commit as the run itself observed it: a capture named {@code commit} (the checklist's health item
     * captures {@code json.commit}), named after the profile. Empty when no item captured one.
     */
    public static java.util.Optional<Subject> fromCaptures(dev.deploycheck.run.RunResult result) {
        for (dev.deploycheck.run.ItemResult i : result.items()) {
            String sha = i.captures().get("commit");
            if (sha != null && sha.matches("[0-9a-fA-F]{7,64}")) {
                return java.util.Optional.of(Subject.gitCommit("deployment/" + result.profileName(), sha.toLowerCase()));
            }
        }
        return java.util.Optional.empty();
    }

    /** The {@code commit} of the health endpoint's JSON, named by the endpoint's URL. */
    public Subject fromHealth(URI url) throws IOException, InvalidInputException {
        HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json").GET().build();
        HttpResponse<String> res;
        try {
            res = client.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + url, e);
        }
        if (res.statusCode() != 200) {
            throw new IOException(url + " answered " + res.statusCode() + ", so the deployed commit is unknown");
        }
        JsonNode commit;
        try {
            commit = Envelope.MAPPER.readTree(res.body()).path("commit");
        } catch (IOException e) {
            throw new IOException(url + " did not answer JSON, so the deployed commit is unknown", e);
        }
        if (!commit.isTextual() || commit.asText().isBlank()) {
            throw new IOException(url + " has no 'commit' field, so the deployed commit is unknown");
        }
        try {
            return Subject.gitCommit(url.toString(), commit.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(url + ": " + e.getMessage());
        }
    }
}
