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
        return new Engine.Target(checklist, profile, env);
    }
}
