package dev.deploycheck.probe.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Retry-After: delay-seconds or an HTTP-date (RFC 9110 10.2.3), as a duration from the response's Date (or now). */
final class RetryAfter {
    private RetryAfter() {}

    static Optional<Duration> parse(String value, String dateHeader, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.matches("\\d{1,10}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Instant base = now;
            if (dateHeader != null) {
                try {
                    base = ZonedDateTime.parse(dateHeader.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                } catch (DateTimeParseException e) {
                    // keep now
                }
            }
            Duration d = Duration.between(base, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
