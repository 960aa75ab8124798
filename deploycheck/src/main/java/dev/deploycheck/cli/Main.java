package dev.deploycheck.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Entry point. {@link #run} makes the whole CLI callable in-process, so tests drive it exactly as a user would. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Timings.start(System.getenv());
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(out, err, System.getenv(), System.console() != null, args);
        out.flush();
        err.flush();
        // JDK 17 waits up to 300 ms at exit for threads inside native calls: stop the HTTP selector threads first
        dev.deploycheck.probe.http.HttpClients.closeAll();
        Timings.mark("close");
        Timings.print(System.err);
        System.exit(code);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, System.getenv(), false, args);
    }

    public static int run(PrintWriter out, PrintWriter err, Map<String, String> env, boolean terminal, String... args) {
        return run(out, err, null, env, terminal, args);
    }

    /** As above, with the terminal's input (answers to confirmations) from {@code in} instead of System.in. */
    public static int run(PrintWriter out, PrintWriter err, java.io.BufferedReader in, Map<String, String> env,
            boolean terminal, String... args) {
        Cli cli = new Cli(out, err, in, env, terminal);
        CommandLine cmd = new CommandLine(new RootCommand(), cli.factory());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler(cli::handle);
        cmd.setParameterExceptionHandler(cli::handleUsage);
        cmd.setColorScheme(CommandLine.Help.defaultColorScheme(cli.colour() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
