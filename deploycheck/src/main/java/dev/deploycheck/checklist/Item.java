package dev.deploycheck.checklist;

import dev.deploycheck.expect.Expectation;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One checklist line made executable: a probe kind with its parameters, expectations and run settings.
 * {@code needs} must PASS first (else SKIP); {@code after} only orders (runs once those are done, whatever their verdict).
 */
public record Item(
        String id,
        String title,
        String section,
        String kind,
        Params params,
        List<Expectation> expect,
        Severity severity,
        Duration timeout,
        Retry retry,
        List<String> needs,
        List<String> after,
        Map<String, Capture> capture,
        List<String> tags,
        String skipReason,
        Pos pos) {

    public Item {
        expect = List.copyOf(expect);
        needs = List.copyOf(needs);
        after = List.copyOf(after);
        capture = Map.copyOf(capture);
        tags = List.copyOf(tags);
    }

    public boolean critical() {
        return severity == Severity.CRITICAL;
    }
}
