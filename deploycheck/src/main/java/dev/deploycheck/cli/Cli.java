package dev.deploycheck.cli;

import dev.deploycheck.checklist.LoadException;
import dev.deploycheck.rollback.RollbackException;
import dev.deploycheck.run.ExitCodes;
import dev.deploycheck.run.Failures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/**
 * What every command shares: its output streams, the process environment, whether colour is on, and the one
 * exception handler that turns expected failures into a friendly line and an exit code (no stack traces).
 */
public final class Cli {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> env;
    private final boolean terminal;
    private final BufferedReader in;

    Cli(PrintWriter out, PrintWriter err, Map<String, String> env, boolean terminal) {
        this(out, err, null, env, terminal);
    }

    Cli(PrintWriter out, PrintWriter err, BufferedReader in, Map<String, String> env, boolean terminal) {
        this.out = out;
        this.err = err;
        this.in = in != null ? in : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        this.env = env;
        this.terminal = terminal;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** Answers to questions asked on the terminal (rollback's confirmation). */
    public BufferedReader in() {
        return in;
    }

    public Map<String, String> env() {
        return env;
    }

    public boolean terminal() {
        return terminal;
    }

    /** Colour only on a terminal, and never when NO_COLOR is set to anything non-empty. */
    public boolean colour() {
        String noColor = env.get("NO_COLOR");
        return terminal && (noColor == null || noColor.isEmpty());
    }

    CommandLine.IFactory factory() {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K k = defaults.create(cls);
                if (k instanceof CliAware) {
                    ((CliAware) k).cli(Cli.this);
                }
                return k;
            }
        };
    }

    int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof LoadException) {
            err.print(((LoadException) e).render());
            err.flush();
            return ExitCodes.INVALID;
        }
        if (e instanceof RollbackException) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ((RollbackException) e).exitCode();
        }
        if (e instanceof UsageException) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ExitCodes.INVALID;
        }
        err.println("error: " + Failures.describe(e));
        if (env.containsKey("DEPLOYCHECK_DEBUG")) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.COULD_NOT_RUN;
    }

    int handleUsage(CommandLine.ParameterException e, String[] args) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String word = u.getUnmatched().get(0);
            boolean command = !word.startsWith("-") && !e.getCommandLine().getSubcommands().isEmpty();
            err.println("error: " + (command ? "unknown command '" + word + "'"
                    : word.startsWith("-") ? "unknown option '" + word + "'" : "unexpected argument '" + word + "'"));
            String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            CommandLine.Model.CommandSpec spec = e.getCommandLine().getCommandSpec();
            java.util.List<String> known = new java.util.ArrayList<>(name.startsWith("-")
                    ? spec.optionsMap().keySet() : spec.subcommands().keySet());
            dev.deploycheck.checklist.DidYouMean.suggest(name, known)
                    .ifPresent(s -> err.println("did you mean '" + s + "'?"));
        } else {
            err.println("error: " + e.getMessage());
        }
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.INVALID;
    }
}
