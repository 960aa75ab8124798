package dev.deploycheck.backend.auth;

import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole auth flow over HTTP: register, me, login, refresh with rotation and reuse detection, logout. */
class AuthFlowTest {
    private final Api api = TestServices.get().api();

    @Test
    void registerThenMeThenLoginThenRefreshThenLogout() {
        String email = Users.uniqueEmail("Flow");
        Api.Response reg = api.post("/api/auth/register", null, Map.of("email", email, "password", Users.PASSWORD, "displayName", "Flo"));
        assertEquals(201, reg.status(), reg::toString);
        assertEquals("Bearer", reg.text("tokenType"));
        assertEquals(900, reg.json().path("expiresIn").asInt());
        assertEquals(email.toLowerCase(), reg.json().path("user").path("email").asText(), "emails are stored lower-case");
        assertEquals("Flo", reg.json().path("user").path("displayName").asText());
        assertFalse(reg.raw().contains("password"), "no password or hash in the answer: " + reg.raw());

        Api.Response me = api.get("/api/auth/me", reg.text("accessToken"));
        assertEquals(200, me.status(), me::toString);
        assertEquals(reg.json().path("user").path("id").asText(), me.text("id"));
        assertEquals(email.toLowerCase(), me.text("email"));

        Api.Response login = api.post("/api/auth/login", null, Map.of("email", email.toUpperCase(), "password", Users.PASSWORD));
        assertEquals(200, login.status(), login::toString);
        assertEquals(me.text("id"), login.json().path("user").path("id").asText());

        Api.Response refreshed = api.post("/api/auth/refresh", null, Map.of("refreshToken", login.text("refreshToken")));
        assertEquals(200, refreshed.status(), refreshed::toString);
        assertNotEquals(login.text("refreshToken"), refreshed.text("refreshToken"), "refresh tokens rotate");
        assertEquals(200, api.get("/api/auth/me", refreshed.text("accessToken")).status());

        Api.Response logout = api.post("/api/auth/logout", refreshed.text("accessToken"), Map.of("refreshToken", refreshed.text("refreshToken")));
        assertEquals(204, logout.status(), logout::toString);
        Api.Response afterLogout = api.post("/api/auth/refresh", null, Map.of("refreshToken", refreshed.text("refreshToken")));
        assertEquals(401, afterLogout.status(), "a logged-out refresh token is dead: " + afterLogout);
        // the registration's own family was not part of that logout
        assertEquals(200, api.post("/api/auth/refresh", null, Map.of("refreshToken", reg.text("refreshToken"))).status());
    }

    @Test
    void reusingARefreshTokenRevokesTheWholeFamily() {
        Users.Session alice = Users.named("alice");
        Users.Session fresh = Users.login(api, alice.email());
        Api.Response first = api.post("/api/auth/refresh", null, Map.of("refreshToken", fresh.refreshToken()));
        assertEquals(200, first.status(), first::toString);
        String successor = first.text("refreshToken");

        Api.Response replay = api.post("/api/auth/refresh", null, Map.of("refreshToken", fresh.refreshToken()));
        assertEquals(401, replay.status(), replay::toString);
        assertTrue(replay.text("message").contains("revoked"), replay::toString);

        Api.Response successorAfterReuse = api.post("/api/auth/refresh", null, Map.of("refreshToken", successor));
        assertEquals(401, successorAfterReuse.status(), "the successor belongs to the revoked family: " + successorAfterReuse);

        // another login (another family) is unaffected
        Users.Session other = Users.login(api, alice.email());
        assertEquals(200, api.post("/api/auth/refresh", null, Map.of("refreshToken", other.refreshToken())).status());
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameGenericAnswer() {
        Users.Session alice = Users.named("alice");
        Api.Response wrongPassword = api.post("/api/auth/login", null, Map.of("email", alice.email(), "password", "not-the-password-1"));
        Api.Response unknownEmail = api.post("/api/auth/login", null, Map.of("email", "nobody-" + alice.email(), "password", Users.PASSWORD));
        assertEquals(401, wrongPassword.status());
        assertEquals(401, unknownEmail.status());
        assertEquals(wrongPassword.text("message"), unknownEmail.text("message"));
        assertEquals("unauthorized", wrongPassword.text("error"));
        assertNotNull(wrongPassword.text("requestId"));
    }

    @Test
    void registeringTheSameEmailTwiceIsAConflict() {
        Users.Session alice = Users.named("alice");
        Api.Response again = api.post("/api/auth/register", null, Map.of("email", alice.email(), "password", Users.PASSWORD));
        assertEquals(409, again.status(), again::toString);
        assertEquals("email_taken", again.text("error"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing email      | {\"password\":\"correct-horse-battery-7\"}                     | 400 | validation_failed | email",
            "bad email          | {\"email\":\"not-an-email\",\"password\":\"correct-horse-9\"}   | 400 | validation_failed | email",
            "short password     | {\"email\":\"v1@example.com\",\"password\":\"short1\"}          | 400 | validation_failed | password",
            "letters only       | {\"email\":\"v2@example.com\",\"password\":\"onlylettershere\"} | 400 | validation_failed | password",
            "common password    | {\"email\":\"v3@example.com\",\"password\":\"password123\"}     | 400 | validation_failed | password",
            "contains email name| {\"email\":\"johnsmith@example.com\",\"password\":\"JohnSmith-2024!\"} | 400 | validation_failed | password",
            "password not text  | {\"email\":\"v4@example.com\",\"password\":12345678901}         | 400 | validation_failed | password",
            "invalid JSON       | {\"email\":                                                    | 400 | invalid_json      | ",
            "not an object      | [1,2,3]                                                        | 400 | invalid_json      | ",
    })
    void registrationInputIsValidated(String name, String body, int status, String error, String field) {
        Api.Response r = api.post("/api/auth/register", null, body);
        assertEquals(status, r.status(), r::toString);
        assertEquals(error, r.text("error"), r::toString);
        assertEquals(field, r.text("field"), r::toString);
        assertNotNull(r.text("requestId"));
        assertFalse(r.raw().contains("Exception"), "no stack trace or exception name to the client: " + r.raw());
    }

    @Test
    void aBodyThatIsNotJsonIsUnsupportedMediaType() {
        Api.Response r = api.send(api.request("/api/auth/login", null).header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("email=a&password=b")).build());
        assertEquals(415, r.status(), r::toString);
        assertEquals("unsupported_media_type", r.text("error"));
    }
}
