package dev.deploycheck.checklist;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A loaded and validated checklist, resolved against a profile: items in checklist order. */
public record Checklist(Path file, String name, List<Item> items, Profile profile, Env env) {
    public Checklist {
        items = List.copyOf(items);
    }

    public Optional<Item> item(String id) {
        return items.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    /** Directory relative paths in items are resolved against. */
    public Path baseDir() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
