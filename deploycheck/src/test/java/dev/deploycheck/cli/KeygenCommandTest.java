package dev.deploycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.sign.Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeygenCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAnEd25519PairWithThePrivateKeyReadableOnlyByItsOwner() throws Exception {
        String prefix = dir.resolve("keys/release").toString();
        CliRun r = CliRun.run("keygen", "--out", prefix).expect(0);
        Path priv = Path.of(prefix + ".key");
        Path pub = Path.of(prefix + ".pub");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
        assertEquals("ed25519", Keys.describe(Keys.readPrivate(Files.readString(priv))));
        String keyid = Keys.keyId(Keys.readPublic(Files.readString(pub)));
        assertTrue(r.out().contains("keyid:       " + keyid + " (ed25519)"), r.out());
        assertTrue(!r.out().contains(Files.readString(priv).lines().skip(1).findFirst().orElseThrow()), "never prints the key");
    }

    @Test
    void writesAnEcdsaP256PairOnRequest() throws Exception {
        String prefix = dir.resolve("ec").toString();
        CliRun.run("keygen", "--type", "ecdsa-p256", "--out", prefix).expect(0);
        assertEquals("ecdsa-p256", Keys.describe(Keys.readPublic(Files.readString(Path.of(prefix + ".pub")))));
    }

    @Test
    void neverOverwritesAKeyWithoutForce() throws Exception {
        String prefix = dir.resolve("k").toString();
        CliRun.run("keygen", "--out", prefix).expect(0);
        String before = Files.readString(Path.of(prefix + ".key"));
        CliRun again = CliRun.run("keygen", "--out", prefix).expect(2);
        assertEquals("error: " + prefix + ".key exists (use --force to overwrite)\n", again.err());
        assertEquals(before, Files.readString(Path.of(prefix + ".key")));
        CliRun.run("keygen", "--out", prefix, "--force").expect(0);
        assertTrue(!before.equals(Files.readString(Path.of(prefix + ".key"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(prefix + ".key"))));
    }

    @Test
    void anUnknownTypeIsAUsageError() {
        CliRun r = CliRun.run("keygen", "--type", "rsa", "--out", dir.resolve("x").toString()).expect(2);
        assertEquals("error: --type: unknown key type 'rsa' (known: ed25519, ecdsa-p256)\n", r.err());
    }
}
