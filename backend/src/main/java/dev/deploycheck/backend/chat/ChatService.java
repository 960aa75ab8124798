package dev.deploycheck.backend.chat;

import dev.deploycheck.backend.db.Keyset;
import dev.deploycheck.backend.assistant.Assistant;
import dev.deploycheck.backend.assistant.AssistantException;
import dev.deploycheck.backend.assistant.Turn;
import dev.deploycheck.backend.http.ApiException;
import dev.deploycheck.backend.metrics.Metrics;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Conversations of one user: create, list (keyset pagination), read with messages, send a message and get a reply. */
public final class ChatService {
    public static final int MAX_TITLE = 200;
    public static final int MAX_CONTENT = 8_000;
    static final int MESSAGES_SHOWN = 500;

    static final int HISTORY_FOR_REPLY = 20;
    static final int MAX_CLIENT_ID = 100;

    private final ConversationRepository repository;
    private final Assistant assistant;
    private final ChatEvents events;
    private final Metrics metrics;

    /** @param events live notifications (WebSocket fan-out) of every stored message and of the streamed reply */
    public ChatService(ConversationRepository repository, Assistant assistant, ChatEvents events, Metrics metrics) {
        this.repository = repository;
        this.assistant = assistant;
        this.events = events;
        this.metrics = metrics;
    }

    /** One page of the list; {@code nextCursor} is null on the last page. */
    public record Page(List<Conversation> items, int limit, String nextCursor) { }

    /** A conversation with its messages. */
    public record Detail(UUID id, String title, java.time.Instant createdAt, java.time.Instant updatedAt, List<Message> messages) { }

    /** A sent message and the reply stored with it. */
    public record Exchange(UUID conversationId, Message userMessage, Message assistantMessage) { }

    public Conversation create(UUID userId, String title) {
        String t = title.strip();
        if (t.isEmpty()) throw ApiException.validation("title", "title must not be blank");
        if (t.chars().anyMatch(Character::isISOControl)) throw ApiException.validation("title", "title must be printable text");
        return repository.create(userId, t);
    }

    public Page list(UUID userId, int limit, Optional<String> cursor) {
        Optional<Keyset.Cursor> after = cursor.map(ChatService::decodeCursor);
        List<Conversation> rows = repository.list(userId, after, limit);
        if (rows.size() <= limit) return new Page(rows, limit, null);
        List<Conversation> page = rows.subList(0, limit);
        Conversation last = page.get(limit - 1);
        return new Page(List.copyOf(page), limit, new Keyset.Cursor(last.createdAt(), last.id()).encode());
    }

    public Detail get(UUID userId, UUID id) {
        Conversation c = repository.find(userId, id).orElseThrow(() -> ApiException.notFound("conversation not found"));
        return new Detail(c.id(), c.title(), c.createdAt(), c.updatedAt(), repository.messages(id, MESSAGES_SHOWN));
    }

    public Exchange send(UUID userId, UUID conversationId, String content) {
        return send(userId, conversationId, content, null);
    }

    /** At most this many stored messages are replayed to a resuming WebSocket subscriber. */
    public static final int MAX_REPLAY = 500;

    /** The conversation's messages stored after message {@code afterId}, in id order, at most {@link #MAX_REPLAY}; the caller checked ownership. */
    public List<Message> messagesSince(UUID conversationId, long afterId) {
        return repository.messagesAfter(conversationId, afterId, MAX_REPLAY);
    }

    /** Whether the conversation exists and is the user's (WebSocket subscriptions). */
    public boolean owns(UUID userId, UUID conversationId) {
        return repository.find(userId, conversationId).isPresent();
    }

    /**
     * Stores the user's message, streams the assistant's reply to the conversation's watchers under the id it will
     * be stored with, then stores it. When the assistant gives up, the watchers get an error event and the caller
     * a 503 {@code assistant_*} error; the user's message stays stored.
     * @param clientId the sender's correlation id, echoed in the message event (null over REST)
     */
    public Exchange send(UUID userId, UUID conversationId, String content, String clientId) {
        String text = content.strip();
        if (text.isEmpty()) throw ApiException.validation("content", "content must not be blank");
        if (text.length() > MAX_CONTENT) throw ApiException.validation("content", "content must be at most " + MAX_CONTENT + " characters");
        if (clientId != null && clientId.length() > MAX_CLIENT_ID) {
            throw ApiException.validation("clientId", "clientId must be at most " + MAX_CLIENT_ID + " characters");
        }
        Message user = repository.appendMessage(userId, conversationId, "user", text)
                .orElseThrow(() -> ApiException.notFound("conversation not found"));
        metrics.userMessage();
        events.message(conversationId, user, clientId);

        List<Turn> history = repository.messages(conversationId, HISTORY_FOR_REPLY).stream()
                .map(m -> new Turn(m.role(), m.content())).toList();
        long replyId = repository.reserveMessageId();
        String reply;
        try {
            reply = assistant.reply(userId, history, delta -> events.delta(conversationId, replyId, delta));
        } catch (AssistantException e) {
            events.error(conversationId, e.code(), e.getMessage());
            throw new ApiException(503, e.code(), e.getMessage(), null, 5);
        }
        Message answer = repository.insertReserved(conversationId, replyId, "assistant", reply);
        metrics.assistantMessage();
        events.message(conversationId, answer, null);
        events.done(conversationId, answer);
        return new Exchange(conversationId, user, answer);
    }


    static Keyset.Cursor decodeCursor(String cursor) {
        try {
            return Keyset.Cursor.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("cursor", "cursor is not one this server handed out");
        }
    }
}
