package dev.deploycheck.backend.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/** Argon2id (OWASP's m=19 MiB, t=2, p=1), PHC-encoded so the parameters travel with each hash. */
public final class PasswordHasher {
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID, Argon2Function.ARGON2_VERSION_13);

    private final String dummyHash;

    public PasswordHasher() {
        // checked when the email is unknown, so a wrong email costs as long as a wrong password
        this.dummyHash = hash("not-a-real-password-but-the-same-cost");
    }

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    public boolean matches(String password, String hash) {
        try {
            return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException e) {
            return false;
        }
    }

    public void burnTime(String password) {
        matches(password, dummyHash);
    }
}
