package dev.deploycheck.checklist;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code .env} file: {@code KEY=value} lines, {@code #} comments, an optional {@code export } prefix,
 * single quotes (literal) and double quotes (with \n, \", \\ escapes), inline comments after unquoted values.
 */
public final class EnvFile {
    private EnvFile() {}

    public static Map<String, String> read(Path file, Problems problems) {
        List<String> lines;
        try {
            lines = TextFiles.read(file, file.toString(), TextFiles.CONFIG_LIMIT).lines().toList();
        } catch (TextFiles.Unreadable e) {
            problems.add(e.pos(), "env file: " + e.getMessage());
            return Map.of();
        }
        return parse(file.toString(), lines, problems);
    }

    static Map<String, String> parse(String name, List<String> lines, Problems problems) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            int col = raw.indexOf(line.isEmpty() ? raw : line.substring(0, 1)) + 1;
            if (eq <= 0) {
                problems.add(new Pos(name, i + 1, col), "expected KEY=value", null, line.length());
                continue;
            }
            String key = line.substring(0, eq).strip();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                problems.add(new Pos(name, i + 1, col), "invalid variable name '" + key + "'", null, key.length());
                continue;
            }
            out.put(key, value(line.substring(eq + 1).strip()));
        }
        return out;
    }

    private static String value(String v) {
        if (v.length() >= 2 && v.startsWith("'") && v.indexOf('\'', 1) > 0) {
            return v.substring(1, v.indexOf('\'', 1));
        }
        if (v.startsWith("\"")) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '\\' && i + 1 < v.length()) {
                    char n = v.charAt(++i);
                    sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
                } else if (c == '"') {
                    break;
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
        int hash = v.indexOf(" #");
        return (hash >= 0 ? v.substring(0, hash) : v).strip();
    }
}
