package dev.deploycheck.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the shell blocks of docs/signing.md ("Checking it with openssl alone") exactly as written, with bash, python3,
 * base64 and openssl, against envelopes deploycheck signs; and signs with keys openssl generated.
 */
class OpensslVerificationTest {
    private static final Path DOC = Path.of("../docs/signing.md");

    @TempDir
    Path dir;

    /** The fenced bash block after {@code <!-- tested: NAME -->} in docs/signing.md. */
    static String block(String name) throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<!-- tested: " + Pattern.quote(name) + " -->\\s*```bash\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "docs/signing.md has no tested block '" + name + "'");
        return m.group(1);
    }

    record Result(int code, String output) {}

    private Result bash(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    private void writeEnvelope(PrivateKey key, PublicKey pub) throws Exception {
        Envelope e = Attestation.sign(StatementTest.runWithFiles(dir),
                List.of(Subject.parse("backend@git:4b825dc642cb6eb9a060e54bf8d69288fbee4904")), null, key);
        Files.writeString(dir.resolve("deploycheck-report.intoto.json"), e.toJson());
        Files.writeString(dir.resolve("deploycheck.pub"), Keys.pem(pub));
    }

    private static String verifyBlock(String type) throws IOException {
        return block("extract") + block(type.equals("ed25519") ? "ed25519" : "ecdsa");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa-p256"})
    void theDocumentedCommandsVerifyASignedReport(String type) throws Exception {
        KeyPair pair = Keys.generate(Keys.Type.parse(type));
        writeEnvelope(pair.getPrivate(), pair.getPublic());
        Result r = bash(verifyBlock(type));
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains(type.equals("ed25519") ? "Signature Verified Successfully" : "Verified OK"), r.output());

        Result inspect = bash(block("inspect"));
        assertEquals(0, inspect.code(), inspect.output());
        List<String> lines = inspect.output().lines().toList();
        assertEquals(Keys.keyId(pair.getPublic()), lines.get(0), "openssl's keyid");
        assertEquals(lines.get(0), lines.get(1), "the envelope's keyid");
        assertTrue(lines.get(2).startsWith("FAILED [{\"name\": \"backend\""), lines.get(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa-p256"})
    void theDocumentedCommandsRejectAChangedReport(String type) throws Exception {
        KeyPair pair = Keys.generate(Keys.Type.parse(type));
        writeEnvelope(pair.getPrivate(), pair.getPublic());
        Path file = dir.resolve("deploycheck-report.intoto.json");
        Envelope e = Envelope.parse(Files.readString(file));
        String statement = new String(e.payload(), StandardCharsets.UTF_8);
        byte[] forged = statement.replace("\"result\":\"FAILED\"", "\"result\":\"PASSED\"").getBytes(StandardCharsets.UTF_8);
        assertNotEquals(statement, new String(forged, StandardCharsets.UTF_8));
        Files.writeString(file, Files.readString(file).replace(Base64.getEncoder().encodeToString(e.payload()),
                Base64.getEncoder().encodeToString(forged)));
        Result r = bash(verifyBlock(type));
        assertNotEquals(0, r.code(), r.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa-p256"})
    void keysOpensslGeneratedSignReportsThatBothSidesVerify(String type) throws Exception {
        String gen = type.equals("ed25519") ? "openssl genpkey -algorithm ed25519 -out k.key"
                : "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out k.key";
        Result keys = bash(gen + " && openssl pkey -in k.key -pubout -out k.pub");
        assertEquals(0, keys.code(), keys.output());
        PrivateKey priv = Keys.readPrivate(Files.readString(dir.resolve("k.key")));
        PublicKey pub = Keys.readPublic(Files.readString(dir.resolve("k.pub")));
        assertEquals(pub, Keys.publicKeyOf(priv));
        writeEnvelope(priv, pub);
        assertTrue(Dsse.verify(Envelope.parse(Files.readString(dir.resolve("deploycheck-report.intoto.json"))), pub));
        Result r = bash(verifyBlock(type));
        assertEquals(0, r.code(), r.output());
    }

    @Test
    void theToolsTheDocUsesArePresent() throws Exception {
        Result r = bash("command -v bash python3 base64 openssl printf wc cut");
        assertEquals(0, r.code(), "docs/signing.md needs bash, python3, base64 and openssl: " + r.output());
    }
}
