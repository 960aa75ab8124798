package dev.deploycheck.backend.chat.ws;

import dev.deploycheck.backend.chat.ChatEvents;
import dev.deploycheck.backend.chat.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/** Turns conversation events into protocol frames and publishes them to every instance through {@link ChatFanout}. */
public final class ChatBroadcaster implements ChatEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ChatBroadcaster.class);

    private final Frames frames;
    private final ChatFanout fanout;

    public ChatBroadcaster(Frames frames, ChatFanout fanout) {
        this.frames = frames;
        this.fanout = fanout;
    }

    @Override
    public void message(UUID conversationId, Message message, String clientId) {
        publish(conversationId, () -> frames.message(conversationId, message, clientId));
    }

    @Override
    public void delta(UUID conversationId, long messageId, String delta) {
        publish(conversationId, () -> frames.delta(conversationId, messageId, delta));
    }

    @Override
    public void done(UUID conversationId, Message message) {
        publish(conversationId, () -> frames.done(conversationId, message));
    }

    @Override
    public void error(UUID conversationId, String code, String message) {
        publish(conversationId, () -> frames.error(code, message, conversationId, null));
    }

    private void publish(UUID conversationId, java.util.function.Supplier<String> frame) {
        try {
            fanout.publish(conversationId, frame.get());
        } catch (RuntimeException e) {
            LOG.warn("could not publish a chat event for {}: {}", conversationId, e.toString());
        }
    }
}
