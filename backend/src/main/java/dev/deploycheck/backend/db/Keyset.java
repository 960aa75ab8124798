package dev.deploycheck.backend.db;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Keyset pagination, newest first, over {@code (created_at, id)}: the opaque cursor a page hands out and the
 * query that continues after it (served by the {@code (user_id, created_at DESC, id DESC)} indexes).
 */
public final class Keyset {
    private Keyset() { }

    /** Where the previous page ended. */
    public record Cursor(Instant createdAt, UUID id) {
        /** The opaque token for {@code nextCursor}. */
        public String encode() {
            String raw = createdAt.getEpochSecond() + "." + createdAt.getNano() + "." + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        /** Reads a token; throws IllegalArgumentException when it is not one {@link #encode()} made. */
        public static Cursor decode(String token) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\.", 3);
                return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                        UUID.fromString(parts[2]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a cursor this server handed out", e);
            }
        }
    }

    /** Maps the current row. */
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /**
     * Up to {@code limit + 1} rows of {@code columns} from {@code table} owned by {@code userId}, newest first,
     * after the cursor: one more than a page, so the caller knows whether there is a next one.
     */
    public static <T> List<T> newestFirst(Database db, String columns, String table, UUID userId, Optional<Cursor> after,
                                          int limit, RowMapper<T> mapper) {
        String sql = "SELECT " + columns + " FROM " + table + " WHERE user_id = ? "
                + (after.isPresent() ? "AND (created_at, id) < (?, ?) " : "")
                + "ORDER BY created_at DESC, id DESC LIMIT ?";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setObject(i++, userId);
            if (after.isPresent()) {
                ps.setTimestamp(i++, Timestamp.from(after.get().createdAt()));
                ps.setObject(i++, after.get().id());
            }
            ps.setInt(i, limit + 1);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(mapper.map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }
}
