package dev.deploycheck.probe.junit;

import dev.deploycheck.checklist.Durations;
import dev.deploycheck.checklist.TextFiles;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.Shown;
import dev.deploycheck.probe.TargetFailure;
import dev.deploycheck.probe.file.Glob;
import dev.deploycheck.probe.http.CappedBody;
import dev.deploycheck.probe.http.Exchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Finds or fetches the reports, reads each one and adds them up: the adapter of the junit probe. */
final class JunitRun {
    /** Beyond these a report set is not a test run but a mistake (a glob over a whole disk, a log served as XML). */
    static final long MAX_FILE_BYTES = 64L << 20;
    static final int MAX_FILES = 10_000;
    static final int MAX_URL_BYTES = 32 << 20;

    private final JunitProbe.Spec spec;
    private final ProbeContext ctx;
    private final List<JunitXml.Report> reports = new ArrayList<>();
    private Instant newest;

    JunitRun(JunitProbe.Spec spec, ProbeContext ctx) {
        this.spec = spec;
        this.ctx = ctx;
    }

    Observation run() throws Exception {
        Observation obs = new Observation();
        String source = spec.glob() != null ? files(obs) : url(obs);
        long tests = 0;
        long failures = 0;
        long errors = 0;
        long skipped = 0;
        int suites = 0;
        double seconds = 0;
        Set<String> commits = new LinkedHashSet<>();
        List<String> failed = new ArrayList<>();
        for (JunitXml.Report r : reports) {
            tests += r.tests();
            failures += r.failures();
            errors += r.errors();
            skipped += r.skipped();
            suites += r.suites();
            seconds += r.seconds();
            commits.addAll(r.commits());
            r.failed().stream().limit(JunitXml.MAX_FAILED - failed.size()).forEach(failed::add);
        }
        long passed = Math.max(0, tests - failures - errors - skipped);
        obs.fact("files", reports.size()).fact("suites", suites).fact("tests", tests).fact("failures", failures)
                .fact("errors", errors).fact("skipped", skipped).fact("passed", passed)
                .fact("duration", Duration.ofMillis(Math.round(seconds * 1000))).fact("failed", List.copyOf(failed));
        if (!reports.isEmpty()) {
            obs.evidence(tests + " tests, " + failures + " failures, " + errors + " errors, " + skipped + " skipped in "
                    + suites + " suites (" + Durations.format(Duration.ofMillis(Math.round(seconds * 1000))) + ")");
        }
        if (newest != null) {
            Duration age = Duration.between(newest, Instant.now());
            obs.fact("newest", newest).fact("age", age);
            obs.evidence("newest run " + newest + " (" + Durations.format(age.isNegative() ? Duration.ZERO : age)
                    + " ago)");
        } else if (!reports.isEmpty()) {
            String reason = "no timestamp attribute in the report and no Last-Modified header";
            obs.unavailable("newest", reason).unavailable("age", reason);
        }
        if (reports.isEmpty()) {
            String reason = "no JUnit report matches " + source;
            obs.unavailable("newest", reason).unavailable("age", reason).unavailable("commit", reason);
        } else {
            commit(obs, commits);
        }
        obs.check("found", !reports.isEmpty() && tests > 0, reports.isEmpty()
                ? "no JUnit report: nothing matches " + source
                : tests > 0 ? reports.size() + " report(s)" : "the reports hold no test: " + source);
        String names = failed.isEmpty() ? "" : ": " + String.join(", ", failed)
                + (failures + errors > failed.size() ? ", ..." : "");
        obs.check("passing", failures + errors == 0, failures + errors == 0 ? "no failures or errors"
                : failures + " failures, " + errors + " errors" + Shown.line(names, 400));
        if (!failed.isEmpty()) {
            obs.evidence("failed: " + Shown.line(String.join(", ", failed), 400));
        }
        return obs;
    }

    private String files(Observation obs) throws Exception {
        List<Path> matches = new ArrayList<>(Glob.find(ctx.resolve("."), spec.glob()));
        matches.sort(Comparator.naturalOrder());
        obs.evidence(matches.size() + " report(s) match " + spec.glob());
        if (matches.size() > MAX_FILES) {
            throw new TargetFailure(spec.glob() + " matches " + matches.size() + " files, more than the "
                    + MAX_FILES + " a test run can produce: narrow the glob");
        }
        for (Path file : matches) {
            String shown = shown(file);
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            if (attrs.size() > MAX_FILE_BYTES) {
                throw new TargetFailure(shown + " is larger than the " + (MAX_FILE_BYTES >> 20) + " MiB limit for a report");
            }
            if (ctx.remaining().isZero()) {
                throw new TargetFailure("no time left to read " + shown + " (" + reports.size() + " of "
                        + matches.size() + " reports read)");
            }
            JunitXml.Report report;
            try (InputStream in = Files.newInputStream(file)) {
                report = parse(in, shown);
            }
            reports.add(report);
            // a report without a timestamp (Surefire writes none) ran when it was written
            later(report.newest() != null ? report.newest() : attrs.lastModifiedTime().toInstant());
        }
        return spec.glob();
    }

    private String url(Observation obs) throws Exception {
        String shown = ctx.redactor().mask(spec.url().toString());
        HttpClient client = spec.tls().client(ctx, HttpClient.Redirect.NORMAL, HttpClient.Version.HTTP_1_1);
        Duration left = ctx.remaining();
        if (left.isZero()) {
            throw new TargetFailure("no time left to fetch " + shown);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(spec.url()).timeout(left).GET()
                .header("Accept", "application/xml, text/xml;q=0.9, */*;q=0.1");
        spec.headers().forEach(b::header);
        HttpResponse<CappedBody.Bytes> resp = Exchange.send(client, b.build(), ctx, MAX_URL_BYTES);
        obs.evidence("GET " + shown + " -> " + resp.statusCode());
        if (resp.statusCode() / 100 != 2) {
            throw new TargetFailure("GET " + shown + " answered HTTP " + resp.statusCode() + ", not a report");
        }
        if (resp.body().truncated()) {
            throw new TargetFailure("the report at " + shown + " exceeds the " + (MAX_URL_BYTES >> 20)
                    + " MiB limit: it was not read");
        }
        JunitXml.Report report = parse(new ByteArrayInputStream(resp.body().data()), shown);
        reports.add(report);
        Instant at = report.newest() != null ? report.newest() : lastModified(resp);
        if (at != null) {
            later(at);
        }
        return shown;
    }

    private JunitXml.Report parse(InputStream in, String shown) throws TargetFailure {
        try {
            return JunitXml.read(in, spec.commitProperty(), ctx.deadline());
        } catch (JunitXml.Malformed e) {
            String where = e.line > 0 ? shown + ":" + e.line + ":" + e.column : shown;
            throw new TargetFailure(where + ": " + Shown.line(ctx.redactor().mask(e.getMessage()), 240));
        }
    }

    private void commit(Observation obs, Set<String> fromReports) throws IOException {
        Set<String> commits = new LinkedHashSet<>(fromReports);
        String from = fromReports.isEmpty() ? "" : "property " + spec.commitProperty();
        if (spec.commitFile() != null) {
            Path file = ctx.resolve(spec.commitFile());
            if (!Files.exists(file)) {
                obs.unavailable("commit", "commit file " + spec.commitFile() + " does not exist");
                return;
            }
            String text;
            try {
                text = TextFiles.read(file, spec.commitFile(), 4096);
            } catch (TextFiles.Unreadable e) {
                throw new TargetFailure(e.getMessage());
            }
            String line = text.lines().map(String::strip).filter(s -> !s.isEmpty()).findFirst().orElse("");
            if (line.isEmpty()) {
                obs.unavailable("commit", "commit file " + spec.commitFile() + " is empty");
                return;
            }
            commits.add(line);
            from = from.isEmpty() ? spec.commitFile() : from + " and " + spec.commitFile();
        }
        obs.fact("commits", List.copyOf(commits));
        if (commits.size() == 1) {
            String c = commits.iterator().next();
            obs.fact("commit", c);
            obs.evidence("commit " + Shown.line(c, 80) + " (from " + from + ")");
        } else if (commits.isEmpty()) {
            obs.unavailable("commit", "no commit recorded: no " + spec.commitProperty()
                    + " property in the reports" + (spec.commitFile() == null ? " and no commitFile" : ""));
        } else {
            obs.unavailable("commit", "the reports come from " + commits.size() + " commits: "
                    + Shown.line(String.join(", ", commits), 200));
        }
    }

    private void later(Instant t) {
        if (newest == null || t.isAfter(newest)) {
            newest = t;
        }
    }

    private static Instant lastModified(HttpResponse<?> resp) {
        return resp.headers().firstValue("Last-Modified").map(v -> {
            try {
                return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }).orElse(null);
    }

    /** The file as the user wrote it: relative to the checklist when below it. */
    private String shown(Path file) {
        Path base = ctx.resolve(".");
        return file.startsWith(base) ? base.relativize(file).toString() : file.toString();
    }
}
