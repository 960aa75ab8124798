package dev.deploycheck.probe.compose;

import dev.deploycheck.checklist.TextFiles;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.Shown;
import dev.deploycheck.probe.TargetFailure;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the compose file and applies the rules: the adapter of the compose probe. */
final class ComposeRun {
    private final ComposeProbe.Spec spec;
    private final ProbeContext ctx;

    ComposeRun(ComposeProbe.Spec spec, ProbeContext ctx) {
        this.spec = spec;
        this.ctx = ctx;
    }

    Observation run() throws Exception {
        Path file = ctx.resolve(spec.path());
        Path base = ctx.resolve(".");
        String shown = file.startsWith(base) ? base.relativize(file).toString() : file.toString();
        if (!Files.exists(file)) {
            throw new TargetFailure("compose file " + shown + " does not exist");
        }
        String text;
        try {
            text = TextFiles.read(file, shown, TextFiles.CONFIG_LIMIT);
        } catch (TextFiles.Unreadable e) {
            throw new TargetFailure(e.getMessage());
        }
        Node root;
        try {
            root = new org.yaml.snakeyaml.Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            throw new TargetFailure(shown + (mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1))
                    + ": invalid YAML: " + Shown.line(String.valueOf(e.getProblem()), 160));
        } catch (RuntimeException e) {
            throw new TargetFailure(shown + ": invalid YAML: " + Shown.line(String.valueOf(e.getMessage()), 160));
        }
        if (!(root instanceof MappingNode top) || !(Nodes.get(top, "services") instanceof MappingNode services)) {
            throw new TargetFailure(shown + ": not a compose file: no services: mapping");
        }
        Node volumes = Nodes.get(top, "volumes");
        Path shownDir = Path.of(shown).getParent() == null ? Path.of("") : Path.of(shown).getParent();
        ComposeRules rules = new ComposeRules(services, volumes instanceof MappingNode v ? v : null,
                new Dockerfiles(file.getParent(), shownDir));
        List<ComposeRules.Finding> findings = rules.apply(spec.require(), top.getValue().stream()
                .filter(t -> Nodes.text(t.getKeyNode()).equals("services")).findFirst()
                .map(t -> Nodes.line(t.getKeyNode())).orElse(Nodes.line(services)));
        Map<String, String> images = new LinkedHashMap<>();
        rules.services().forEach((name, s) -> images.put(name, Nodes.shown(Nodes.get(s, "image"))));
        List<String> lines = findings.stream().map(f -> format(f, shown)).collect(Collectors.toList());

        Observation obs = new Observation();
        obs.fact("services", List.copyOf(Nodes.keys(services))).fact("images", images).fact("findings", List.copyOf(lines));
        obs.evidence(shown + ": " + images.size() + " services (" + String.join(", ", images.keySet()) + "), "
                + findings.size() + " findings");
        lines.stream().limit(50).forEach(obs::evidence);
        for (String rule : ComposeRules.RULES) {
            List<String> mine = findings.stream().filter(f -> f.rule().equals(rule)).map(f -> format(f, shown)).toList();
            obs.check(rule, mine.isEmpty(), mine.isEmpty() ? "every service" : Shown.line(String.join("; ", mine), 600));
        }
        return obs;
    }

    private static String format(ComposeRules.Finding f, String shown) {
        return f.service() + ": " + f.message() + " (" + shown + ":" + f.line() + ")";
    }
}
