package dev.deploycheck.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The registry of report formats: one line per format. */
public final class ReportFormats {
    private static final Map<String, ReportFormat> FORMATS = index(List.of(
            new ConsoleReport(false),
            new JsonReport(),
            new JunitReport(),
            new TapReport(),
            new MarkdownReport(),
            new SarifReport(),
            new HtmlReport()
    ));

    private ReportFormats() {}

    public static Optional<ReportFormat> find(String name) {
        return Optional.ofNullable(FORMATS.get(name));
    }

    public static Set<String> names() {
        return FORMATS.keySet();
    }

    private static Map<String, ReportFormat> index(List<ReportFormat> formats) {
        Map<String, ReportFormat> m = new LinkedHashMap<>();
        formats.forEach(f -> m.put(f.name(), f));
        return m;
    }
}
