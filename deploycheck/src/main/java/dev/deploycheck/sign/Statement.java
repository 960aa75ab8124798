package dev.deploycheck.sign;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploycheck.report.JsonReport;
import dev.deploycheck.run.ItemResult;
import dev.deploycheck.run.RunResult;
import dev.deploycheck.run.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * The in-toto Statement v1 a signed report carries: the deployment as subject, the test-result v0.1 predicate
 * (result, the checklist and profile with their digests, passed/warned/failed item ids) plus the full JSON report.
 */
public final class Statement {
    public static final String TYPE = "https://in-toto.io/Statement/v1";
    public static final String PREDICATE_TYPE = "https://in-toto.io/attestation/test-result/v0.1";

    /** A file the run was configured by, with its SHA-256. */
    public record Resource(String name, String sha256) {}

    private Statement() {}

    /**
     * The statement for a run. Without subjects the checklist itself is the subject (an attestation needs one; pass
     * {@code --subject} to name what was deployed). FAIL and ERROR items are failed tests, WARN items warned.
     */
    public static ObjectNode of(RunResult r, List<Subject> subjects, String url) throws IOException {
        ObjectNode report = JsonReport.toJson(r);
        List<Resource> config = new ArrayList<>();
        config.add(resource(report.path("checklist").path("file").asText(), r.checklistFile()));
        if (r.profileFile() != null) {
            config.add(resource(report.path("profile").path("file").asText(), r.profileFile()));
        }
        ObjectNode st = report.objectNode();
        st.put("_type", TYPE);
        ArrayNode subj = st.putArray("subject");
        if (subjects.isEmpty()) {
            subj.addObject().put("name", config.get(0).name()).putObject("digest").put("sha256", config.get(0).sha256());
        }
        for (Subject s : subjects) {
            subj.addObject().put("name", s.name()).putObject("digest").put(s.algorithm(), s.digest());
        }
        st.put("predicateType", PREDICATE_TYPE);
        ObjectNode p = st.putObject("predicate");
        p.put("result", r.overall());
        ArrayNode cfg = p.putArray("configuration");
        config.forEach(c -> cfg.addObject().put("name", c.name()).putObject("digest").put("sha256", c.sha256()));
        if (url != null && !url.isBlank()) {
            p.put("url", url);
        }
        ids(p.putArray("passedTests"), r, v -> v == Verdict.PASS);
        ids(p.putArray("warnedTests"), r, v -> v == Verdict.WARN);
        ids(p.putArray("failedTests"), r, v -> v == Verdict.FAIL || v == Verdict.ERROR);
        p.set("report", report);
        return st;
    }

    private static void ids(ArrayNode into, RunResult r, Predicate<Verdict> which) {
        r.items().stream().filter(i -> which.test(i.verdict())).map(ItemResult::id).forEach(into::add);
    }

    static Resource resource(String name, Path file) throws IOException {
        if (file == null) {
            throw new IOException("the report names no checklist file to take a digest of");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return new Resource(name, HexFormat.of().formatHex(digest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
