package dev.deploycheck.probe.file;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The regular files a glob matches ({@code backups/*.sql.gz}, {@code reports/**}{@code /TEST-*.xml}), relative
 * patterns resolved against a base directory. Shared by the kinds that read files by pattern ({@code file},
 * {@code junit}).
 */
public final class Glob {
    private Glob() {}

    /** Regular files matching the pattern, walked from its longest directory prefix without wildcards. */
    public static List<Path> find(Path base, String pattern) throws IOException {
        Path abs = Path.of(pattern).isAbsolute() ? Path.of(pattern) : base.resolve(pattern);
        String[] parts = abs.toString().split("/");
        StringBuilder root = new StringBuilder();
        int depth = 0;
        boolean deep = false;
        boolean wild = false;
        for (String part : parts) {
            if (!wild && !part.matches(".*[*?\\[{].*")) {
                root.append(part).append('/');
            } else {
                wild = true;
                depth++;
                deep |= part.contains("**");
            }
        }
        if (!wild) {
            return Files.isRegularFile(abs) ? List.of(abs) : List.of();
        }
        Path start = Path.of(root.length() == 0 ? "/" : root.toString());
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + abs);
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(start, deep ? Integer.MAX_VALUE : Math.max(1, depth))) {
            s.filter(p -> matcher.matches(p) && Files.isRegularFile(p)).forEach(out::add);
        }
        return out;
    }
}
