package dev.deploycheck.backend.auth;

import dev.deploycheck.backend.db.Database;
import dev.deploycheck.backend.db.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Refresh tokens, stored as SHA-256 hashes with their family, for rotation and reuse detection. */
public final class RefreshTokenRepository {
    private final Database db;

    public RefreshTokenRepository(Database db) {
        this.db = db;
    }

    /** What rotating a token found. */
    public enum Rotation { ROTATED, UNKNOWN, REUSED, EXPIRED }

    /** A stored token's row, read under lock during rotation. */
    record Row(UUID id, UUID userId, UUID familyId, Instant expiresAt, boolean usedOrRevoked) { }

    public void insert(UUID id, UUID userId, UUID familyId, String tokenHash, Instant expiresAt) {
        try (Connection c = db.connection()) {
            insert(c, id, userId, familyId, tokenHash, expiresAt);
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    /**
     * Marks the presented token used and stores its successor in one transaction. A token already used or revoked
     * revokes every token of its family (someone replayed it: either the thief or the rightful owner holds a copy).
     */
    public Rotation rotate(String presentedHash, UUID userId, UUID newId, String newHash, Instant newExpiry, Instant now) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                Optional<Row> row = lockByHash(c, presentedHash);
                Rotation result;
                if (row.isEmpty() || !row.get().userId().equals(userId)) {
                    result = Rotation.UNKNOWN;
                } else if (row.get().usedOrRevoked()) {
                    revokeFamily(c, row.get().familyId());
                    result = Rotation.REUSED;
                } else if (row.get().expiresAt().isBefore(now)) {
                    result = Rotation.EXPIRED;
                } else {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE refresh_tokens SET used_at = now() WHERE id = ?")) {
                        ps.setObject(1, row.get().id());
                        ps.executeUpdate();
                    }
                    insert(c, newId, userId, row.get().familyId(), newHash, newExpiry);
                    result = Rotation.ROTATED;
                }
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    /** Revokes the family of the given token if it belongs to the user; returns that family when one was found. */
    public Optional<UUID> revokeFamilyOf(String tokenHash, UUID userId) {
        String sql = "UPDATE refresh_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND family_id = "
                + "(SELECT family_id FROM refresh_tokens WHERE token_hash = ? AND user_id = ?) RETURNING family_id";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tokenHash);
            ps.setObject(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    public void revokeAllOf(UUID userId) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = ? AND revoked_at IS NULL")) {
            ps.setObject(1, userId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    private static Optional<Row> lockByHash(Connection c, String hash) throws SQLException {
        String sql = "SELECT id, user_id, family_id, expires_at, (used_at IS NOT NULL OR revoked_at IS NOT NULL) "
                + "FROM refresh_tokens WHERE token_hash = ? FOR UPDATE";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        rs.getTimestamp(4).toInstant(), rs.getBoolean(5)));
            }
        }
    }

    private static void revokeFamily(Connection c, UUID familyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = ? AND revoked_at IS NULL")) {
            ps.setObject(1, familyId);
            ps.executeUpdate();
        }
    }

    private static void insert(Connection c, UUID id, UUID userId, UUID familyId, String hash, Instant expiresAt) throws SQLException {
        String sql = "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at) VALUES (?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            ps.setObject(2, userId);
            ps.setObject(3, familyId);
            ps.setString(4, hash);
            ps.setTimestamp(5, Timestamp.from(expiresAt));
            ps.executeUpdate();
        }
    }
}
