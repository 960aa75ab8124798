package dev.deploycheck.checklist;

import java.util.List;

/** A file's display name and lines, kept so that error messages can quote the line under the caret. */
public record Source(String name, List<String> lines) {
    public Source {
        lines = List.copyOf(lines);
    }

    public String line(int oneBased) {
        return oneBased >= 1 && oneBased <= lines.size() ? lines.get(oneBased - 1) : "";
    }
}
