package dev.deploycheck.backend.knowledge;

import dev.deploycheck.backend.config.Secret;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * AES-256-GCM for documents at rest. A sealed value is {@code nonce(12) || ciphertext || tag(16)}; the caller's
 * associated data (the document id) is authenticated too, so a sealed blob copied onto another row fails to open.
 * {@link #keyId()} names the key without revealing it, so a row sealed under another key is recognised.
 */
public final class ContentCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    public ContentCipher(Secret encryptionKey) {
        byte[] raw = encryptionKey.bytes();
        if (raw.length != 32) throw new IllegalArgumentException("AES-256 needs a 32-byte key, got " + raw.length);
        this.key = new SecretKeySpec(raw, "AES");
        this.keyId = keyIdOf(raw);
    }

    public String keyId() {
        return keyId;
    }

    public byte[] seal(byte[] plain, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associatedData);
            byte[] sealed = c.doFinal(plain);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** @throws GeneralSecurityException when the blob was altered, sealed for other data, or under another key */
    public byte[] open(byte[] sealed, byte[] associatedData) throws GeneralSecurityException {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) throw new GeneralSecurityException("sealed value too short");
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
        c.updateAAD(associatedData);
        return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    }

    private static String keyIdOf(byte[] raw) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update("deploycheck-key-id:".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(md.digest(raw), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
