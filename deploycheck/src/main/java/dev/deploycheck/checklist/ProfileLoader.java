package dev.deploycheck.checklist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads {@code profiles/<env>.yaml}: {@code name}, {@code envFile}, {@code vars}, {@code secrets}, {@code skip},
 * {@code rollback}. Variables may use {@code ${env.X}} / {@code ${env.X:-default}}; they are expanded here.
 */
final class ProfileLoader {
    static final Set<String> KEYS = Set.of("name", "description", "envFile", "vars", "secrets", "skip", "skipTags", "rollback",
            "targets");
    static final Set<String> TARGET_KEYS = Set.of("name", "vars");
    static final Set<String> ROLLBACK_KEYS = Set.of("command", "timeout", "smokeTags");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE|CREDENTIAL|ENCRYPTION_KEY).*");
    private static final Pattern URL_PASSWORD = Pattern.compile("://[^/:@\\s]*:([^@/\\s]+)@");

    record Result(Profile profile, Env env) {}

    private final Problems problems;
    private final RunTimeInputs inputs;

    ProfileLoader(Problems problems, RunTimeInputs inputs) {
        this.problems = problems;
        this.inputs = inputs;
    }

    Result load(String file, Path path, Node root, Map<String, String> processEnv, Redactor redactor) {
        Optional<Mapping> om = Mapping.of(file, root, "a profile", problems);
        if (om.isEmpty()) {
            return new Result(new Profile("?", path, Map.of(), null, Map.of(), Map.of(), Optional.empty()), new Env(processEnv, Set.of()));
        }
        Mapping m = om.get();
        m.checkKeys(KEYS, "profile key");
        String fallbackName = path.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        String name = m.scalar("name", false).orElse(fallbackName);

        Map<String, String> values = new LinkedHashMap<>();
        Set<String> fromFile = new HashSet<>();
        Path envFile = null;
        Optional<String> envFileName = m.scalar("envFile", false);
        if (envFileName.isPresent() && Variables.hasRefs(envFileName.get())) {
            // the env file's own location may come from the environment: ${env.DEPLOY_ROOT:-/srv/app}/current/.env
            try {
                envFileName = Optional.of(new Variables(Map.of(), new Env(processEnv, Set.of()), redactor)
                        .resolve(envFileName.get()));
            } catch (Variables.UndefinedException e) {
                if (!inputs.missing(e.ref().namespace(), e.ref().name())) {
                    problems.add(Yaml.pos(file, m.get("envFile")).shift(e.ref().offset()), e.getMessage(),
                            "set it, or give a default: ${" + e.ref().text() + ":-value}", e.ref().length());
                }
                envFileName = Optional.empty();
            }
        }
        if (envFileName.isPresent()) {
            envFile = path.toAbsolutePath().getParent().resolve(envFileName.get()).normalize();
            if (Files.isRegularFile(envFile)) {
                Map<String, String> fileValues = EnvFile.read(envFile, problems);
                values.putAll(fileValues);
                fromFile.addAll(fileValues.keySet());
            } else if (!inputs.missing("env file", envFile.toString())) {
                problems.add(Yaml.pos(file, m.get("envFile")), "env file not found: " + envFile, null,
                        envFileName.get().length());
            }
        }
        values.putAll(processEnv);
        Env env = new Env(values, fromFile);

        Set<String> secretNames = new HashSet<>();
        m.sequence("secrets").ifPresent(seq -> seq.getValue().forEach(n -> {
            if (n instanceof ScalarNode) {
                secretNames.add(((ScalarNode) n).getValue());
            }
        }));
        registerSecrets(env, secretNames, redactor);

        Variables expander = new Variables(Map.of(), env, redactor);
        Map<String, String> vars = new LinkedHashMap<>();
        Node varsNode = m.get("vars");
        if (varsNode != null) {
            Mapping.of(file, varsNode, "'vars'", problems).ifPresent(vm -> vm.entries.forEach((k, t) -> {
                Node v = t.getValueNode();
                if (!(v instanceof ScalarNode)) {
                    problems.add(Yaml.pos(file, v), "variable '" + k + "' must be a single value");
                    return;
                }
                String raw = ((ScalarNode) v).getValue();
                Variables.checkSyntax(raw, Yaml.pos(file, v), problems);
                for (Variables.Ref ref : Variables.refs(raw)) {
                    if (!ref.namespace().equals("env") && !ref.namespace().equals("secret")) {
                        problems.add(Yaml.pos(file, v).shift(ref.offset()),
                                "profile variables may only use ${env.X} or ${secret.X}", null, ref.length());
                    }
                }
                try {
                    vars.put(k, expander.resolve(raw));
                } catch (Variables.UndefinedException e) {
                    if (inputs.missing(e.ref().namespace(), e.ref().name())) {
                        vars.put(k, raw); // defined, with its value to come where the run happens
                        return;
                    }
                    problems.add(Yaml.pos(file, v).shift(e.ref().offset()), e.getMessage() + " (not in the environment)",
                            "set it, or give a default: ${" + e.ref().text() + ":-value}", e.ref().length());
                }
            }));
        }

        Map<String, String> skip = new LinkedHashMap<>();
        Node skipNode = m.get("skip");
        if (skipNode != null) {
            Mapping.of(file, skipNode, "'skip' (item id: reason)", problems).ifPresent(sm -> sm.entries.forEach((k, t) ->
                    skip.put(k, t.getValueNode() instanceof ScalarNode ? ((ScalarNode) t.getValueNode()).getValue() : "")));
        }
        Map<String, String> skipTags = new LinkedHashMap<>();
        Node skipTagsNode = m.get("skipTags");
        if (skipTagsNode != null) {
            Mapping.of(file, skipTagsNode, "'skipTags' (tag: reason)", problems).ifPresent(sm -> sm.entries.forEach((k, t) ->
                    skipTags.put(k, t.getValueNode() instanceof ScalarNode ? ((ScalarNode) t.getValueNode()).getValue() : "")));
        }
        return new Result(new Profile(name, path, vars, envFile, skip, skipTags, rollback(file, m),
                targets(file, m, expander)), env);
    }

    /**
     * {@code targets: [{name: eu-west, vars: {api: https://eu.example.com}}, ...]}: names unique, letters, digits,
     * {@code . _ -}; each target's variables may use {@code ${env.X}} as the profile's do.
     */
    private List<Target> targets(String file, Mapping m, Variables expander) {
        List<Target> out = new java.util.ArrayList<>();
        Node n = m.get("targets");
        if (n == null) {
            return out;
        }
        if (!(n instanceof org.yaml.snakeyaml.nodes.SequenceNode)) {
            problems.add(Yaml.pos(file, n), "'targets' must be a list of {name, vars}, not a " + Yaml.describe(n));
            return out;
        }
        Map<String, Pos> seen = new LinkedHashMap<>();
        for (Node e : ((org.yaml.snakeyaml.nodes.SequenceNode) n).getValue()) {
            Optional<Mapping> tm = Mapping.of(file, e, "a target", problems);
            if (tm.isEmpty()) {
                continue;
            }
            Mapping t = tm.get();
            t.checkKeys(TARGET_KEYS, "target key");
            Optional<String> name = t.scalar("name", true);
            if (name.isEmpty()) {
                continue;
            }
            Pos pos = Yaml.pos(file, t.get("name"));
            if (!name.get().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                problems.add(pos, "invalid target name '" + name.get() + "'", "letters, digits, '.', '_' and '-'",
                        name.get().length());
                continue;
            }
            if (seen.containsKey(name.get())) {
                problems.add(pos, "duplicate target '" + name.get() + "'", "first defined at " + seen.get(name.get()),
                        name.get().length());
                continue;
            }
            seen.put(name.get(), pos);
            Map<String, String> vars = new LinkedHashMap<>();
            Node vn = t.get("vars");
            if (vn != null) {
                Mapping.of(file, vn, "'vars'", problems).ifPresent(vm -> vm.entries.forEach((k, tuple) -> {
                    Node v = tuple.getValueNode();
                    if (!(v instanceof ScalarNode)) {
                        problems.add(Yaml.pos(file, v), "variable '" + k + "' must be a single value");
                        return;
                    }
                    String raw = ((ScalarNode) v).getValue();
                    Variables.checkSyntax(raw, Yaml.pos(file, v), problems);
                    try {
                        vars.put(k, expander.resolve(raw));
                    } catch (Variables.UndefinedException x) {
                        if (inputs.missing(x.ref().namespace(), x.ref().name())) {
                            vars.put(k, raw);
                        } else {
                            problems.add(Yaml.pos(file, v).shift(x.ref().offset()), x.getMessage()
                                    + " (not in the environment)", "set it, or give a default: ${" + x.ref().text()
                                    + ":-value}", x.ref().length());
                        }
                    }
                }));
            }
            out.add(new Target(name.get(), vars, pos));
        }
        return out;
    }

    /** Positions of the profile's skip entries, for "unknown item" errors. */
    static Map<String, Pos> skipPositions(String file, Node root) {
        Map<String, Pos> out = new LinkedHashMap<>();
        Problems ignored = new Problems();
        Mapping.of(file, root, "profile", ignored).map(m -> m.get("skip")).filter(n -> n != null)
                .flatMap(n -> Mapping.of(file, n, "skip", ignored))
                .ifPresent(sm -> sm.entries.forEach((k, t) -> out.put(k, Yaml.pos(file, t.getKeyNode()))));
        return out;
    }

    private Optional<Rollback> rollback(String file, Mapping m) {
        Node n = m.get("rollback");
        if (n == null) {
            return Optional.empty();
        }
        return Mapping.of(file, n, "'rollback'", problems).map(rm -> {
            rm.checkKeys(ROLLBACK_KEYS, "rollback key");
            String command = rm.scalar("command", true).orElse("");
            Duration timeout = Duration.ofMinutes(5);
            Optional<String> t = rm.scalar("timeout", false);
            if (t.isPresent()) {
                try {
                    timeout = Durations.parse(t.get());
                } catch (IllegalArgumentException e) {
                    problems.add(Yaml.pos(file, rm.get("timeout")), e.getMessage(), null, t.get().length());
                }
            }
            List<String> tags = new java.util.ArrayList<>();
            rm.sequence("smokeTags").ifPresent(seq -> seq.getValue().forEach(x -> {
                if (x instanceof ScalarNode) {
                    tags.add(((ScalarNode) x).getValue());
                }
            }));
            if (tags.isEmpty()) {
                tags.add("smoke");
            }
            return new Rollback(command, timeout, tags, rm.pos());
        });
    }

    /** Masks declared secrets, variables whose names say they are secret, and passwords inside URLs. */
    static void registerSecrets(Env env, Set<String> declared, Redactor redactor) {
        env.values().forEach((k, v) -> {
            if (declared.contains(k) || SECRET_NAME.matcher(k).matches()) {
                redactor.add(v);
            }
            Matcher um = URL_PASSWORD.matcher(v);
            while (um.find()) {
                redactor.add(um.group(1));
            }
        });
    }

    static String keyOf(NodeTuple t) {
        return ((ScalarNode) t.getKeyNode()).getValue();
    }
}
