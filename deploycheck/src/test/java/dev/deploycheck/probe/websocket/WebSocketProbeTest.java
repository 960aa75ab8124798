package dev.deploycheck.probe.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.probe.ProbeKinds;
import dev.deploycheck.testing.TestParams;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parameters of {@code probe: websocket}; the flow itself runs against the real backend in the e2e module. */
class WebSocketProbeTest {
    private final WebSocketProbe kind = new WebSocketProbe();

    @Test
    void registeredUnderItsYamlName() {
        assertEquals(kind.getClass(), ProbeKinds.find("websocket").orElseThrow().getClass());
    }

    @Test
    void aChecklistItemWithReferencesValidates() {
        assertEquals(List.of(), TestParams.problems(kind, """
                url: ${vars.ws}/api/ws
                token: ${auth-login.token}
                conversationId: ${conversations-create.id}
                caFile: ${vars.caFile}
                expectReply: false
                badToken: no
                """));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            url: https://api/api/ws;token: t                                 | 1:6 'url' must be an absolute ws:// or wss:// URL, found 'https://api/api/ws'
            url: ws://h/api/ws                                               | 1:1 missing required field 'token'
            url: ws://h/api/ws;token: t;message: hi                          | 3:10 'message' needs a 'conversationId' to send it to
            url: ws://h/api/ws;token: t;caFile: ca.pem;insecure: true        | 4:11 'insecure: true' and 'caFile' exclude each other: insecure trusts any chain
            url: ws://h/api/ws;token: t;badToken: maybe                      | 3:11 'badToken' must be true or false, found 'maybe'
            url: ws://h/api/ws;token: t;expectReplies: true                  | 3:1 unknown key 'expectReplies'
            """)
    void invalidParametersPointAtTheValue(String yaml, String problem) {
        List<String> problems = TestParams.problems(kind, yaml.replace(";", "\n").replaceAll(" +\n", "\n").strip());
        assertEquals(problem.strip(), problems.isEmpty() ? "" : problems.get(0), problems.toString());
    }

    @Test
    void nobodyListeningIsAConnectionRefusedFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        IOException e = assertThrows(IOException.class, () -> TestParams.run(kind,
                "url: ws://127.0.0.1:" + port + "/api/ws\ntoken: t\n", Duration.ofSeconds(5)));
        assertEquals("connection refused: 127.0.0.1:" + port, e.getMessage());
    }

    @Test
    void theBadTokenIsAWellFormedJwtWithARandomSignature() {
        String[] parts = BadToken.token().split("\\.");
        assertEquals(3, parts.length);
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(payload.contains("\"exp\":"), payload);
        assertTrue(!BadToken.token().equals(BadToken.token()));
    }
}
