package dev.deploycheck.backend.knowledge;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.backend.auth.Authenticator;
import dev.deploycheck.backend.http.ApiException;
import dev.deploycheck.backend.http.PathAndQuery;
import dev.deploycheck.backend.http.JsonBody;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;

/** HTTP input and output of the knowledge-base endpoints. */
public final class KnowledgeController {
    private final KnowledgeService service;
    private final Authenticator authenticator;
    private final ObjectMapper mapper;
    private final long maxBytes;

    public KnowledgeController(KnowledgeService service, Authenticator authenticator, ObjectMapper mapper, long maxBytes) {
        this.service = service;
        this.authenticator = authenticator;
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    /** 201 with the new document; 200 with the existing one (and {@code "duplicate": true}) for content already uploaded. */
    public void upload(Context ctx) {
        UUID userId = authenticator.require(ctx);
        if (!ctx.isMultipartFormData()) {
            throw new ApiException(415, "unsupported_media_type", "send the document as multipart/form-data in a field named 'file'", null, null);
        }
        UploadedFile file;
        Optional<String> title;
        try {
            file = ctx.uploadedFile("file");
            title = Optional.ofNullable(ctx.formParam("title")).filter(t -> !t.isBlank());
        } catch (Exception e) {
            // Jetty's parser fails with a checked ServletException (wrapping a 400 "bad multipart"), which Javalin's
            // Kotlin lets through undeclared: catching RuntimeException alone turned every broken body into a 500
            if (isSizeLimit(e)) throw tooLarge();
            throw ApiException.badRequest("invalid_multipart", "the multipart body could not be read (truncated, malformed or too many parts)");
        }
        if (file == null) throw ApiException.validation("file", "a file field named 'file' is required");
        if (file.size() > maxBytes) throw tooLarge();
        byte[] bytes;
        try (InputStream in = file.content()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KnowledgeService.Stored stored = service.upload(userId, new KnowledgeService.Upload(file.filename(), file.contentType(), bytes, title));
        Document d = stored.document();
        ctx.status(stored.duplicate() ? 200 : 201).json(new UploadAnswer(d.id(), d.title(), d.filename(), d.contentType(), d.size(),
                d.sha256(), d.chunks(), d.createdAt(), stored.duplicate()));
    }

    public void list(Context ctx) {
        UUID userId = authenticator.require(ctx);
        int limit = PathAndQuery.intParam(ctx, "limit", 20, 1, 100);
        ctx.json(service.list(userId, limit, Optional.ofNullable(ctx.queryParam("cursor")).filter(s -> !s.isBlank())));
    }

    public void get(Context ctx) {
        UUID userId = authenticator.require(ctx);
        ctx.json(service.get(userId, documentId(ctx)));
    }

    /** The original bytes, decrypted, as an attachment (never rendered inline). */
    public void content(Context ctx) {
        UUID userId = authenticator.require(ctx);
        KnowledgeService.Content content = service.content(userId, documentId(ctx));
        ctx.header("Content-Disposition", "attachment; filename=\"" + content.document().filename().replace("\"", "_") + "\"");
        ctx.contentType(content.document().contentType()).result(content.bytes());
    }

    public void delete(Context ctx) {
        UUID userId = authenticator.require(ctx);
        service.delete(userId, documentId(ctx));
        ctx.status(204);
    }

    public void search(Context ctx) {
        UUID userId = authenticator.require(ctx);
        JsonBody body = JsonBody.of(ctx, mapper);
        String query = body.requiredString("query", KnowledgeService.MAX_QUERY);
        int limit = body.optionalInt("limit", 10, 1, 50);
        ctx.json(service.search(userId, query, limit));
    }

    private ApiException tooLarge() {
        return new ApiException(413, "payload_too_large", "the file is larger than the limit of " + maxBytes + " bytes", "file", null);
    }

    private static boolean isSizeLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase();
            if (m.contains("max file size") || m.contains("max request size") || m.contains("exceeds") || m.contains("too large")
                    || m.contains("max length") || m.contains("413")) {
                return true;
            }
        }
        return false;
    }

    private static UUID documentId(Context ctx) {
        return PathAndQuery.id(ctx, "document not found");
    }


    /** The upload answer: the document plus whether it was already there. */
    public record UploadAnswer(UUID id, String title, String filename, String contentType, long size, String sha256,
                               int chunks, java.time.Instant createdAt, boolean duplicate) { }
}
