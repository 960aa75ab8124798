package dev.deploycheck.checklist;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that need the whole checklist: {@code needs} naming known items without cycles, every variable
 * reference defined (a capture only from an item it needs), profile skips naming known items.
 */
final class Validation {
    private final Problems problems;
    private final ItemReader reader;
    private final RunTimeInputs inputs;

    Validation(Problems problems, ItemReader reader, RunTimeInputs inputs) {
        this.problems = problems;
        this.reader = reader;
        this.inputs = inputs;
    }

    /**
     * {@code profileRead} false: the profile could not be read, and its error is the one to show; every
     * {@code ${vars.x}} would otherwise follow it as "undefined".
     */
    void validate(List<Item> items, Profile profile, boolean profileRead, Env env, Map<String, Pos> skipPositions) {
        Map<String, Item> byId = new HashMap<>();
        items.forEach(i -> byId.putIfAbsent(i.id(), i));
        for (Item item : items) {
            for (ItemReader.ScalarAt need : reader.needs.getOrDefault(item.id(), List.of())) {
                if (!byId.containsKey(need.text())) {
                    String key = item.needs().contains(need.text()) ? "needs" : "after";
                    problems.add(need.pos(), "'" + key + "' names an unknown item '" + need.text() + "'",
                            DidYouMean.suggest(need.text(), byId.keySet()).map(s -> "did you mean '" + s + "'?").orElse(null),
                            need.text().length());
                }
            }
        }
        cycles(items, byId);
        for (Item item : items) {
            for (ItemReader.ScalarAt s : reader.scalars.getOrDefault(item.id(), List.of())) {
                Variables.checkSyntax(s.text(), s.pos(), problems);
            }
            if (skippedByProfile(item, profile)) {
                continue; // a skipped item's variables need no values in this environment
            }
            Set<String> ancestors = ancestors(item, byId);
            for (ItemReader.ScalarAt s : reader.scalars.getOrDefault(item.id(), List.of())) {
                for (Variables.Ref ref : Variables.refs(s.text())) {
                    if (!profileRead && Set.of("vars", "env", "secret").contains(ref.namespace())) {
                        continue;
                    }
                    checkRef(item, ref, s.pos().shift(ref.offset()), profile, env, byId, ancestors);
                }
            }
        }
        skipPositions.forEach((id, pos) -> {
            if (!byId.containsKey(id)) {
                problems.add(pos, "profile skips an unknown item '" + id + "'",
                        DidYouMean.suggest(id, byId.keySet()).map(s -> "did you mean '" + s + "'?").orElse(null), id.length());
            }
        });
    }

    private void checkRef(Item item, Variables.Ref ref, Pos pos, Profile profile, Env env, Map<String, Item> byId,
            Set<String> ancestors) {
        String ns = ref.namespace();
        switch (ns) {
            case "vars":
                boolean everyTarget = !profile.targets().isEmpty()
                        && profile.targets().stream().allMatch(t -> t.vars().containsKey(ref.name()));
                if (!profile.vars().containsKey(ref.name()) && !everyTarget && ref.fallback() == null) {
                    problems.add(pos, "undefined variable '" + ref.text() + "'",
                            DidYouMean.suggest(ref.name(), profile.vars().keySet()).map(s -> "did you mean 'vars." + s + "'?")
                                    .orElse("define it under 'vars' in " + profile.file().getFileName()), ref.length());
                }
                return;
            case "env":
            case "secret":
                if (!env.has(ref.name()) && ref.fallback() == null && !inputs.missing(ns, ref.name())) {
                    problems.add(pos, "undefined variable '" + ref.text() + "': " + ref.name()
                            + " is not set in the environment" + (profile.envFile() != null ? " or " + profile.envFile().getFileName() : ""),
                            "set it, or give a default: ${" + ref.text() + ":-value}", ref.length());
                }
                return;
            default:
                Item source = byId.get(ns);
                if (source == null) {
                    problems.add(pos, "unknown variable namespace or item '" + ns + "' in '${" + ref.text() + "}'",
                            DidYouMean.suggest(ns, union(byId.keySet(), Set.of("vars", "env", "secret")))
                                    .map(s -> "did you mean '" + s + "'?").orElse("use vars., env., secret. or <item-id>."),
                            ref.length());
                } else if (!source.capture().containsKey(ref.name())) {
                    problems.add(pos, "item '" + ns + "' captures no '" + ref.name() + "'",
                            source.capture().isEmpty() ? "add it under 'capture' in item '" + ns + "'"
                                    : "it captures: " + String.join(", ", source.capture().keySet()), ref.length());
                } else if (!ancestors.contains(ns)) {
                    problems.add(pos, "item '" + item.id() + "' uses a capture of '" + ns + "' but does not need it",
                            "add '" + ns + "' to its 'needs'", ref.length());
                }
        }
    }

    private static boolean skippedByProfile(Item item, Profile profile) {
        return profile.skip().containsKey(item.id()) || item.tags().stream().anyMatch(profile.skipTags()::containsKey);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return s;
    }

    private static Set<String> ancestors(Item item, Map<String, Item> byId) {
        Set<String> seen = new HashSet<>();
        List<String> stack = new ArrayList<>(item.needs());
        while (!stack.isEmpty()) {
            String id = stack.remove(stack.size() - 1);
            if (seen.add(id) && byId.containsKey(id)) {
                stack.addAll(byId.get(id).needs());
            }
        }
        return seen;
    }

    private void cycles(List<Item> items, Map<String, Item> byId) {
        Map<String, Integer> state = new HashMap<>();
        Set<String> reported = new HashSet<>();
        for (Item i : items) {
            visit(i.id(), byId, state, new ArrayList<>(), reported);
        }
    }

    private void visit(String id, Map<String, Item> byId, Map<String, Integer> state, List<String> path, Set<String> reported) {
        Integer s = state.get(id);
        if (s != null && s == 2 || !byId.containsKey(id)) {
            return;
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
            cycle.add(id);
            if (reported.add(new java.util.TreeSet<>(cycle).toString())) {
                Pos pos = reader.idPos.getOrDefault(id, byId.get(id).pos());
                problems.add(pos, "dependency cycle: " + String.join(" -> ", cycle), "remove one of these 'needs' or 'after'", id.length());
            }
            return;
        }
        state.put(id, 1);
        path.add(id);
        List<String> next = new ArrayList<>(byId.get(id).needs());
        next.addAll(byId.get(id).after());
        for (String n : next) {
            visit(n, byId, state, path, reported);
        }
        path.remove(path.size() - 1);
        state.put(id, 2);
    }
}
