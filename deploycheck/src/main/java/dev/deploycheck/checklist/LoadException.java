package dev.deploycheck.checklist;

import java.util.List;
import java.util.Map;

/** The checklist or profile is invalid: every problem found, with the sources to quote. Exit code 2. */
public final class LoadException extends Exception {
    private final transient List<Problem> problems;
    private final transient Map<String, Source> sources;

    public LoadException(List<Problem> problems, Map<String, Source> sources) {
        super(problems.size() + " problem(s)");
        this.problems = List.copyOf(problems);
        this.sources = Map.copyOf(sources);
    }

    public List<Problem> problems() {
        return problems;
    }

    public String render() {
        return ProblemRenderer.render(problems, sources);
    }
}
