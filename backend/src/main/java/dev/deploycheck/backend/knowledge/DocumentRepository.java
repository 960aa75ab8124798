package dev.deploycheck.backend.knowledge;

import dev.deploycheck.backend.db.Database;
import dev.deploycheck.backend.db.Keyset;
import dev.deploycheck.backend.db.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Documents, their encrypted originals and their chunks in PostgreSQL; chunks are searched with the GIN-indexed
 * tsvector. Every query is scoped by the owner, so another user's documents are simply not found.
 */
public final class DocumentRepository {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DocumentRepository.class);
    private static final String COLUMNS = "id, title, filename, content_type, size_bytes, sha256, chunk_count, created_at";

    private final Database db;

    public DocumentRepository(Database db) {
        this.db = db;
    }

    /** Keyset position for pagination: the last item's (createdAt, id). */

    /** What {@link #insert} stores. */
    public record NewDocument(UUID id, UUID userId, String title, String filename, String contentType, long size,
                              String sha256, byte[] sealed, String keyId, List<String> chunks) { }

    /**
     * Inserts the document and all its chunks in one transaction.
     * @return the stored document, or empty when the user already has a document with the same SHA-256
     */
    public Optional<Document> insert(NewDocument d) {
        String sql = "INSERT INTO documents (id, user_id, title, filename, content_type, size_bytes, sha256, chunk_count, content_sealed, key_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, sha256) DO NOTHING RETURNING created_at";
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                Instant created;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setObject(1, d.id());
                    ps.setObject(2, d.userId());
                    ps.setString(3, d.title());
                    ps.setString(4, d.filename());
                    ps.setString(5, d.contentType());
                    ps.setLong(6, d.size());
                    ps.setString(7, d.sha256());
                    ps.setInt(8, d.chunks().size());
                    ps.setBytes(9, d.sealed());
                    ps.setString(10, d.keyId());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return Optional.empty();
                        }
                        created = rs.getTimestamp(1).toInstant();
                    }
                }
                // one statement for every chunk: the tsvector column is computed by PostgreSQL as rows go in
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO document_chunks (document_id, user_id, position, content) "
                        + "SELECT ?, ?, (t.ord - 1)::int, t.c FROM unnest(?::text[]) WITH ORDINALITY AS t(c, ord)")) {
                    ps.setObject(1, d.id());
                    ps.setObject(2, d.userId());
                    ps.setArray(3, c.createArrayOf("text", d.chunks().toArray()));
                    ps.executeUpdate();
                }
                c.commit();
                return Optional.of(new Document(d.id(), d.title(), d.filename(), d.contentType(), d.size(), d.sha256(),
                        d.chunks().size(), created));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    /**
     * New chunks enter the GIN index through its pending list (a fast append); until that list is merged, every
     * search scans it linearly, which made searches after a large upload ten times slower. This merges it in
     * bulk. Needs ownership of the index; without it autovacuum does it later.
     */
    public void mergePendingIndexEntries() {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT gin_clean_pending_list('document_chunks_search_idx'::regclass)")) {
            ps.execute();
        } catch (SQLException e) {
            LOG.debug("could not merge the GIN pending list (autovacuum will): {}", e.getMessage());
        }
    }

    public Optional<Document> findBySha256(UUID userId, String sha256) {
        return one("SELECT " + COLUMNS + " FROM documents WHERE user_id = ? AND sha256 = ?", userId, sha256);
    }

    public Optional<Document> find(UUID userId, UUID id) {
        return one("SELECT " + COLUMNS + " FROM documents WHERE user_id = ? AND id = ?", userId, id);
    }

    /** Newest first; {@code limit + 1} rows so the caller knows whether there is a next page. */
    public List<Document> list(UUID userId, Optional<Keyset.Cursor> after, int limit) {
        return Keyset.newestFirst(db, COLUMNS, "documents", userId, after, limit, DocumentRepository::map);
    }

    public long count(UUID userId) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM documents WHERE user_id = ?")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    /** The sealed original and the id of the key that sealed it. */
    public record Sealed(byte[] bytes, String keyId) { }

    public Optional<Sealed> sealedContent(UUID userId, UUID id) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT content_sealed, key_id FROM documents WHERE user_id = ? AND id = ? AND content_sealed IS NOT NULL")) {
            ps.setObject(1, userId);
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Sealed(rs.getBytes(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    /** Deletes the document and (cascade) its chunks; false when it is not the user's. */
    public boolean delete(UUID userId, UUID id) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("DELETE FROM documents WHERE user_id = ? AND id = ?")) {
            ps.setObject(1, userId);
            ps.setObject(2, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    /**
     * Full-text search with web-search syntax (words are ANDed, "quoted phrases", -exclusion, or). Only the
     * top {@code limit} rows get a ts_headline, the expensive part.
     */
    public List<SearchHit> search(UUID userId, String query, int limit) {
        List<SearchHit> hits = new ArrayList<>();
        ranked("websearch_to_tsquery('english', ?)", userId, query, limit, rs -> hits.add(new SearchHit(
                rs.getObject(2, UUID.class), rs.getString(3), rs.getLong(1), Snippets.toSafeHtml(rs.getString(5)), rs.getDouble(6))));
        return hits;
    }

    /** Passages for the assistant: any of the question's words may match (OR), the best-ranked first. */
    public List<Passage> passages(UUID userId, String question, int limit) {
        List<Passage> out = new ArrayList<>();
        ranked("NULLIF(replace(plainto_tsquery('english', ?)::text, ' & ', ' | '), '')::tsquery", userId, question, limit,
                rs -> out.add(new Passage(rs.getObject(2, UUID.class), rs.getString(3), rs.getLong(1), rs.getString(4),
                        Snippets.toPlainText(rs.getString(5)), rs.getDouble(6))));
        return out;
    }

    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private void ranked(String tsquery, UUID userId, String text, int limit, RowHandler handler) {
        // the tsquery sits in a FROM subquery used once, so the planner inlines it and the GIN index applies
        // (a CTE referenced twice would be materialised and hide it from the index); the owner is on each chunk,
        // so one index scan finds the user's passages; titles are joined for the returned rows only
        String sql = "SELECT top.id, top.document_id, d.title, top.content, ts_headline('english', top.content, top.query, ?), top.rank "
                + "FROM (SELECT c.id, c.document_id, c.content, q.query, ts_rank_cd(c.search, q.query) AS rank "
                + "      FROM (SELECT " + tsquery + " AS query) q, document_chunks c "
                + "      WHERE c.user_id = ? AND c.search @@ q.query "
                + "      ORDER BY rank DESC, c.id LIMIT ?) top "
                + "JOIN documents d ON d.id = top.document_id "
                + "ORDER BY top.rank DESC, top.id";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, Snippets.HEADLINE_OPTIONS);
            ps.setString(2, text);
            ps.setObject(3, userId);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) handler.row(rs);
            }
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    private Optional<Document> one(String sql, UUID userId, Object key) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, userId);
            ps.setObject(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new Sql.Failure(e);
        }
    }

    private static Document map(ResultSet rs) throws SQLException {
        return new Document(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getInt(7), rs.getTimestamp(8).toInstant());
    }
}
