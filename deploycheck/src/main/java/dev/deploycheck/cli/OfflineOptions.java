package dev.deploycheck.cli;

import dev.deploycheck.checklist.Checklist;
import dev.deploycheck.checklist.LoadException;
import dev.deploycheck.checklist.RunTimeInputs;
import dev.deploycheck.run.Engine;
import picocli.CommandLine.Option;

/**
 * {@code --strict} for the commands that run nothing (validate, list): without it, a missing environment variable,
 * secret or env file is listed as needed at run time, so a pull-request pipeline can check the prod files without
 * prod's secrets; with it, each is an error as it is for verify.
 */
final class OfflineOptions {
    @Option(names = "--strict", description = "Inputs that exist only at run time (environment variables, secrets, "
            + "the env file) must be present here too: each missing one is an error (exit 2), as in verify.")
    boolean strict;

    private RunTimeInputs inputs;

    Checklist load(Engine engine, Engine.Target target) throws LoadException {
        inputs = strict ? RunTimeInputs.required() : RunTimeInputs.listed();
        return engine.load(target, inputs);
    }

    /** "needs at run time: env DATABASE_URL, secret SMOKE_PASSWORD", or nothing when every input is here. */
    void printNeeds(Cli cli) {
        if (!inputs.needed().isEmpty()) {
            cli.out().println("needs at run time: " + String.join(", ", inputs.needed()));
        }
    }
}
