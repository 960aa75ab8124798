package dev.deploycheck.backend.chat.ws;

import dev.deploycheck.backend.App;
import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import dev.deploycheck.backend.support.WsClient;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An open socket lives no longer than the login that opened it: logout closes it (on every instance), so does
 * the access token's expiry; and a user can hold only so many sockets. Two backends share PostgreSQL and Redis.
 */
class SocketSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static App a;
    private static App b;
    private static Api apiA;
    private static Api apiB;

    @BeforeAll
    static void start() {
        Map<String, String> env = Map.of("WS_MAX_CONNECTIONS_PER_USER", "3");
        a = TestServices.get().startApp(env);
        b = TestServices.get().startApp(env);
        apiA = new Api("http://127.0.0.1:" + a.port());
        apiB = new Api("http://127.0.0.1:" + b.port());
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
    }

    @Test
    void logoutClosesTheSocketsOfThatLoginOnEveryInstance() {
        Users.Session user = Users.named("ws-logout");
        Users.Session first = Users.login(apiA, user.email());
        Users.Session second = Users.login(apiA, user.email());
        try (WsClient onA = WsClient.bearer(a.port(), first.accessToken());
             WsClient onB = WsClient.bearer(b.port(), first.accessToken());
             WsClient otherLogin = WsClient.bearer(a.port(), second.accessToken())) {
            for (WsClient ws : List.of(onA, onB, otherLogin)) ws.await("ready");
            Api.Response out = apiA.post("/api/auth/logout", first.accessToken(), Map.of("refreshToken", first.refreshToken()));
            assertEquals(204, out.status(), out::toString);
            for (WsClient ws : List.of(onA, onB)) {
                CloseReason reason = ws.awaitClose(WAIT);
                assertEquals(1008, reason.getCloseCode().getCode(), reason::toString);
                assertEquals("session ended (logged out)", reason.getReasonPhrase());
            }
            otherLogin.send(Map.of("type", "ping"));
            otherLogin.await("pong");
            assertTrue(otherLogin.isOpen(), "another login of the same user keeps its socket");

            // logging out without a refresh token ends every login of the user
            assertEquals(204, apiB.post("/api/auth/logout", second.accessToken(), Map.of()).status());
            assertEquals(1008, otherLogin.awaitClose(WAIT).getCloseCode().getCode());
        }
    }

    @Test
    void theSocketClosesWhenTheAccessTokenExpires() {
        App shortLived = TestServices.get().startApp(Map.of("ACCESS_TOKEN_TTL_SECONDS", "2"));
        try {
            Api api = new Api("http://127.0.0.1:" + shortLived.port());
            Users.Session session = Users.login(api, Users.named("ws-expiry").email());
            try (WsClient ws = WsClient.bearer(shortLived.port(), session.accessToken())) {
                ws.await("ready");
                long opened = System.nanoTime();
                CloseReason reason = ws.awaitClose(Duration.ofSeconds(6));
                long afterMs = (System.nanoTime() - opened) / 1_000_000;
                assertEquals(1008, reason.getCloseCode().getCode(), reason::toString);
                assertEquals("access token expired", reason.getReasonPhrase());
                assertTrue(afterMs < 3_500, "closed at expiry, not at some later sweep: " + afterMs + " ms");
            }
        } finally {
            shortLived.close();
        }
    }

    @Test
    void aUserHoldsAtMostTheCapOfSockets() {
        Users.Session user = Users.named("ws-cap");
        List<WsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                WsClient ws = WsClient.bearer(a.port(), user.accessToken());
                open.add(ws);
                ws.await("ready");
            }
            WsClient fourth = WsClient.bearer(a.port(), user.accessToken());
            open.add(fourth);
            CloseReason reason = fourth.awaitClose(WAIT);
            assertEquals(1008, reason.getCloseCode().getCode(), reason::toString);
            assertTrue(reason.getReasonPhrase().startsWith("too many open connections"), reason::toString);

            open.get(0).close();
            open.get(0).awaitClose(WAIT);
            long deadline = System.currentTimeMillis() + 5_000;
            WsClient again = null;
            while (System.currentTimeMillis() < deadline) {
                again = WsClient.bearer(a.port(), user.accessToken());
                open.add(again);
                try {
                    again.await("ready");
                    break;
                } catch (AssertionError stillAtCap) {
                    // the server has not seen the close yet
                }
            }
            assertTrue(again != null && again.isOpen(), "a freed slot can be used again");
        } finally {
            open.forEach(WsClient::close);
        }
    }
}
