package dev.deploycheck.backend.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

/**
 * This API is stateless (bearer tokens), so no request may create a server session. Javalin 7 does on every
 * WebSocket upgrade: it snapshots the session attributes with {@code getSession()}, which creates a session that
 * never expires and answers {@code Set-Cookie: JSESSIONID}. This filter hands Javalin a request whose
 * {@code getSession(true)} is an empty session that is stored nowhere and sets no cookie.
 */
public final class NoSessions implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        chain.doFilter(request instanceof HttpServletRequest http ? new Stateless(http) : request, response);
    }

    private static final class Stateless extends HttpServletRequestWrapper {
        private HttpSession inert;

        Stateless(HttpServletRequest request) {
            super(request);
        }

        @Override
        public HttpSession getSession() {
            return getSession(true);
        }

        @Override
        public HttpSession getSession(boolean create) {
            if (!create) return inert;
            if (inert == null) inert = new InertSession(getServletContext());
            return inert;
        }

        @Override
        public String getRequestedSessionId() {
            return null;
        }

        @Override
        public boolean isRequestedSessionIdValid() {
            return false;
        }

        @Override
        public String changeSessionId() {
            throw new IllegalStateException("this API keeps no sessions");
        }
    }

    /** No attributes, and any attempt to store one fails loudly: nothing in this backend may rely on a session. */
    private record InertSession(ServletContext context) implements HttpSession {
        @Override
        public long getCreationTime() {
            return 0;
        }

        @Override
        public String getId() {
            return "";
        }

        @Override
        public long getLastAccessedTime() {
            return 0;
        }

        @Override
        public ServletContext getServletContext() {
            return context;
        }

        @Override
        public void setMaxInactiveInterval(int interval) { }

        @Override
        public int getMaxInactiveInterval() {
            return 0;
        }

        @Override
        public Object getAttribute(String name) {
            return null;
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            return Collections.emptyEnumeration();
        }

        @Override
        public void setAttribute(String name, Object value) {
            throw new UnsupportedOperationException("this API keeps no sessions");
        }

        @Override
        public void removeAttribute(String name) { }

        @Override
        public void invalidate() { }

        @Override
        public boolean isNew() {
            return true;
        }
    }
}
