package dev.deploycheck.checklist;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Parse stage: reads {@code checklist.yaml} and a profile into a validated {@link Checklist}, or throws a
 * {@link LoadException} listing every problem with its file:line:column. Nothing runs before this succeeds.
 */
public final class ChecklistLoader {
    private final Problems problems = new Problems();
    private final Map<String, Source> sources = new LinkedHashMap<>();

    private final RunTimeInputs inputs;

    private ChecklistLoader(RunTimeInputs inputs) {
        this.inputs = inputs;
    }

    /** For a run: every input must be there. */
    public static Checklist load(Path checklist, Path profile, Map<String, String> processEnv, Redactor redactor)
            throws LoadException {
        return load(checklist, profile, processEnv, redactor, RunTimeInputs.required());
    }

    /** {@code inputs} decides whether a missing environment variable, secret or env file is an error or listed. */
    public static Checklist load(Path checklist, Path profile, Map<String, String> processEnv, Redactor redactor,
            RunTimeInputs inputs) throws LoadException {
        return new ChecklistLoader(inputs).run(checklist, profile, processEnv, redactor);
    }

    private Checklist run(Path checklistPath, Path profilePath, Map<String, String> processEnv, Redactor redactor)
            throws LoadException {
        String pfile = display(profilePath);
        Optional<Node> profileRoot = compose(profilePath, pfile);
        ProfileLoader.Result profile = profileRoot
                .map(root -> new ProfileLoader(problems, inputs).load(pfile, profilePath, root, processEnv, redactor))
                .orElseGet(() -> new ProfileLoader.Result(new Profile("?", profilePath, Map.of(), null, Map.of(),
                        Map.of(), Optional.empty()), new Env(processEnv, java.util.Set.of())));

        String cfile = display(checklistPath);
        Optional<Node> root = compose(checklistPath, cfile);
        List<Item> items = new ArrayList<>();
        String name = "checklist";
        ItemReader reader = new ItemReader(cfile, problems);
        if (root.isPresent()) {
            Optional<Mapping> om = Mapping.of(cfile, root.get(), "the checklist", problems);
            if (om.isPresent()) {
                Mapping m = om.get();
                m.checkKeys(java.util.Set.of("version", "name", "defaults", "sections"), "top-level key");
                name = m.scalar("name", false).orElse(name);
                if (m.get("version") == null) {
                    // a later format may read the same keys differently: the file says which one it is written in
                    problems.add(m.pos(), "missing required field 'version'", "add 'version: 1' as the first line", 1);
                }
                m.scalar("version", false).filter(v -> !v.equals("1")).ifPresent(v -> problems.add(
                        Yaml.pos(cfile, m.get("version")), "unsupported checklist version '" + v + "'", "use version: 1", v.length()));
                Node defaults = m.get("defaults");
                if (defaults != null) {
                    reader.readDefaults(defaults);
                }
                Optional<SequenceNode> sections = m.sequence("sections");
                if (sections.isEmpty() && m.get("sections") == null) {
                    problems.add(m.pos(), "missing required field 'sections'");
                }
                sections.ifPresent(seq -> seq.getValue().forEach(s -> items.addAll(reader.readSection(s))));
            }
            new Validation(problems, reader, inputs).validate(items, profile.profile(), profileRoot.isPresent(), profile.env(),
                    profileRoot.map(r -> ProfileLoader.skipPositions(pfile, r)).orElse(Map.of()));
        }
        if (!problems.isEmpty()) {
            throw new LoadException(problems.all(), sources);
        }
        List<Item> resolved = new ArrayList<>();
        for (Item i : items) {
            String reason = profile.profile().skip().get(i.id());
            if (reason == null) {
                reason = i.tags().stream().map(t -> profile.profile().skipTags().get(t)).filter(r -> r != null)
                        .findFirst().orElse(null);
            }
            resolved.add(reason == null ? i : withSkip(i, reason.isBlank() ? "skipped by profile " + profile.profile().name()
                    : reason));
        }
        return new Checklist(checklistPath, name, resolved, profile.profile(), profile.env());
    }

    private static Item withSkip(Item i, String reason) {
        return new Item(i.id(), i.title(), i.section(), i.kind(), i.params(), i.expect(), i.severity(), i.timeout(),
                i.retry(), i.needs(), i.after(), i.capture(), i.tags(), reason, i.pos());
    }

    private Optional<Node> compose(Path path, String display) {
        String text;
        try {
            text = TextFiles.read(path, display, TextFiles.CONFIG_LIMIT);
        } catch (TextFiles.Unreadable e) {
            problems.add(e.pos(), e.getMessage());
            return Optional.empty();
        }
        sources.put(display, new Source(display, text.lines().toList()));
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by Mapping with a position
        try {
            Node node = new org.yaml.snakeyaml.Yaml(options).compose(new StringReader(text));
            if (node == null) {
                problems.add(new Pos(display, 1, 1), display + " is empty");
                return Optional.empty();
            }
            return Optional.of(node);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Pos pos = mark == null ? new Pos(display, 1, 1) : new Pos(display, mark.getLine() + 1, mark.getColumn() + 1);
            problems.add(pos, "invalid YAML: " + e.getProblem());
            return Optional.empty();
        } catch (RuntimeException e) {
            problems.add(new Pos(display, 1, 1), "invalid YAML: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The path as the user would write it: relative to the working directory when inside it. */
    static String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
