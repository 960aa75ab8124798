package dev.deploycheck.cli;

/** A command that receives the shared {@link Cli} when picocli creates it. */
interface CliAware {
    void cli(Cli cli);
}
