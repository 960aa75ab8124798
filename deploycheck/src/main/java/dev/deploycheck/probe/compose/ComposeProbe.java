package dev.deploycheck.probe.compose;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeKind;
import java.util.List;
import java.util.Set;

/**
 * {@code probe: compose}: a Docker Compose file checked statically, no engine needed. Every service has a
 * healthcheck and a restart policy, its image is pinned (a tag that is not {@code latest}, or a digest), no secret
 * value is written inline (they belong in {@code env_file} or {@code secrets}), a database keeps its data on a
 * volume, resource limits are set, {@code depends_on} waits for health, and a service built here has a Dockerfile
 * that runs as a non-root user with a HEALTHCHECK. Each finding names the service and file:line.
 */
public final class ComposeProbe implements ProbeKind {
    /** The file, and the services it must define. */
    record Spec(String path, List<String> require) {}

    @Override
    public String name() {
        return "compose";
    }

    @Override
    public String summary() {
        return "A Docker Compose file, statically: healthchecks, restart policies, pinned images, no inline secrets,"
                + " database volumes, resource limits";
    }

    @Override
    public Set<String> keys() {
        return Set.of("path", "require");
    }

    @Override
    public Set<String> facts() {
        return Set.of("services", "findings", "images");
    }

    @Override
    public Probe create(Params params) {
        String path = params.string("path");
        if (params.has("path") && path.isBlank()) {
            params.error("path", "'path' must name the compose file");
        }
        List<String> require = params.strings("require");
        Spec spec = new Spec(path, List.copyOf(require));
        return ctx -> new ComposeRun(spec, ctx).run();
    }
}
