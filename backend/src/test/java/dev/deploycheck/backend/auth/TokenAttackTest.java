package dev.deploycheck.backend.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Access tokens are verified strictly: each of these must be refused with 401. */
class TokenAttackTest {
    private final Api api = TestServices.get().api();
    private final Users.Session alice = Users.named("alice");

    @Test
    void theGenuineTokenWorks() {
        assertEquals(200, api.get("/api/auth/me", alice.accessToken()).status());
    }

    @Test
    void aForgedSignatureIsRefused() {
        String forged = claims().sign(Algorithm.HMAC256("an-attacker-secret-that-is-long-enough-32"));
        assertUnauthorized(forged);
        // a token whose payload was edited after signing
        String[] parts = alice.accessToken().split("\\.");
        String otherPayload = b64("{\"sub\":\"00000000-0000-0000-0000-000000000000\",\"typ\":\"access\"}");
        assertUnauthorized(parts[0] + "." + otherPayload + "." + parts[2]);
    }

    @Test
    void algNoneIsRefused() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = b64("{\"iss\":\"deploycheck-backend\",\"aud\":\"deploycheck-api\",\"sub\":\"" + alice.userId()
                + "\",\"typ\":\"access\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}");
        assertUnauthorized(header + "." + payload + ".");
        assertUnauthorized(claims().sign(Algorithm.none()));
    }

    @Test
    void anExpiredTokenIsRefused() {
        String expired = JWT.create().withIssuer("deploycheck-backend").withAudience("deploycheck-api")
                .withSubject(alice.userId()).withClaim("typ", "access")
                .withIssuedAt(Instant.now().minusSeconds(3600)).withExpiresAt(Instant.now().minusSeconds(5))
                .sign(Algorithm.HMAC256(TestServices.JWT_SECRET));
        assertUnauthorized(expired);
    }

    @Test
    void aRefreshTokenIsNotAnAccessTokenAndViceVersa() {
        assertUnauthorized(alice.refreshToken());
        // even signed with the access secret, typ=refresh is refused
        assertUnauthorized(claims().withClaim("typ", "refresh").sign(Algorithm.HMAC256(TestServices.JWT_SECRET)));
        Api.Response r = api.post("/api/auth/refresh", null, Map.of("refreshToken", alice.accessToken()));
        assertEquals(401, r.status(), r::toString);
    }

    @Test
    void missingOrMalformedAuthorizationIsRefused() {
        Api.Response none = api.get("/api/auth/me", null);
        assertEquals(401, none.status());
        assertTrue(none.header("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertUnauthorized("not.a.jwt");
        assertUnauthorized("");
    }

    private com.auth0.jwt.JWTCreator.Builder claims() {
        return JWT.create().withIssuer("deploycheck-backend").withAudience("deploycheck-api").withSubject(alice.userId())
                .withClaim("typ", "access").withExpiresAt(Instant.now().plusSeconds(600));
    }

    private void assertUnauthorized(String token) {
        Api.Response r = api.get("/api/auth/me", token);
        assertEquals(401, r.status(), () -> "token " + token + " -> " + r);
        assertEquals("unauthorized", r.text("error"));
        Api.Response list = api.get("/api/conversations", token);
        assertEquals(401, list.status(), list::toString);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
