package dev.deploycheck.backend.knowledge;

import dev.deploycheck.backend.db.Keyset;
import dev.deploycheck.backend.http.ApiException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The knowledge base of one user: upload (type and size checks, text extraction, chunking, encryption of the
 * original, indexing), listing, reading, deleting, searching, and the passages the assistant answers from.
 */
public final class KnowledgeService {
    public static final int MAX_TITLE = 200;
    public static final int MAX_QUERY = 500;
    static final int CHUNK_SIZE = 1_000;
    static final int CHUNK_OVERLAP = 200;

    private final DocumentRepository repository;
    private final TextExtractor extractor = new TextExtractor();
    private final Chunker chunker = new Chunker(CHUNK_SIZE, CHUNK_OVERLAP);
    private final ContentCipher cipher;
    private final long maxBytes;
    private final KnowledgeMetrics metrics;
    private final IndexMerger merger;

    public KnowledgeService(DocumentRepository repository, ContentCipher cipher, long maxBytes, KnowledgeMetrics metrics,
                            IndexMerger merger) {
        this.repository = repository;
        this.cipher = cipher;
        this.maxBytes = maxBytes;
        this.metrics = metrics;
        this.merger = merger;
    }

    /** An upload as received. */
    public record Upload(String filename, String declaredContentType, byte[] bytes, Optional<String> title) { }

    /** The stored document and whether it was already there (same bytes uploaded before by the same user). */
    public record Stored(Document document, boolean duplicate) { }

    /** One page of documents; {@code nextCursor} is null on the last page. */
    public record Page(List<Document> items, int limit, long total, String nextCursor) { }

    /** Search results; {@code tookMs} is the database time. */
    public record Results(List<SearchHit> results, long tookMs) { }

    /** The decrypted original. */
    public record Content(Document document, byte[] bytes) { }

    public Stored upload(UUID userId, Upload upload) {
        long started = System.nanoTime();
        try {
            Stored stored = store(userId, upload);
            metrics.upload(stored.duplicate() ? "duplicate" : "created");
            if (!stored.duplicate()) {
                metrics.indexed(upload.bytes().length, System.nanoTime() - started);
                merger.request();
            }
            return stored;
        } catch (ApiException e) {
            metrics.upload("rejected");
            throw e;
        }
    }

    private Stored store(UUID userId, Upload upload) {
        if (upload.bytes().length > maxBytes) {
            throw new ApiException(413, "payload_too_large", "the file is larger than the limit of " + maxBytes + " bytes", "file", null);
        }
        String filename = sanitizeFilename(upload.filename());
        DocumentType type = DocumentType.detect(upload.declaredContentType(), filename).orElseThrow(() -> new ApiException(415,
                "unsupported_media_type", "only text/plain, text/markdown and application/pdf documents are accepted", "file", null));
        if (upload.bytes().length == 0) throw ApiException.validation("file", "the file is empty");
        String title = upload.title().map(KnowledgeService::checkTitle).orElse(filename);

        String sha256 = sha256(upload.bytes());
        Optional<Document> existing = repository.findBySha256(userId, sha256);
        if (existing.isPresent()) return new Stored(existing.get(), true);

        String text;
        try {
            text = extractor.extract(type, upload.bytes());
        } catch (TextExtractor.Unreadable e) {
            throw new ApiException(415, "unsupported_media_type", e.getMessage(), "file", null);
        }
        if (text.isBlank()) throw new ApiException(422, "no_text", "no text could be extracted from the file", "file", null);
        List<String> chunks = chunker.split(text);
        UUID id = UUID.randomUUID();
        byte[] sealed = cipher.seal(upload.bytes(), associatedData(id));
        return repository.insert(new DocumentRepository.NewDocument(id, userId, title, filename, type.mediaType(),
                        upload.bytes().length, sha256, sealed, cipher.keyId(), chunks))
                .map(d -> new Stored(d, false))
                // a concurrent upload of the same bytes won the race: answer with that one
                .orElseGet(() -> new Stored(repository.findBySha256(userId, sha256).orElseThrow(), true));
    }

    public Page list(UUID userId, int limit, Optional<String> cursor) {
        Optional<Keyset.Cursor> after = cursor.map(KnowledgeService::decodeCursor);
        List<Document> rows = repository.list(userId, after, limit);
        long total = repository.count(userId);
        if (rows.size() <= limit) return new Page(rows, limit, total, null);
        List<Document> page = List.copyOf(rows.subList(0, limit));
        Document last = page.get(limit - 1);
        return new Page(page, limit, total, new Keyset.Cursor(last.createdAt(), last.id()).encode());
    }

    public Document get(UUID userId, UUID id) {
        return repository.find(userId, id).orElseThrow(() -> ApiException.notFound("document not found"));
    }

    public Content content(UUID userId, UUID id) {
        Document d = get(userId, id);
        DocumentRepository.Sealed sealed = repository.sealedContent(userId, id)
                .orElseThrow(() -> ApiException.notFound("the original of this document is not stored"));
        if (!cipher.keyId().equals(sealed.keyId())) {
            throw new ApiException(409, "key_mismatch", "the document was encrypted with another ENCRYPTION_KEY", null, null);
        }
        try {
            return new Content(d, cipher.open(sealed.bytes(), associatedData(id)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored document " + id + " failed authentication", e);
        }
    }

    public void delete(UUID userId, UUID id) {
        if (!repository.delete(userId, id)) throw ApiException.notFound("document not found");
    }

    public Results search(UUID userId, String query, int limit) {
        String q = query.strip();
        if (q.isEmpty()) throw ApiException.validation("query", "query must not be blank");
        long started = System.nanoTime();
        List<SearchHit> hits = repository.search(userId, q, limit);
        long nanos = System.nanoTime() - started;
        metrics.searched(hits.size(), nanos);
        return new Results(hits, nanos / 1_000_000);
    }

    /** The best passages for a question (any word may match); empty for an empty knowledge base. */
    public List<Passage> passages(UUID userId, String question, int limit) {
        if (limit <= 0 || question.isBlank()) return List.of();
        long started = System.nanoTime();
        List<Passage> out = repository.passages(userId, question.length() > 2_000 ? question.substring(0, 2_000) : question, limit);
        metrics.searched(out.size(), System.nanoTime() - started);
        return out;
    }

    /** The last path segment, Unicode-normalised, with anything but letters, digits and {@code . _ - ( )} and spaces replaced. */
    static String sanitizeFilename(String raw) {
        String name = raw == null ? "" : raw;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = Normalizer.normalize(name, Normalizer.Form.NFC)
                .replaceAll("[^\\p{L}\\p{N}._() -]", "_")
                .replaceAll("_{2,}", "_")
                .replaceAll("^[.\\s]+", "")
                .strip();
        if (name.length() > 150) {
            int dot = name.lastIndexOf('.');
            String ext = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
            name = name.substring(0, 150 - ext.length()) + ext;
        }
        return name.isEmpty() || name.chars().allMatch(ch -> ch == '_' || ch == '.') ? "document" : name;
    }

    static String checkTitle(String raw) {
        String t = raw.strip();
        if (t.isEmpty()) throw ApiException.validation("title", "title must not be blank");
        if (t.length() > MAX_TITLE) throw ApiException.validation("title", "title must be at most " + MAX_TITLE + " characters");
        if (t.chars().anyMatch(Character::isISOControl)) throw ApiException.validation("title", "title must be printable text");
        if (t.indexOf('<') >= 0 || t.indexOf('>') >= 0) throw ApiException.validation("title", "title must not contain < or >");
        return t;
    }

    private static byte[] associatedData(UUID id) {
        return ("document:" + id).getBytes(StandardCharsets.US_ASCII);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }


    static Keyset.Cursor decodeCursor(String cursor) {
        try {
            return Keyset.Cursor.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("cursor", "cursor is not one this server handed out");
        }
    }
}
