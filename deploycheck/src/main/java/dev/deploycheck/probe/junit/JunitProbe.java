package dev.deploycheck.probe.junit;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeKind;
import dev.deploycheck.probe.http.HttpProbe;
import dev.deploycheck.probe.http.TlsOptions;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * {@code probe: junit}: test results as evidence. Reads JUnit XML reports (Surefire, Failsafe, any CI's) from the
 * files a {@code glob} matches (relative to the checklist) or from a {@code url} (a CI artifact, with
 * {@code headers}, {@code caFile}, {@code insecure} as in the http kind), and observes {@code tests},
 * {@code failures}, {@code errors}, {@code skipped}, {@code passed}, {@code files}, {@code suites},
 * {@code duration}, the newest run's {@code newest}/{@code age} and the {@code commit} they ran on. Built-in
 * checks: reports with at least one test were found, and none failed. A report that is not well-formed JUnit
 * XML makes the item FAIL naming the file and line: a cut report is never counted.
 */
public final class JunitProbe implements ProbeKind {
    static final String DEFAULT_COMMIT_PROPERTY = "git.commit";

    /** Where the reports are and where their commit is recorded. */
    record Spec(String glob, URI url, Map<String, String> headers, TlsOptions tls, String commitProperty,
            String commitFile) {}

    @Override
    public String name() {
        return "junit";
    }

    @Override
    public String summary() {
        return "JUnit XML test reports (files or a CI artifact URL): tests, failures, errors, skipped, age, commit";
    }

    @Override
    public Set<String> keys() {
        return Set.of("glob", "url", "headers", "caFile", "insecure", "commitProperty", "commitFile");
    }

    @Override
    public Set<String> facts() {
        return Set.of("tests", "failures", "errors", "skipped", "passed", "files", "suites", "duration", "newest",
                "age", "commit", "commits", "failed");
    }

    @Override
    public Probe create(Params params) {
        boolean hasGlob = params.has("glob");
        boolean hasUrl = params.has("url");
        if (hasGlob == hasUrl) {
            params.error(hasGlob ? "url" : "glob", hasGlob
                    ? "use either 'glob' or 'url', not both"
                    : "a junit item needs 'glob' (report files) or 'url' (a CI artifact)");
        }
        String glob = hasGlob ? params.string("glob") : null;
        if (glob != null && glob.isBlank()) {
            params.error("glob", "'glob' must not be empty");
        }
        URI url = hasUrl ? HttpProbe.url(params, "url") : null;
        Map<String, String> headers = params.stringMap("headers");
        TlsOptions tls = TlsOptions.read(params);
        if (!hasUrl) {
            for (String key : new String[] {"headers", "caFile", "insecure"}) {
                if (params.has(key)) {
                    params.error(key, "'" + key + "' applies to a report fetched from 'url'; this item reads files");
                }
            }
        }
        String property = params.string("commitProperty", DEFAULT_COMMIT_PROPERTY).strip();
        if (params.has("commitProperty") && property.isEmpty()) {
            params.error("commitProperty", "'commitProperty' must name a property, such as git.commit");
        }
        String commitFile = params.optString("commitFile").filter(s -> !s.isBlank()).orElse(null);
        Spec spec = new Spec(glob, url, headers, tls, property, commitFile);
        return ctx -> new JunitRun(spec, ctx).run();
    }
}
