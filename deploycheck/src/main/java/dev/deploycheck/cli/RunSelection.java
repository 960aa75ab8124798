package dev.deploycheck.cli;

import dev.deploycheck.run.RunOptions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** Which items run and how many at once: the options verify and watch share. */
final class RunSelection {
    @Option(names = "--concurrency", defaultValue = "32", paramLabel = "N", description = "Items run at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--deadline", defaultValue = "5m", paramLabel = "DURATION",
            description = "Global deadline for a run (watch: for each round) (default: ${DEFAULT-VALUE}); exit 3 when exceeded.")
    String deadline;

    @Option(names = "--only", split = ",", paramLabel = "ID", description = "Run only these items (and what they need).")
    List<String> only = List.of();

    @Option(names = "--skip", split = ",", paramLabel = "ID|TAG", description = "Skip these items, or items with these tags (and what needs them).")
    List<String> skip = List.of();

    @Option(names = "--tag", split = ",", paramLabel = "TAG", description = "Run only items with one of these tags.")
    List<String> tags = List.of();

    @Option(names = "--target", split = ",", paramLabel = "NAME",
            description = "With a profile's targets: run only these (default: every target).")
    List<String> targets = List.of();

    @Option(names = "--target-concurrency", defaultValue = "8", paramLabel = "N",
            description = "With a profile's targets: targets run at once, in this one process (default: ${DEFAULT-VALUE}).")
    int targetConcurrency;

    /** The run's options, {@code wait} being verify's "until healthy" budget. */
    RunOptions options(Duration wait) {
        if (concurrency < 1) {
            throw new UsageException("--concurrency must be at least 1 (got " + concurrency + ")");
        }
        if (targetConcurrency < 1) {
            throw new UsageException("--target-concurrency must be at least 1 (got " + targetConcurrency + ")");
        }
        return new RunOptions(concurrency, VerifyCommand.duration("--deadline", deadline), wait, new HashSet<>(only),
                new HashSet<>(skip), new HashSet<>(tags), new HashSet<>(targets), targetConcurrency);
    }
}
