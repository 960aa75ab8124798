package dev.deploycheck.probe.compose;

import dev.deploycheck.checklist.TextFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The Dockerfile a service builds, read as text (nothing is built: there may be no engine): its final stage must
 * run as a user other than root, declare a HEALTHCHECK, and start from a pinned image.
 */
final class Dockerfiles {
    /** Where a finding goes: the compose line of the service's build, and what is wrong. */
    interface Reporter {
        void report(int line, String message);
    }

    private final Path composeDir;
    private final Path display;

    Dockerfiles(Path composeDir, Path display) {
        this.composeDir = composeDir;
        this.display = display;
    }

    void check(int at, Node build, Reporter out) {
        String context = build instanceof MappingNode m ? Nodes.text(Nodes.get(m, "context")) : Nodes.text(build);
        String file = build instanceof MappingNode m2 ? Nodes.text(Nodes.get(m2, "dockerfile")) : "";
        if (context.contains("://") || context.startsWith("git@")) {
            return; // a remote context: nothing here to read
        }
        Path dir = composeDir.resolve(context.isEmpty() ? "." : context).normalize();
        Path dockerfile = dir.resolve(file.isEmpty() ? "Dockerfile" : file).normalize();
        String shown = display.resolve(composeDir.relativize(dockerfile)).normalize().toString();
        if (!Files.isRegularFile(dockerfile)) {
            out.report(at, "builds from " + shown + ", which does not exist");
            return;
        }
        List<String> lines;
        try {
            lines = TextFiles.read(dockerfile, shown, TextFiles.CONFIG_LIMIT).lines().toList();
        } catch (TextFiles.Unreadable e) {
            out.report(at, e.getMessage());
            return;
        }
        Set<String> stages = new HashSet<>();
        int fromLine = 0;
        String from = null;
        String user = null;
        int userLine = 0;
        boolean healthcheck = false;
        List<String> logical = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        StringBuilder cur = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (cur == null) {
                if (l.isBlank() || l.stripLeading().startsWith("#")) {
                    continue;
                }
                cur = new StringBuilder();
                starts.add(i + 1);
            }
            boolean more = l.endsWith("\\");
            cur.append(more ? l.substring(0, l.length() - 1) : l).append(' ');
            if (!more) {
                logical.add(cur.toString().strip());
                cur = null;
            }
        }
        for (int i = 0; i < logical.size(); i++) {
            String[] words = logical.get(i).split("\\s+");
            String op = words[0].toUpperCase(Locale.ROOT);
            if (op.equals("FROM")) {
                List<String> args = new ArrayList<>(List.of(words).subList(1, words.length));
                args.removeIf(a -> a.startsWith("--"));
                from = args.isEmpty() ? "" : args.get(0);
                if (args.size() >= 3 && args.get(1).equalsIgnoreCase("AS")) {
                    stages.add(args.get(2).toLowerCase(Locale.ROOT));
                }
                fromLine = starts.get(i);
                user = null;
                healthcheck = false;
            } else if (op.equals("USER") && words.length > 1) {
                user = words[1];
                userLine = starts.get(i);
            } else if (op.equals("HEALTHCHECK")) {
                healthcheck = words.length > 1 && !words[1].equalsIgnoreCase("NONE");
            }
        }
        if (from == null) {
            out.report(at, shown + " has no FROM");
            return;
        }
        String tag = from.contains("@sha256:") ? "digest" : from.replaceAll("^[^/]*/", "").contains(":")
                ? from.substring(from.lastIndexOf(':') + 1) : "";
        if (!stages.contains(from.toLowerCase(Locale.ROOT)) && !from.equalsIgnoreCase("scratch")
                && (tag.isEmpty() || tag.equalsIgnoreCase("latest"))) {
            out.report(at, shown + ":" + fromLine + ": the final stage's FROM " + from + " is not pinned");
        }
        if (user == null) {
            out.report(at, shown + " runs as root: its final stage has no USER");
        } else if (user.matches("(?i)(root|0)(:.*)?")) {
            out.report(at, shown + ":" + userLine + " runs as root (USER " + user + ")");
        }
        if (!healthcheck) {
            out.report(at, shown + " has no HEALTHCHECK in its final stage");
        }
    }
}
