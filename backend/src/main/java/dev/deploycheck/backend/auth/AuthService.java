package dev.deploycheck.backend.auth;

import dev.deploycheck.backend.config.AppConfig;
import dev.deploycheck.backend.http.ApiException;
import dev.deploycheck.backend.http.RateLimiter;
import dev.deploycheck.backend.metrics.Metrics;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Registration, login, token refresh with rotation and reuse detection, logout. */
public final class AuthService {
    private static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$");
    private static final String LOGIN_FAILURES = "login-fail";
    private static final String BAD_LOGIN = "invalid email or password";

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final TokenService tokens;
    private final PasswordHasher hasher;
    private final RateLimiter limiter;
    private final AppConfig.RateLimits limits;
    private final Metrics metrics;
    private final Clock clock;
    private final java.util.List<java.util.function.Consumer<User>> registrationListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<java.util.function.BiConsumer<UUID, Optional<UUID>>> revocationListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public AuthService(UserRepository users, RefreshTokenRepository refreshTokens, TokenService tokens, PasswordHasher hasher,
                       RateLimiter limiter, AppConfig.RateLimits limits, Metrics metrics, Clock clock) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.tokens = tokens;
        this.hasher = hasher;
        this.limiter = limiter;
        this.limits = limits;
        this.metrics = metrics;
        this.clock = clock;
        CommonPasswords.preload();
    }

    /** What register, login and refresh answer. */
    public record Session(String accessToken, String refreshToken, String tokenType, long expiresIn, User user) { }

    public Session register(String rawEmail, String password, String displayName) {
        String email = normalizeEmail(rawEmail);
        if (!EMAIL.matcher(email).matches() || email.length() > 254) {
            throw ApiException.validation("email", "email is not a valid address");
        }
        checkPassword(password, email);
        String name = displayName == null ? null : displayName.strip();
        if (name != null && (name.isEmpty() || name.chars().anyMatch(Character::isISOControl))) {
            throw ApiException.validation("displayName", "displayName must be non-empty printable text");
        }
        User user = users.insert(email, name, hasher.hash(password))
                .orElseThrow(() -> ApiException.conflict("email_taken", "an account with this email already exists"));
        metrics.registration();
        Session session = newSession(user);
        for (var listener : registrationListeners) listener.accept(user);
        return session;
    }

    /** Called after each registration (the welcome email); listeners must return quickly and not throw. */
    public void onRegistered(java.util.function.Consumer<User> listener) {
        registrationListeners.add(listener);
    }

    public Session login(String rawEmail, String password) {
        String email = normalizeEmail(rawEmail);
        String account = TokenService.hash(email);
        if (limiter.peek(LOGIN_FAILURES, account) >= limits.loginMaxFailures()) {
            metrics.login("locked");
            throw ApiException.tooManyRequests("too many failed logins for this account; try again later",
                    limiter.secondsLeft(LOGIN_FAILURES, account));
        }
        Optional<UserRepository.Credentials> creds = users.findByEmail(email);
        boolean ok;
        if (creds.isPresent()) {
            ok = hasher.matches(password, creds.get().passwordHash());
        } else {
            hasher.burnTime(password);
            ok = false;
        }
        if (!ok) {
            limiter.hit(LOGIN_FAILURES, account, limits.loginMaxFailures(), limits.loginLockSeconds());
            metrics.login("failure");
            throw ApiException.unauthorized(BAD_LOGIN);
        }
        limiter.reset(LOGIN_FAILURES, account);
        metrics.login("success");
        return newSession(creds.get().user());
    }

    public Session refresh(String refreshToken) {
        TokenService.RefreshClaims claims = tokens.verifyRefresh(refreshToken)
                .orElseThrow(() -> ApiException.unauthorized("invalid refresh token"));
        TokenService.IssuedRefresh next = tokens.issueRefresh(claims.userId(), claims.familyId());
        RefreshTokenRepository.Rotation rotation = refreshTokens.rotate(TokenService.hash(refreshToken), claims.userId(),
                next.id(), TokenService.hash(next.token()), next.expiresAt(), clock.instant());
        switch (rotation) {
            case ROTATED -> { }
            case REUSED -> {
                metrics.refreshReuse();
                revoked(claims.userId(), Optional.of(claims.familyId()));
                throw ApiException.unauthorized("refresh token already used; every session of this login was revoked");
            }
            case EXPIRED -> throw ApiException.unauthorized("refresh token expired");
            default -> throw ApiException.unauthorized("invalid refresh token");
        }
        User user = users.findById(claims.userId()).orElseThrow(() -> ApiException.unauthorized("account no longer exists"));
        metrics.tokenRefresh();
        return new Session(tokens.issueAccess(user.id(), claims.familyId()), next.token(), "Bearer", tokens.accessTtlSeconds(), user);
    }

    /** Revokes the given refresh token's family, or every refresh token of the user when none is given. */
    public void logout(UUID userId, Optional<String> refreshToken) {
        if (refreshToken.isPresent()) {
            refreshTokens.revokeFamilyOf(TokenService.hash(refreshToken.get()), userId).ifPresent(family -> revoked(userId, Optional.of(family)));
        } else {
            refreshTokens.revokeAllOf(userId);
            revoked(userId, Optional.empty());
        }
    }

    /**
     * Called when logins end (logout, or a reused refresh token): the user and the ended login's session id (the
     * refresh-token family), or empty when every login of the user ended. Listeners must not throw.
     */
    public void onRevoked(java.util.function.BiConsumer<UUID, Optional<UUID>> listener) {
        revocationListeners.add(listener);
    }

    private void revoked(UUID userId, Optional<UUID> sessionId) {
        for (var listener : revocationListeners) listener.accept(userId, sessionId);
    }

    public User me(UUID userId) {
        return users.findById(userId).orElseThrow(() -> ApiException.unauthorized("account no longer exists"));
    }

    private Session newSession(User user) {
        TokenService.IssuedRefresh refresh = tokens.issueRefresh(user.id(), UUID.randomUUID());
        refreshTokens.insert(refresh.id(), user.id(), refresh.familyId(), TokenService.hash(refresh.token()), refresh.expiresAt());
        return new Session(tokens.issueAccess(user.id(), refresh.familyId()), refresh.token(), "Bearer", tokens.accessTtlSeconds(), user);
    }

    private static String normalizeEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private static void checkPassword(String password, String email) {
        if (password.length() < 10) throw ApiException.validation("password", "password must be at least 10 characters");
        boolean letter = password.chars().anyMatch(Character::isLetter);
        boolean other = password.chars().anyMatch(ch -> !Character.isLetter(ch));
        if (!letter || !other) {
            throw ApiException.validation("password", "password must mix letters with digits or symbols");
        }
        if (password.chars().distinct().count() < 5) throw ApiException.validation("password", "password is too easy to guess");
        String common = CommonPasswords.reason(password);
        if (common != null) throw ApiException.validation("password", "password is too easy to guess: " + common);
        String name = email.substring(0, email.indexOf('@'));
        if (name.length() >= 4 && password.toLowerCase(Locale.ROOT).contains(name)) {
            throw ApiException.validation("password", "password must not contain the email name");
        }
    }
}
