package dev.deploycheck.backend.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.deploycheck.backend.config.Secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * HS256 JWTs. Access and refresh tokens use different secrets and a {@code typ} claim, and verification is
 * strict: the algorithm is fixed (so {@code alg: none} or another algorithm fails), issuer and audience must
 * match, expiry has no leeway. A refresh token can therefore never pass as an access token.
 */
public final class TokenService {
    static final String ISSUER = "deploycheck-backend";
    static final String AUDIENCE = "deploycheck-api";

    private final Algorithm accessAlg;
    private final Algorithm refreshAlg;
    private final JWTVerifier accessVerifier;
    private final JWTVerifier refreshVerifier;
    private final Duration accessTtl;
    private final Duration refreshTtl;
    private final Clock clock;

    public TokenService(Secret accessSecret, Secret refreshSecret, Duration accessTtl, Duration refreshTtl, Clock clock) {
        this.clock = clock;
        this.accessAlg = Algorithm.HMAC256(accessSecret.bytes());
        this.refreshAlg = Algorithm.HMAC256(refreshSecret.bytes());
        this.accessVerifier = verifier(accessAlg, "access");
        this.refreshVerifier = verifier(refreshAlg, "refresh");
        this.accessTtl = accessTtl;
        this.refreshTtl = refreshTtl;
    }

    /** A refresh token as issued: the token itself plus what the database keeps about it. */
    public record IssuedRefresh(String token, UUID id, UUID familyId, Instant expiresAt) { }

    /** A verified refresh token's claims. */
    public record RefreshClaims(UUID userId, UUID id, UUID familyId) { }

    /** A verified access token: whose, which login (refresh-token family) it came from, until when it is valid. */
    public record AccessClaims(UUID userId, Optional<UUID> sessionId, Instant expiresAt) { }

    /** @param sessionId the refresh-token family of the login, carried as {@code sid} so a logout can end what it opened */
    public String issueAccess(UUID userId, UUID sessionId) {
        Instant now = clock.instant();
        return JWT.create().withIssuer(ISSUER).withAudience(AUDIENCE).withSubject(userId.toString())
                .withClaim("typ", "access").withClaim("sid", sessionId.toString()).withJWTId(UUID.randomUUID().toString())
                .withIssuedAt(now).withExpiresAt(now.plus(accessTtl)).sign(accessAlg);
    }

    public IssuedRefresh issueRefresh(UUID userId, UUID familyId) {
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        Instant expires = now.plus(refreshTtl);
        String token = JWT.create().withIssuer(ISSUER).withAudience(AUDIENCE).withSubject(userId.toString())
                .withClaim("typ", "refresh").withClaim("fam", familyId.toString()).withJWTId(id.toString())
                .withIssuedAt(now).withExpiresAt(expires).sign(refreshAlg);
        return new IssuedRefresh(token, id, familyId, expires);
    }

    /** @return the user id, or empty for any token that is not a valid, unexpired access token */
    public Optional<UUID> verifyAccess(String token) {
        return verifyAccessClaims(token).map(AccessClaims::userId);
    }

    /** The claims of a valid, unexpired access token; empty for anything else. */
    public Optional<AccessClaims> verifyAccessClaims(String token) {
        try {
            DecodedJWT jwt = accessVerifier.verify(token);
            String sid = jwt.getClaim("sid").asString();
            return Optional.of(new AccessClaims(UUID.fromString(jwt.getSubject()),
                    sid == null ? Optional.empty() : Optional.of(UUID.fromString(sid)), jwt.getExpiresAtAsInstant()));
        } catch (JWTVerificationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public Optional<RefreshClaims> verifyRefresh(String token) {
        try {
            DecodedJWT jwt = refreshVerifier.verify(token);
            String family = jwt.getClaim("fam").asString();
            if (family == null || jwt.getId() == null) return Optional.empty();
            return Optional.of(new RefreshClaims(UUID.fromString(jwt.getSubject()), UUID.fromString(jwt.getId()), UUID.fromString(family)));
        } catch (JWTVerificationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public long accessTtlSeconds() {
        return accessTtl.toSeconds();
    }

    /** What the database stores instead of the token. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private JWTVerifier verifier(Algorithm alg, String type) {
        // build(Clock) is on BaseVerification; the cast keeps the injected clock (tests issue expired tokens with it)
        return ((JWTVerifier.BaseVerification) JWT.require(alg).withIssuer(ISSUER).withAudience(AUDIENCE)
                .withClaim("typ", type).withClaimPresence("sub").withClaimPresence("exp").acceptLeeway(0))
                .build(clock);
    }
}
