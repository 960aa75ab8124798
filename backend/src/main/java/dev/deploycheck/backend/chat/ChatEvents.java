package dev.deploycheck.backend.chat;

import java.util.UUID;

/**
 * What happens in a conversation, for whoever is watching it live (the WebSocket subscribers of every
 * instance). Implementations must not throw: a failed notification never fails the request that stored the data.
 */
public interface ChatEvents {
    /** A message was stored; {@code clientId} is the sender's correlation id, or null. */
    void message(UUID conversationId, Message message, String clientId);

    /** A part of the assistant's reply that will be stored as message {@code messageId}. */
    void delta(UUID conversationId, long messageId, String delta);

    /** The assistant's reply is complete and stored. */
    void done(UUID conversationId, Message message);

    /** The assistant gave up on a reply. */
    void error(UUID conversationId, String code, String message);

    /** No live watchers (tests, tools). */
    ChatEvents NONE = new ChatEvents() {
        @Override
        public void message(UUID conversationId, Message message, String clientId) { }

        @Override
        public void delta(UUID conversationId, long messageId, String delta) { }

        @Override
        public void done(UUID conversationId, Message message) { }

        @Override
        public void error(UUID conversationId, String code, String message) { }
    };
}
