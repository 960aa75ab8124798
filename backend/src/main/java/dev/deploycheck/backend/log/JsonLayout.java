package dev.deploycheck.backend.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;

import java.time.Instant;
import java.util.Map;

/** One JSON object per log line: time, level, logger, message, request id (from the MDC) and any error. */
public final class JsonLayout extends LayoutBase<ILoggingEvent> {

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"ts\":\"").append(Instant.ofEpochMilli(event.getTimeStamp())).append('"');
        field(sb, "level", event.getLevel().toString());
        field(sb, "logger", shortName(event.getLoggerName()));
        field(sb, "msg", event.getFormattedMessage());
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null && mdc.get("requestId") != null) field(sb, "requestId", mdc.get("requestId"));
        IThrowableProxy t = event.getThrowableProxy();
        if (t != null) {
            field(sb, "error", t.getClassName() + ": " + t.getMessage());
            field(sb, "stack", ThrowableProxyUtil.asString(t));
        }
        return sb.append("}\n").toString();
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append(",\"").append(name).append("\":");
        if (value == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    private static String shortName(String logger) {
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }
}
