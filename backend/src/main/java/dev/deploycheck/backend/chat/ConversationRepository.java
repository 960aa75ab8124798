package dev.deploycheck.backend.chat;

import dev.deploycheck.backend.db.Database;
import dev.deploycheck.backend.db.Keyset;
import dev.deploycheck.backend.db.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Conversations and messages in PostgreSQL. Every query is scoped by the owner, so another user's rows are simply not found. */
public final class ConversationRepository {
    private final Database db;

    public ConversationRepository(Database db) {
        this.db = db;
    }

    /** Keyset position for pagination: the last item's (createdAt, id). */

    public Conversation create(UUID userId, String title) {
        UUID id = UUID.randomUUID();
        String sql = "INSERT INTO conversations (id, user_id, title) VALUES (?, ?, ?) RETURNING created_at, updated_at";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            ps.setObject(2, userId);
            ps.setString(3, title);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Conversation(id, title, rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant());
            }
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    /** Newest first; {@code limit + 1} rows are read so the caller knows whether there is a next page. */
    public List<Conversation> list(UUID userId, Optional<Keyset.Cursor> after, int limit) {
        return Keyset.newestFirst(db, "id, title, created_at, updated_at", "conversations", userId, after, limit,
                ConversationRepository::mapConversation);
    }

    public Optional<Conversation> find(UUID userId, UUID id) {
        String sql = "SELECT id, title, created_at, updated_at FROM conversations WHERE id = ? AND user_id = ?";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            ps.setObject(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(mapConversation(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    /** Up to {@code limit} messages with an id above {@code afterId}, in id order. */
    public List<Message> messagesAfter(UUID conversationId, long afterId, int limit) {
        String sql = "SELECT id, role, content, created_at FROM messages WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT ?";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, conversationId);
            ps.setLong(2, afterId);
            ps.setInt(3, limit);
            return readMessages(ps);
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    /** The latest {@code limit} messages, oldest first. */
    public List<Message> messages(UUID conversationId, int limit) {
        String sql = "SELECT id, role, content, created_at FROM (SELECT id, role, content, created_at FROM messages "
                + "WHERE conversation_id = ? ORDER BY created_at DESC, id DESC LIMIT ?) m ORDER BY created_at, id";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, conversationId);
            ps.setInt(2, limit);
            return readMessages(ps);
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    /**
     * Stores the user's message and the reply in one transaction, after checking ownership under a row lock.
     * @return the two stored messages, or empty when the conversation is not the user's
     */
    public Optional<List<Message>> appendExchange(UUID userId, UUID conversationId, String userContent,
                                                  java.util.function.Function<List<Message>, String> responder) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM conversations WHERE id = ? AND user_id = ? FOR UPDATE")) {
                    ps.setObject(1, conversationId);
                    ps.setObject(2, userId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return Optional.empty();
                        }
                    }
                }
                Message user = insertMessage(c, conversationId, "user", userContent);
                Message reply = insertMessage(c, conversationId, "assistant", responder.apply(List.of(user)));
                try (PreparedStatement ps = c.prepareStatement("UPDATE conversations SET updated_at = now() WHERE id = ?")) {
                    ps.setObject(1, conversationId);
                    ps.executeUpdate();
                }
                c.commit();
                return Optional.of(List.of(user, reply));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    /**
     * Stores one message after checking ownership under a row lock, and touches the conversation.
     * @return the stored message, or empty when the conversation is not the user's
     */
    public Optional<Message> appendMessage(UUID userId, UUID conversationId, String role, String content) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("UPDATE conversations SET updated_at = now() WHERE id = ? AND user_id = ?")) {
                    ps.setObject(1, conversationId);
                    ps.setObject(2, userId);
                    if (ps.executeUpdate() == 0) {
                        c.rollback();
                        return Optional.empty();
                    }
                }
                Message m = insertMessage(c, conversationId, role, content);
                c.commit();
                return Optional.of(m);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    /** Takes the next message id now, so a reply can be streamed under the id it will be stored with. */
    public long reserveMessageId() {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT nextval(pg_get_serial_sequence('messages', 'id'))");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    /** Stores a message under an id from {@link #reserveMessageId()}. */
    public Message insertReserved(UUID conversationId, long id, String role, String content) {
        String sql = "INSERT INTO messages (id, conversation_id, role, content) OVERRIDING SYSTEM VALUE VALUES (?, ?, ?, ?) RETURNING created_at";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.setObject(2, conversationId);
            ps.setString(3, role);
            ps.setString(4, content);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Message(id, role, content, rs.getTimestamp(1).toInstant());
            }
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    private static Message insertMessage(Connection c, UUID conversationId, String role, String content) throws SQLException {
        String sql = "INSERT INTO messages (conversation_id, role, content) VALUES (?, ?, ?) RETURNING id, created_at";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, conversationId);
            ps.setString(2, role);
            ps.setString(3, content);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Message(rs.getLong(1), role, content, rs.getTimestamp(2).toInstant());
            }
        }
    }

    private static Conversation mapConversation(ResultSet rs) throws SQLException {
        return new Conversation(rs.getObject(1, UUID.class), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant());
    }

    /** Rows of (id, role, content, created_at) as messages, in the order read. */
    private static List<Message> readMessages(PreparedStatement ps) throws SQLException {
        List<Message> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new Message(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()));
        }
        return out;
    }
}
