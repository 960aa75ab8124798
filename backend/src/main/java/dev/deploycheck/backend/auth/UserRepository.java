package dev.deploycheck.backend.auth;

import dev.deploycheck.backend.db.Database;
import dev.deploycheck.backend.db.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/** Users in PostgreSQL. */
public final class UserRepository {
    private final Database db;

    public UserRepository(Database db) {
        this.db = db;
    }

    /** A user with the password hash, for login only. */
    public record Credentials(User user, String passwordHash) { }

    /** @return empty when the email is already taken */
    public Optional<User> insert(String email, String displayName, String passwordHash) {
        UUID id = UUID.randomUUID();
        String sql = "INSERT INTO users (id, email, display_name, password_hash) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (email) DO NOTHING RETURNING created_at";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            ps.setString(2, email);
            ps.setString(3, displayName);
            ps.setString(4, passwordHash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new User(id, email, displayName, rs.getTimestamp(1).toInstant()));
            }
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    public Optional<Credentials> findByEmail(String email) {
        String sql = "SELECT id, email, display_name, created_at, password_hash FROM users WHERE email = ?";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Credentials(map(rs), rs.getString(5))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    public Optional<User> findById(UUID id) {
        String sql = "SELECT id, email, display_name, created_at FROM users WHERE id = ?";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    private static User map(ResultSet rs) throws SQLException {
        return new User(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant());
    }
}
