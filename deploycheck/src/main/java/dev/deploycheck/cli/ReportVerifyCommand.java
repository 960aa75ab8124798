package dev.deploycheck.cli;

import dev.deploycheck.run.ExitCodes;
import dev.deploycheck.sign.Attestation;
import dev.deploycheck.sign.InvalidInputException;
import dev.deploycheck.sign.Keys;
import dev.deploycheck.sign.VerifiedReport;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deploycheck report verify ENVELOPE --key PUB}: exit 0 and the report's summary when the signature is valid;
 * exit 1 with one line when it is not; exit 2 when the envelope or key cannot be read.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a signed report's signature with a public key and print what it attests.")
public final class ReportVerifyCommand implements Callable<Integer>, CliAware {
    @Parameters(paramLabel = "ENVELOPE", description = "The signed report (DSSE envelope), or - for stdin.")
    Path envelope;

    @Option(names = "--key", required = true, paramLabel = "PUB", description = "The signer's public key (PEM).")
    Path key;

    private Cli cli;

    @Override
    public void cli(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
        PublicKey pub;
        VerifiedReport v;
        try {
            pub = Keys.readPublic(ReportFiles.read(key, "key"));
        } catch (InvalidInputException e) {
            throw new UsageException(key + ": " + e.getMessage());
        }
        try {
            v = Attestation.verify(ReportFiles.read(envelope, "envelope"), pub);
        } catch (InvalidInputException e) {
            throw new UsageException(envelope + ": " + e.getMessage());
        }
        if (!v.valid()) {
            cli.err().println("error: " + envelope + ": signature verification FAILED: " + v.reason());
            return ExitCodes.FAILED;
        }
        v.summary().forEach(cli.out()::println);
        return ExitCodes.OK;
    }
}
