package dev.deploycheck.expect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploycheck.checklist.Durations;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Plain-Java views of fact values: JSON unwrapped, numbers widened, type names and short displays. */
final class Values {
    /** A present value that is null (JSON null, or a fact set to null); {@link java.util.Optional} cannot hold null. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
    static final int MAX_DISPLAY = 80;

    private Values() {}

    /** JSON scalars to String/Long/BigInteger/BigDecimal/Double/Boolean, JSON null and Java null to {@link #NULL}. */
    static Object unwrap(Object v) {
        if (v == null) {
            return NULL;
        }
        if (!(v instanceof JsonNode)) {
            return v;
        }
        JsonNode n = (JsonNode) v;
        if (n.isNull() || n.isMissingNode()) {
            return NULL;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isBigDecimal()) {
            return n.decimalValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        return n;
    }

    /** Elements of a list-like value (List, Collection, array, JSON array), unwrapped; null when not list-like. */
    static List<Object> asList(Object v) {
        List<Object> out = new ArrayList<>();
        if (v instanceof JsonNode && ((JsonNode) v).isArray()) {
            ((JsonNode) v).forEach(e -> out.add(unwrap(e)));
        } else if (v instanceof Collection) {
            ((Collection<?>) v).forEach(e -> out.add(unwrap(e)));
        } else if (v != null && v.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(v); i++) {
                out.add(unwrap(Array.get(v, i)));
            }
        } else {
            return null;
        }
        return out;
    }

    /** Entries of a map-like value (Map or JSON object); null when not map-like. */
    static Map<String, Object> asMap(Object v) {
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((k, e) -> out.put(String.valueOf(k), e));
            return out;
        }
        if (v instanceof JsonNode && ((JsonNode) v).isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = ((JsonNode) v).fields();
            it.forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
            return out;
        }
        return null;
    }

    /** The value as a BigDecimal when it is a finite number or a string that reads as one; else null. */
    static BigDecimal number(Object v) {
        if (v instanceof BigDecimal) {
            return (BigDecimal) v;
        }
        if (v instanceof BigInteger) {
            return new BigDecimal((BigInteger) v);
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        if (v instanceof Number) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof String && Literal.NUMBER.matcher(((String) v).strip()).matches()) {
            String s = ((String) v).strip();
            return new BigDecimal(s.startsWith("+") ? s.substring(1) : s);
        }
        return null;
    }

    /** NaN and infinities, which a Prometheus scrape can produce. */
    static boolean nonFinite(Object v) {
        return (v instanceof Double || v instanceof Float) && !Double.isFinite(((Number) v).doubleValue());
    }

    static String typeName(Object v) {
        if (v == NULL) {
            return "null";
        }
        if (v instanceof Number) {
            return "number";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        if (v instanceof Duration) {
            return "duration";
        }
        if (v instanceof TemporalAccessor) {
            return "time";
        }
        if (v instanceof TlsVersion) {
            return "TLS version";
        }
        if (asList(v) != null) {
            return "list";
        }
        if (asMap(v) != null) {
            return "map";
        }
        String name = v.getClass().getSimpleName();
        return name.isEmpty() ? "value" : name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }

    static String typeName(Literal l) {
        if (l instanceof Literal.Num) {
            return "number";
        }
        if (l instanceof Literal.Dur) {
            return "duration";
        }
        if (l instanceof Literal.Bool) {
            return "boolean";
        }
        if (l instanceof Literal.Null) {
            return "null";
        }
        if (l instanceof Literal.Many) {
            return "list";
        }
        if (l instanceof Literal.When) {
            return "time";
        }
        return "string";
    }

    /** The actual value as a Gatus-style message shows it: 503, "text/html", 812ms, 3 items; at most ~80 chars. */
    static String display(Object v) {
        return display(v, UnaryOperator.identity());
    }

    /**
     * As {@link #display(Object)}, with {@code mask} (the run's secret masking) applied to the text before it is
     * quoted and cut, so that no part of a secret survives the cut.
     */
    static String display(Object v, UnaryOperator<String> mask) {
        String s;
        if (v instanceof String) {
            s = quote(mask.apply((String) v));
        } else if (v instanceof Duration) {
            s = Durations.format((Duration) v);
        } else if (v instanceof BigDecimal) {
            s = ((BigDecimal) v).stripTrailingZeros().toPlainString();
        } else if ((v instanceof Double || v instanceof Float) && !nonFinite(v)) {
            s = BigDecimal.valueOf(((Number) v).doubleValue()).stripTrailingZeros().toPlainString();
        } else if (asList(v) != null) {
            int n = asList(v).size();
            s = n + (n == 1 ? " item" : " items");
        } else if (asMap(v) != null) {
            int n = asMap(v).size();
            s = n + (n == 1 ? " key" : " keys");
        } else {
            s = mask.apply(String.valueOf(v));
        }
        return truncate(s);
    }

    /** Short element-by-element form of a list, for the reason of a failed {@code contains}; masked, then cut. */
    static String elements(List<Object> list, UnaryOperator<String> mask) {
        List<String> parts = new ArrayList<>();
        list.forEach(e -> parts.add(display(e, mask)));
        return truncate("[" + String.join(", ", parts) + "]");
    }

    /** Masked, then cut to {@link #MAX_DISPLAY}. */
    static String truncate(String s, UnaryOperator<String> mask) {
        return truncate(mask.apply(s));
    }

    static String truncate(String s) {
        return s.length() <= MAX_DISPLAY ? s : s.substring(0, MAX_DISPLAY - 3) + "...";
    }

    /** A quoted string that reads back as the same value: quotes, escapes and control characters escaped. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\':
                    // doubled only where it would read as an escape, so a regex such as ^v\d+$ shows as written
                    char next = i + 1 < s.length() ? s.charAt(i + 1) : '\\';
                    sb.append("\"'\\/nrtu".indexOf(next) >= 0 ? "\\\\" : "\\");
                    break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
