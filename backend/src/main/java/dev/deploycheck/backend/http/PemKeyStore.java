package dev.deploycheck.backend.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds an in-memory key store from a PEM certificate chain and a PEM private key (PKCS#8, or PKCS#1 RSA). */
public final class PemKeyStore {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

    private PemKeyStore() { }

    public static KeyStore load(Path certPath, Path keyPath, char[] password) throws IOException, GeneralSecurityException {
        List<Certificate> chain = new ArrayList<>();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (Block b : blocks(Files.readString(certPath, StandardCharsets.US_ASCII))) {
            if (b.type.equals("CERTIFICATE")) chain.add(cf.generateCertificate(new ByteArrayInputStream(b.der)));
        }
        if (chain.isEmpty()) throw new GeneralSecurityException("no CERTIFICATE block in " + certPath);
        PrivateKey key = null;
        for (Block b : blocks(Files.readString(keyPath, StandardCharsets.US_ASCII))) {
            if (b.type.equals("PRIVATE KEY")) key = pkcs8(b.der, chain.get(0).getPublicKey().getAlgorithm());
            else if (b.type.equals("RSA PRIVATE KEY")) key = pkcs8(wrapRsaPkcs1(b.der), "RSA");
        }
        if (key == null) throw new GeneralSecurityException("no PRIVATE KEY (PKCS#8) or RSA PRIVATE KEY block in " + keyPath);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
        return ks;
    }

    private static PrivateKey pkcs8(byte[] der, String algorithm) throws GeneralSecurityException {
        String alg = algorithm.equals("EdDSA") ? "Ed25519" : algorithm;
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo: SEQUENCE { 0, rsaEncryption AlgorithmIdentifier, OCTET STRING }. */
    private static byte[] wrapRsaPkcs1(byte[] pkcs1) {
        byte[] algId = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octet = concat(new byte[]{0x04}, length(pkcs1.length), pkcs1);
        byte[] body = concat(version, algId, octet);
        return concat(new byte[]{0x30}, length(body.length), body);
    }

    private static byte[] length(int n) {
        if (n < 0x80) return new byte[]{(byte) n};
        if (n < 0x100) return new byte[]{(byte) 0x81, (byte) n};
        if (n < 0x10000) return new byte[]{(byte) 0x82, (byte) (n >> 8), (byte) n};
        return new byte[]{(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }

    private static byte[] concat(byte[]... parts) {
        int len = 0;
        for (byte[] p : parts) len += p.length;
        byte[] out = new byte[len];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    private record Block(String type, byte[] der) { }

    private static List<Block> blocks(String pem) {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
        return out;
    }
}
