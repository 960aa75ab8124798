package dev.deploycheck.sign;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * The P-256 public key d·G of a private key d, with JDK crypto only: ECDH between d and the generator G gives the
 * x coordinate of d·G (the secret scalar never leaves the JDK's implementation); y follows from the curve equation,
 * and a signature check picks the right one of its two roots.
 */
final class P256Public {
    static final BigInteger P = new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    static final BigInteger B = new BigInteger("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);
    static final BigInteger N = new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    private P256Public() {}

    static PublicKey of(PrivateKey key) throws GeneralSecurityException {
        ECParameterSpec params = ((ECPrivateKey) key).getParams();
        KeyFactory kf = KeyFactory.getInstance("EC");
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(key);
        ecdh.doPhase(kf.generatePublic(new ECPublicKeySpec(params.getGenerator(), params)), true);
        BigInteger x = new BigInteger(1, ecdh.generateSecret());
        // y^2 = x^3 - 3x + b (mod p); p = 3 (mod 4), so a square root is rhs^((p+1)/4)
        BigInteger rhs = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(B).mod(P);
        BigInteger y = rhs.modPow(P.add(BigInteger.ONE).shiftRight(2), P);
        for (BigInteger candidate : new BigInteger[] {y, P.subtract(y)}) {
            PublicKey pub = kf.generatePublic(new ECPublicKeySpec(new ECPoint(x, candidate), params));
            if (SelfCheck.verifies(key, pub)) {
                return pub;
            }
        }
        throw new GeneralSecurityException("cannot derive the public key of this ECDSA key");
    }
}
