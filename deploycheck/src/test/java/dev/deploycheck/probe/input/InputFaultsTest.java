package dev.deploycheck.probe.input;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.testing.TestParams;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server that misbehaves on cue (WireMock): the connection dies on a payload, or on every request. */
class InputFaultsTest {
    static WireMockServer wm;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        wm.stubFor(any(urlPathEqualTo("/fragile")).atPriority(5)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"bad_request\"}")));
        wm.stubFor(any(urlPathEqualTo("/fragile")).atPriority(1).withRequestBody(containing("UNION"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wm.stubFor(any(urlPathEqualTo("/dead")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
    }

    @AfterAll
    static void stop() {
        wm.stop();
    }

    @Test
    void aDroppedConnectionOnOnePayloadFailsTheServerErrorCheck() throws Exception {
        Observation obs = TestParams.run(new InputProbe(), "url: " + wm.baseUrl() + "/fragile\n"
                + "json: {q: '{{payload}}'}\npayloads: sql", Duration.ofSeconds(10));
        assertEquals(1, obs.get("errors"), String.join("\n", obs.evidence()));
        assertEquals(0, obs.get("serverErrors"));
        Observation.Check c = obs.checks().get(0);
        assertFalse(c.passed());
        assertTrue(c.detail().startsWith("serverErrors (0) == 0, failed requests (1) == 0: [1' UNION SELECT NULL,NULL--]"),
                c.detail());
    }

    @Test
    void nothingAnsweringIsAnError() {
        assertThrows(IOException.class, () -> TestParams.run(new InputProbe(), "url: " + wm.baseUrl() + "/dead\n"
                + "field: q\npayloads: xss", Duration.ofSeconds(10)));
    }
}
