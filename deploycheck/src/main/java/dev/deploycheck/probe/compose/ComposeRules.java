package dev.deploycheck.probe.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The rules a production compose file must follow, applied to its parsed nodes. Each finding names the rule, the
 * service and the line; none contains a value from the file (an inline secret is named by its key only).
 */
final class ComposeRules {
    /** One thing wrong: which rule, which service, where. */
    record Finding(String rule, String service, int line, String message) {}

    static final List<String> RULES = List.of("healthcheck", "restart", "pinned", "secrets", "volumes", "limits",
            "dependsOn", "dockerfile", "required");

    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(passw(or)?d|passwd|secret|token|api_?key|private_?key|credential|access_?key|(^|_)key$).*");
    private static final Pattern URL_PASSWORD = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]*:[^@\\s/]+@.*");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{[^}]+\\}|\\$[A-Za-z_][A-Za-z0-9_]*");
    private static final Map<String, String> DATA_DIRS = Map.of("postgres", "/var/lib/postgresql/data",
            "postgis", "/var/lib/postgresql/data", "timescaledb", "/var/lib/postgresql/data", "mysql", "/var/lib/mysql",
            "mariadb", "/var/lib/mysql", "mongo", "/data/db");
    private static final Set<String> RESTARTS = Set.of("always", "unless-stopped", "on-failure");

    private final Map<String, MappingNode> services = new LinkedHashMap<>();
    private final Map<String, Integer> serviceLines = new LinkedHashMap<>();
    private final Set<String> volumes;
    private final Dockerfiles dockerfiles;
    private final List<Finding> findings = new ArrayList<>();

    ComposeRules(MappingNode services, MappingNode volumes, Dockerfiles dockerfiles) {
        for (NodeTuple t : services.getValue()) {
            String name = Nodes.text(t.getKeyNode());
            serviceLines.put(name, Nodes.line(t.getKeyNode()));
            if (t.getValueNode() instanceof MappingNode m) {
                this.services.put(name, m);
            } else {
                add("required", name, Nodes.line(t.getValueNode()), "is not a mapping of service settings");
            }
        }
        this.volumes = volumes == null ? Set.of() : Nodes.keys(volumes);
        this.dockerfiles = dockerfiles;
    }

    Map<String, MappingNode> services() {
        return services;
    }

    List<Finding> apply(List<String> required, int servicesLine) {
        for (String name : required) {
            if (!serviceLines.containsKey(name)) {
                add("required", name, servicesLine, "is required and not defined");
            }
        }
        services.forEach((name, s) -> {
            healthcheck(name, s);
            restart(name, s);
            pinned(name, s);
            secrets(name, s);
            dataVolume(name, s);
            limits(name, s);
            dependsOn(name, s);
            if (Nodes.get(s, "build") != null) {
                int at = Nodes.keyLine(s, "build") > 0 ? Nodes.keyLine(s, "build") : Nodes.line(Nodes.get(s, "build"));
                dockerfiles.check(at, Nodes.get(s, "build"), (line, message) -> add("dockerfile", name, line, message));
            }
        });
        return findings;
    }

    private void add(String rule, String service, int line, String message) {
        findings.add(new Finding(rule, service, line, message));
    }

    private int line(String service) {
        return serviceLines.get(service);
    }

    private void healthcheck(String name, MappingNode s) {
        Node hc = Nodes.get(s, "healthcheck");
        if (hc == null) {
            add("healthcheck", name, line(name), "has no healthcheck");
        } else if (!(hc instanceof MappingNode m)) {
            add("healthcheck", name, Nodes.line(hc), "healthcheck is not a mapping");
        } else if ("true".equalsIgnoreCase(Nodes.text(Nodes.get(m, "disable")))) {
            add("healthcheck", name, Nodes.line(hc), "healthcheck is disabled");
        } else if (Nodes.get(m, "test") == null) {
            add("healthcheck", name, Nodes.line(hc), "healthcheck has no test");
        } else {
            Node test = Nodes.get(m, "test");
            String first = test instanceof SequenceNode q && !q.getValue().isEmpty() ? Nodes.text(q.getValue().get(0))
                    : Nodes.text(test);
            if ("NONE".equals(first)) {
                add("healthcheck", name, Nodes.line(test), "healthcheck test is NONE (disabled)");
            }
        }
    }

    private void restart(String name, MappingNode s) {
        Node r = Nodes.get(s, "restart");
        if (r != null) {
            String v = Nodes.text(r).toLowerCase(Locale.ROOT);
            if (!RESTARTS.contains(v.replaceAll(":\\d+$", ""))) {
                add("restart", name, Nodes.line(r), "restart: " + Nodes.shown(r) + " does not restart it");
            }
            return;
        }
        Node condition = Nodes.path(s, "deploy", "restart_policy", "condition");
        if (condition == null) {
            add("restart", name, line(name), "has no restart policy (restart: unless-stopped)");
        } else if ("none".equalsIgnoreCase(Nodes.text(condition))) {
            add("restart", name, Nodes.line(condition), "deploy.restart_policy.condition: none does not restart it");
        }
    }

    private void pinned(String name, MappingNode s) {
        Node image = Nodes.get(s, "image");
        if (image == null) {
            add("pinned", name, line(name), Nodes.get(s, "build") == null ? "has no image"
                    : "builds an image without naming it (image: name:tag)");
            return;
        }
        String ref = Nodes.text(image);
        if (ref.contains("@sha256:")) {
            return;
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.indexOf(':', slash + 1);
        String tag = colon < 0 ? "" : ref.substring(colon + 1);
        if (tag.isEmpty()) {
            add("pinned", name, Nodes.line(image), "image " + Nodes.shown(image) + " has no tag (latest is implied)");
        } else if (tag.equalsIgnoreCase("latest") || tag.matches(".*:-\\s*latest\\s*}.*")) {
            add("pinned", name, Nodes.line(image), "image " + Nodes.shown(image) + " is not pinned (latest)");
        }
    }

    private void secrets(String name, MappingNode s) {
        Node env = Nodes.get(s, "environment");
        for (Map.Entry<String, Node> e : Nodes.environment(env).entrySet()) {
            String key = e.getKey();
            Node v = e.getValue();
            String value = v == null ? "" : Nodes.text(v).strip();
            if (value.isEmpty() || key.endsWith("_FILE") || REFERENCE.matcher(value).matches()) {
                continue; // a path to a secret file, or a value the environment supplies at run time
            }
            int at = v == null ? Nodes.line(env) : Nodes.line(v);
            if (SECRET_KEY.matcher(key).matches()) {
                add("secrets", name, at, "environment " + key + " holds a secret value inline: move it to env_file"
                        + " or secrets");
            } else if (URL_PASSWORD.matcher(value).matches() && !REFERENCE.matcher(value.replaceAll(".*://[^:]*:", "")
                    .replaceAll("@.*", "")).matches()) {
                add("secrets", name, at, "environment " + key + " holds a password inside a URL inline: move it to"
                        + " env_file or secrets");
            }
        }
    }

    private void dataVolume(String name, MappingNode s) {
        String image = Nodes.text(Nodes.get(s, "image"));
        String base = image.replaceAll("@.*", "").replaceAll(".*/", "").replaceAll(":.*", "");
        String dir = DATA_DIRS.get(base.toLowerCase(Locale.ROOT));
        if (dir == null) {
            return;
        }
        String pgdata = Nodes.text(Nodes.environment(Nodes.get(s, "environment")).get("PGDATA"));
        if (!pgdata.isEmpty()) {
            dir = pgdata;
        }
        Node list = Nodes.get(s, "volumes");
        if (list instanceof SequenceNode q) {
            for (Node v : q.getValue()) {
                Nodes.Mount m = Nodes.mount(v);
                if (m.target() != null && (dir.equals(m.target()) || dir.startsWith(m.target() + "/"))) {
                    if ("tmpfs".equals(m.type())) {
                        add("volumes", name, Nodes.line(v), "database data (" + dir + ") is on tmpfs: lost on restart");
                    } else if (m.source() == null || m.source().isEmpty()) {
                        add("volumes", name, Nodes.line(v), "database data (" + dir + ") is on an anonymous volume:"
                                + " name it so it survives the container");
                    } else if (!m.source().startsWith("/") && !m.source().startsWith(".") && !m.source().startsWith("~")
                            && !m.source().contains("${") && !volumes.contains(m.source())) {
                        add("volumes", name, Nodes.line(v), "volume " + m.source() + " is not declared under the"
                                + " top-level volumes:");
                    }
                    return;
                }
            }
        }
        add("volumes", name, list == null ? line(name) : Nodes.line(list), "database data (" + dir
                + ") is not on a volume: it is lost with the container");
    }

    private void limits(String name, MappingNode s) {
        Node limits = Nodes.path(s, "deploy", "resources", "limits");
        boolean memory = Nodes.get(s, "mem_limit") != null || limits instanceof MappingNode m && Nodes.get(m, "memory") != null;
        boolean cpus = Nodes.get(s, "cpus") != null || limits instanceof MappingNode m2 && Nodes.get(m2, "cpus") != null;
        int at = limits == null ? line(name) : Nodes.line(limits);
        if (!memory) {
            add("limits", name, at, "has no memory limit (deploy.resources.limits.memory)");
        }
        if (!cpus) {
            add("limits", name, at, "has no CPU limit (deploy.resources.limits.cpus)");
        }
    }

    private void dependsOn(String name, MappingNode s) {
        Node deps = Nodes.get(s, "depends_on");
        if (deps instanceof SequenceNode q) {
            for (Node d : q.getValue()) {
                dependency(name, Nodes.text(d), null, Nodes.line(d));
            }
        } else if (deps instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                Node condition = t.getValueNode() instanceof MappingNode c ? Nodes.get(c, "condition") : null;
                dependency(name, Nodes.text(t.getKeyNode()), condition == null ? null : Nodes.text(condition),
                        Nodes.line(t.getKeyNode()));
            }
        }
    }

    private void dependency(String name, String dep, String condition, int at) {
        MappingNode target = services.get(dep);
        if (target == null) {
            add("dependsOn", name, at, "depends_on " + dep + ": no such service");
        } else if (Nodes.get(target, "healthcheck") != null && !"service_healthy".equals(condition)) {
            add("dependsOn", name, at, "depends_on " + dep + " starts before " + dep + " is healthy: use condition:"
                    + " service_healthy");
        }
    }
}
