package dev.deploycheck.backend.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.backend.auth.Authenticator;
import dev.deploycheck.backend.http.PathAndQuery;
import dev.deploycheck.backend.http.JsonBody;
import io.javalin.http.Context;

import java.util.Optional;
import java.util.UUID;

/** HTTP input and output of the conversation endpoints. */
public final class ChatController {
    private final ChatService service;
    private final Authenticator authenticator;
    private final ObjectMapper mapper;
    private final java.util.Optional<java.util.concurrent.ExecutorService> slowReplies;

    public ChatController(ChatService service, Authenticator authenticator, ObjectMapper mapper) {
        this(service, authenticator, mapper, java.util.Optional.empty());
    }

    /**
     * @param slowReplies where to wait for replies that take long (the OpenAI assistant), so that they do not hold
     *                    Jetty's small worker pool; empty when replies are instant (the local responder)
     */
    public ChatController(ChatService service, Authenticator authenticator, ObjectMapper mapper,
                          java.util.Optional<java.util.concurrent.ExecutorService> slowReplies) {
        this.service = service;
        this.authenticator = authenticator;
        this.mapper = mapper;
        this.slowReplies = slowReplies;
    }

    public void list(Context ctx) {
        UUID userId = authenticator.require(ctx);
        int limit = PathAndQuery.intParam(ctx, "limit", 20, 1, 100);
        ctx.json(service.list(userId, limit, Optional.ofNullable(ctx.queryParam("cursor")).filter(s -> !s.isBlank())));
    }

    public void create(Context ctx) {
        UUID userId = authenticator.require(ctx);
        String title = JsonBody.of(ctx, mapper).requiredString("title", ChatService.MAX_TITLE);
        ctx.status(201).json(service.create(userId, title));
    }

    public void get(Context ctx) {
        UUID userId = authenticator.require(ctx);
        ctx.json(service.get(userId, conversationId(ctx)));
    }

    public void send(Context ctx) {
        UUID userId = authenticator.require(ctx);
        UUID id = conversationId(ctx);
        String content = JsonBody.of(ctx, mapper).requiredString("content", ChatService.MAX_CONTENT);
        if (slowReplies.isPresent()) {
            ctx.async(async -> async.executor = slowReplies.get(), () -> ctx.status(201).json(service.send(userId, id, content)));
        } else {
            ctx.status(201).json(service.send(userId, id, content));
        }
    }

    private static UUID conversationId(Context ctx) {
        return PathAndQuery.id(ctx, "conversation not found");
    }

}
