package dev.deploycheck.checklist;

import java.util.Map;

/**
 * One of the profile's targets (a region, a host, a tenant): its name and the variables it overrides. The
 * checklist runs once per target, each run with the profile's variables overlaid by the target's.
 */
public record Target(String name, Map<String, String> vars, Pos pos) {
    public Target {
        vars = Map.copyOf(vars);
    }
}
