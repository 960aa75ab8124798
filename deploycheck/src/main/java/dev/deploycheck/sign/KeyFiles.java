package dev.deploycheck.sign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;

/** Writes a new key pair as PREFIX.key (created with mode 0600, never readable by others in between) and PREFIX.pub. */
public final class KeyFiles {
    /** The files written and the public key's keyid. */
    public record Written(Path privateKey, Path publicKey, String keyid) {}

    private KeyFiles() {}

    public static Written generate(Keys.Type type, Path prefix, boolean overwrite) throws IOException, GeneralSecurityException {
        Path priv = Path.of(prefix + ".key");
        Path pub = Path.of(prefix + ".pub");
        if (!overwrite) {
            for (Path p : new Path[] {priv, pub}) {
                if (Files.exists(p)) {
                    throw new FileAlreadyExistsException(p.toString());
                }
            }
        }
        KeyPair pair = Keys.generate(type);
        if (priv.toAbsolutePath().getParent() != null) {
            Files.createDirectories(priv.toAbsolutePath().getParent());
        }
        Files.deleteIfExists(priv);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(priv);
        }
        Files.writeString(priv, Keys.pem(pair.getPrivate()), StandardCharsets.US_ASCII);
        Files.writeString(pub, Keys.pem(pair.getPublic()), StandardCharsets.US_ASCII);
        return new Written(priv, pub, Keys.keyId(pair.getPublic()));
    }
}
