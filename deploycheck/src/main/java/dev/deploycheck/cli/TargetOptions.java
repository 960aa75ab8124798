package dev.deploycheck.cli;

import dev.deploycheck.run.Engine;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which checklist and profile: {@code --env NAME}, or explicit {@code --checklist FILE --profile FILE}. */
public final class TargetOptions {
    @Option(names = {"-e", "--env"}, defaultValue = "local", paramLabel = "NAME",
            description = "Profile name: profiles/NAME.yaml beside the checklist (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(names = {"-c", "--checklist"}, paramLabel = "FILE",
            description = "Checklist file (default: checklist.yaml here or in the nearest parent directory).")
    Path checklist;

    @Option(names = {"-p", "--profile"}, paramLabel = "FILE", description = "Profile file (overrides --env).")
    Path profile;

    Engine.Target target() {
        // A name, not a path: "--env ../../etc/passwd" must not reach outside profiles/ (use --profile FILE for that).
        if (!env.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || env.contains("..")) {
            throw new UsageException("--env takes a profile name (letters, digits, '.', '_', '-'), got '"
                    + env.replaceAll("\\p{Cntrl}", "?") + "'; use --profile FILE for a profile elsewhere");
        }
        return new Engine.Target(checklist, profile, env);
    }
}
