package dev.deploycheck.checklist;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects every problem found while loading, so that all are reported at once. */
public final class Problems {
    private final List<Problem> list = new ArrayList<>();

    public void add(Problem p) {
        list.add(p);
    }

    public void add(Pos pos, String message) {
        list.add(Problem.at(pos, message));
    }

    public void add(Pos pos, String message, String hint, int width) {
        list.add(new Problem(pos, message, hint, width));
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public int size() {
        return list.size();
    }

    public List<Problem> all() {
        return Collections.unmodifiableList(list);
    }
}
