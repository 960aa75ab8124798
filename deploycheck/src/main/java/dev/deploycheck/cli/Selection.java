package dev.deploycheck.cli;

import dev.deploycheck.checklist.Checklist;
import dev.deploycheck.checklist.DidYouMean;
import dev.deploycheck.checklist.Item;
import dev.deploycheck.run.RunOptions;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks --only/--skip/--tag against the checklist before anything runs, so that a typo in a pipeline cannot turn
 * the gate off: an unknown id or tag, or a filter that leaves nothing to run, is invalid usage (exit 2).
 */
final class Selection {
    private Selection() {}

    static void check(Checklist checklist, RunOptions options) {
        Set<String> only = new TreeSet<>(options.only());
        Set<String> skip = new TreeSet<>(options.skip());
        Set<String> tags = new TreeSet<>(options.tags());
        Set<String> ids = new TreeSet<>();
        Set<String> knownTags = new TreeSet<>();
        for (Item i : checklist.items()) {
            ids.add(i.id());
            knownTags.addAll(i.tags());
        }
        Set<String> targetNames = new TreeSet<>();
        checklist.profile().targets().forEach(t -> targetNames.add(t.name()));
        for (String t : options.targets()) {
            if (targetNames.isEmpty()) {
                throw new UsageException("--target " + t + ": profile " + checklist.profile().name() + " has no targets");
            }
            if (!targetNames.contains(t)) {
                throw new UsageException("--target names an unknown target '" + t + "'" + hint(t, targetNames)
                        + "; targets: " + String.join(", ", targetNames));
            }
        }
        for (String id : only) {
            if (!ids.contains(id)) {
                throw new UsageException("--only names an unknown item '" + id + "'" + hint(id, ids));
            }
        }
        for (String tag : tags) {
            if (!knownTags.contains(tag)) {
                throw new UsageException("--tag names an unknown tag '" + tag + "'; tags in " + checklist.file().getFileName()
                        + ": " + String.join(", ", knownTags));
            }
        }
        for (String s : skip) {
            if (!ids.contains(s) && !knownTags.contains(s)) {
                throw new UsageException("--skip names an unknown item or tag '" + s + "'" + hint(s, union(ids, knownTags)));
            }
        }
        boolean anyLeft = checklist.items().stream().anyMatch(i -> options.picks(i) && !options.skips(i));
        boolean filtered = !only.isEmpty() || !tags.isEmpty() || !skip.isEmpty();
        if (!anyLeft && filtered) {
            throw new UsageException("the filters select no item to run (--only " + show(only) + ", --tag " + show(tags)
                    + ", --skip " + show(skip) + "); tags in " + checklist.file().getFileName() + ": " + String.join(", ", knownTags));
        }
    }

    private static String hint(String word, Set<String> known) {
        return DidYouMean.suggest(word, known).map(w -> "; did you mean '" + w + "'?").orElse("");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String show(Set<String> values) {
        return values.isEmpty() ? "-" : String.join(",", values);
    }
}
