package dev.deploycheck.probe.file;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeKind;
import java.util.Set;

/**
 * {@code probe: file}: a file at {@code path}, or the newest regular file matching {@code glob} (both relative to
 * the checklist's directory). Facts: {@code exists}, {@code path}, {@code matches} (glob only), {@code size},
 * {@code modified}, {@code age}, {@code contents} (text files, capped), {@code sha256}. A missing file is not an
 * error: {@code exists} is false and the other facts are absent.
 */
public final class FileProbe implements ProbeKind {
    static final int DEFAULT_MAX_CONTENTS = 64 * 1024;

    /** Which file, and how much of it to read. */
    record Spec(String path, String glob, int maxContents, boolean hash) {}

    @Override
    public String name() {
        return "file";
    }

    @Override
    public String summary() {
        return "A file (or the newest glob match): exists, size, modified, age, contents, sha256";
    }

    @Override
    public Set<String> keys() {
        return Set.of("path", "glob", "maxContents", "hash");
    }

    @Override
    public Set<String> facts() {
        return Set.of("exists", "path", "matches", "size", "modified", "age", "contents", "sha256");
    }

    @Override
    public Probe create(Params params) {
        String path = params.optString("path").orElse(null);
        String glob = params.optString("glob").orElse(null);
        if ((path == null) == (glob == null)) {
            params.error(path == null ? "path" : "glob", path == null
                    ? "a file item needs 'path' or 'glob'" : "use either 'path' or 'glob', not both");
        }
        if (path != null && path.isBlank()) {
            params.error("path", "'path' must not be empty");
        }
        int maxContents = params.integer("maxContents", DEFAULT_MAX_CONTENTS);
        if (maxContents < 0) {
            params.error("maxContents", "'maxContents' must be a number of bytes, found " + maxContents);
        }
        boolean hash = params.bool("hash", true);
        Spec spec = new Spec(path, glob, Math.max(0, maxContents), hash);
        return ctx -> new FileRun(spec, ctx).run();
    }
}
