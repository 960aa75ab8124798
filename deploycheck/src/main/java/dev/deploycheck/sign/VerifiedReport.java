package dev.deploycheck.sign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploycheck.run.ItemResult;
import dev.deploycheck.run.RunResult;
import dev.deploycheck.run.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The outcome of checking a signed report: valid or not (with why), and for a valid one what it attests. */
public record VerifiedReport(boolean valid, String reason, String keyid, String keyType, JsonNode statement, RunResult report) {
    static VerifiedReport invalid(String reason) {
        return new VerifiedReport(false, reason, null, null, null, null);
    }

    static VerifiedReport valid(String keyid, String keyType, JsonNode statement, RunResult report) {
        return new VerifiedReport(true, null, keyid, keyType, statement, report);
    }

    /** The lines an auditor reads: signer, subject, result, counts and the items that failed or warned. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        lines.add("signature: valid (" + keyType + " key " + keyid + ")");
        for (JsonNode s : statement.path("subject")) {
            lines.add("subject:   " + s.path("name").asText() + " " + digests(s.path("digest")));
        }
        JsonNode p = statement.path("predicate");
        lines.add("predicate: " + statement.path("predicateType").asText());
        lines.add("result:    " + p.path("result").asText());
        if (report != null) {
            Map<Verdict, Integer> c = report.counts();
            lines.add("run:       " + report.checklistName() + " · profile " + report.profileName() + " · " + report.startedAt()
                    + " · " + report.tool() + " · exit " + report.exitCode());
            lines.add("items:     " + report.items().size() + " total, " + c.get(Verdict.PASS) + " passed, " + c.get(Verdict.FAIL)
                    + " failed, " + c.get(Verdict.WARN) + " warnings, " + c.get(Verdict.ERROR) + " errors, "
                    + c.get(Verdict.SKIP) + " skipped");
            for (ItemResult i : report.items()) {
                if (i.verdict() == Verdict.FAIL || i.verdict() == Verdict.ERROR || i.verdict() == Verdict.WARN) {
                    lines.add("  " + i.verdict() + " " + i.id() + ": " + i.title() + " — " + i.message());
                }
            }
        }
        for (JsonNode cfg : p.path("configuration")) {
            lines.add("config:    " + cfg.path("name").asText() + " " + digests(cfg.path("digest")));
        }
        return lines;
    }

    private static String digests(JsonNode digest) {
        List<String> parts = new ArrayList<>();
        digest.fields().forEachRemaining(e -> parts.add(e.getKey() + ":" + e.getValue().asText()));
        return String.join(" ", parts);
    }
}
