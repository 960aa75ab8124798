package dev.deploycheck.backend.http;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The errors Jetty answers itself, before a request reaches Javalin — a malformed request line or path encoding,
 * a URI or headers over the limits (414, 431), a bad Content-Length — in the API's shape: the JSON error body,
 * the security headers (HSTS on HTTPS) and an X-Request-Id, instead of Jetty's HTML page. Messages are fixed per
 * status; Jetty's reason is not shown (it may quote the request).
 */
public final class JettyErrors extends ErrorHandler {
    private final long hstsMaxAgeSeconds;

    public JettyErrors(long hstsMaxAgeSeconds) {
        this.hstsMaxAgeSeconds = hstsMaxAgeSeconds;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException e) status = e.getCode();
        if (status < 400) status = 500;
        response.setStatus(status);
        String requestId = RequestContext.requestIdFrom(request.getHeaders().get(RequestContext.REQUEST_ID_HEADER));
        HttpFields.Mutable headers = response.getHeaders();
        SecurityHeaders.headers(request.isSecure() || request.getConnectionMetaData().isSecure(), hstsMaxAgeSeconds).forEach(headers::put);
        headers.put(RequestContext.REQUEST_ID_HEADER, requestId);
        if (HttpStatus.hasNoBody(status) || "HEAD".equals(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(status, requestId)), callback);
        return true;
    }

    /** Used by Jetty when it cannot even build a request to hand to {@link #handle}. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable headers) {
        String requestId = RequestContext.requestIdFrom(null);
        SecurityHeaders.headers(false, hstsMaxAgeSeconds).forEach(headers::put);
        headers.put(RequestContext.REQUEST_ID_HEADER, requestId);
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, requestId));
    }

    private static byte[] body(int status, String requestId) {
        // every value is ours (a fixed message, a code, a request id of [A-Za-z0-9._:-]): no escaping needed
        return ("{\"error\":\"" + ErrorHandlers.codeFor(status) + "\",\"message\":\"" + message(status)
                + "\",\"requestId\":\"" + requestId + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String message(int status) {
        return switch (status) {
            case 400 -> "the request is malformed (request line, path encoding, headers or Content-Length)";
            case 408 -> "the request took too long to arrive";
            case 413 -> "the request body is too large";
            case 414 -> "the request URI is too long";
            case 431 -> "the request headers are too large";
            case 501 -> "this request is not supported";
            case 505 -> "this HTTP version is not supported";
            default -> status >= 500 ? "something went wrong; quote the request id when reporting it" : "request failed";
        };
    }
}
