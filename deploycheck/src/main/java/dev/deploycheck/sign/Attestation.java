package dev.deploycheck.sign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploycheck.report.ReportReader;
import dev.deploycheck.run.RunResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;

/** Signs a run as a DSSE-enveloped in-toto statement, and checks such an envelope against a public key. */
public final class Attestation {
    private Attestation() {}

    public static Envelope sign(RunResult r, List<Subject> subjects, String url, PrivateKey key)
            throws IOException, GeneralSecurityException {
        ObjectNode statement = Statement.of(r, subjects, url);
        byte[] payload = Envelope.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(statement);
        return Dsse.sign(Dsse.INTOTO_PAYLOAD_TYPE, payload, key, Keys.publicKeyOf(key));
    }

    /**
     * Checks the envelope's signature with {@code key} first, and reads the payload only when it is valid: nothing
     * unsigned is ever shown as if it were attested.
     */
    public static VerifiedReport verify(String envelopeJson, PublicKey key) throws InvalidInputException {
        Envelope e = Envelope.parse(envelopeJson);
        String keyid;
        try {
            keyid = Keys.keyId(key);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
        if (!e.payloadType().equals(Dsse.INTOTO_PAYLOAD_TYPE)) {
            return VerifiedReport.invalid("payloadType is '" + e.payloadType() + "', expected '" + Dsse.INTOTO_PAYLOAD_TYPE + "'");
        }
        if (!Dsse.verify(e, key)) {
            return VerifiedReport.invalid(e.signatures().isEmpty() ? "the envelope has no signature"
                    : "no signature verifies with key " + keyid.substring(0, 16) + "… (" + Keys.describe(key) + ")");
        }
        JsonNode statement;
        try {
            statement = Envelope.MAPPER.readTree(new String(e.payload(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException ex) {
            throw new InvalidInputException("the signed payload is not JSON");
        }
        RunResult report = null;
        if (statement.path("predicate").has("report")) {
            try {
                report = ReportReader.read(statement.path("predicate").path("report"));
            } catch (ReportReader.InvalidReportException ex) {
                throw new InvalidInputException("the signed report cannot be read: " + ex.getMessage());
            }
        }
        return VerifiedReport.valid(keyid, Keys.describe(key), statement, report);
    }
}
