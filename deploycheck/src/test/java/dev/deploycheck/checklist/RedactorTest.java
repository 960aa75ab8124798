package dev.deploycheck.checklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RedactorTest {
    static final String SECRET = "Xk9#mQ2&vL7 pR4+tW8/zN5=";

    private final Redactor redactor = new Redactor();

    RedactorTest() {
        redactor.add(SECRET);
    }

    /** No four characters in a row of the secret (or of its base64) are left in the text. */
    static void assertNoPart(String secret, String text) {
        for (int i = 0; i + 4 <= secret.length(); i++) {
            String part = secret.substring(i, i + 4);
            assertFalse(text.contains(part), "'" + part + "' of the secret is in: " + text);
        }
    }

    @Test
    void cutMasksFirstAtEveryOffsetAroundTheCut() {
        for (int offset = 0; offset <= 90; offset++) {
            String text = "x".repeat(offset) + SECRET + " and more text after it";
            String cut = redactor.cut(text, 80);
            assertTrue(cut.length() <= 80, cut);
            assertNoPart(SECRET, cut);
            if (offset + SECRET.length() <= 77) {
                assertTrue(cut.contains(Redactor.MASK), cut);
            }
        }
    }

    @Test
    void aSecretCutElsewhereIsMaskedUpToTheCut() {
        for (int keep = Redactor.MIN_PARTIAL; keep < SECRET.length(); keep++) {
            String head = SECRET.substring(0, keep);
            assertEquals("token " + Redactor.MASK + "...", redactor.mask("token " + head + "..."));
            assertEquals("token " + Redactor.MASK + "…", redactor.mask("token " + head + "…"));
            assertEquals("token " + Redactor.MASK, redactor.mask("token " + head));
            assertEquals("a " + Redactor.MASK + "\nb", redactor.mask("a " + head + "\nb"));
        }
        assertEquals("Xk9 is fine in the middle", redactor.mask("Xk9 is fine in the middle"));
    }

    @Test
    void encodedFormsAreMasked() {
        byte[] bytes = SECRET.getBytes(StandardCharsets.UTF_8);
        String form = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
        String[] echoes = {
            Base64.getEncoder().encodeToString(bytes),
            Base64.getEncoder().withoutPadding().encodeToString(bytes),
            Base64.getUrlEncoder().encodeToString(bytes),
            form,
            form.replace("+", "%20"),
            java.util.regex.Pattern.compile("%[0-9A-F]{2}").matcher(form).replaceAll(m -> m.group().toLowerCase(java.util.Locale.ROOT)),
            "Xk9#mQ2&amp;vL7 pR4+tW8/zN5=",
        };
        for (String echo : echoes) {
            String masked = redactor.mask("echo: " + echo + " end");
            assertFalse(masked.contains(echo), echo + " -> " + masked);
            assertTrue(masked.contains(Redactor.MASK), masked);
        }
    }

    @Test
    void aSecretInsideALongerBase64ValueIsMasked() {
        for (String user : new String[] {"u", "us", "usr", "user", "admin"}) {
            String basic = Base64.getEncoder().encodeToString((user + ":" + SECRET + ":tail")
                    .getBytes(StandardCharsets.UTF_8));
            String masked = redactor.mask("Authorization: Basic " + basic);
            assertEquals("Authorization: Basic " + Redactor.MASK, masked, user);
        }
    }

    @Test
    void shortValuesAreNotMasked() {
        Redactor r = new Redactor();
        r.add("abc");
        assertEquals("abc", r.mask("abc"));
        assertTrue(r.isEmpty());
    }
}
