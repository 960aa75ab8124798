package dev.deploycheck.cli;

import dev.deploycheck.sign.KeyFiles;
import dev.deploycheck.sign.Keys;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deploycheck keygen [--type ed25519|ecdsa-p256] [--out PREFIX]}: a key pair for signed reports. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Create a key pair for signing reports: PREFIX.key (private, mode 0600) and PREFIX.pub.")
public final class KeygenCommand implements Callable<Integer>, CliAware {
    @Option(names = "--type", defaultValue = "ed25519", paramLabel = "TYPE",
            description = "ed25519 or ecdsa-p256 (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--out", defaultValue = "deploycheck", paramLabel = "PREFIX",
            description = "Write PREFIX.key and PREFIX.pub (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--force", description = "Overwrite existing key files.")
    boolean force;

    private Cli cli;

    @Override
    public void cli(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
        Keys.Type t;
        try {
            t = Keys.Type.parse(type);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--type: " + e.getMessage());
        }
        KeyFiles.Written w;
        try {
            w = KeyFiles.generate(t, out, force);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new UsageException(e.getFile() + " exists (use --force to overwrite)");
        }
        cli.out().println("private key: " + w.privateKey() + " (keep it secret; pass it to verify --sign-key)");
        cli.out().println("public key:  " + w.publicKey() + " (give it to whoever checks reports: report verify --key)");
        cli.out().println("keyid:       " + w.keyid() + " (" + t.label() + ")");
        return 0;
    }
}
