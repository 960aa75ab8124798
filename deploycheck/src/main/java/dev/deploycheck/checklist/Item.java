package dev.deploycheck.checklist;

import dev.deploycheck.expect.Expectation;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One checklist line made executable: a probe kind with its parameters, expectations and run settings. */
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
        Map<String, Capture> capture,
        List<String> tags,
        String skipReason,
        Pos pos) {

    public Item {
        expect = List.copyOf(expect);
        needs = List.copyOf(needs);
        capture = Map.copyOf(capture);
        tags = List.copyOf(tags);
    }

    public boolean critical() {
        return severity == Severity.CRITICAL;
    }
}
