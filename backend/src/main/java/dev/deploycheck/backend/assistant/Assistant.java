package dev.deploycheck.backend.assistant;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** Writes the assistant's reply to a conversation: in parts as they are produced, and whole at the end. */
public interface Assistant {

    /** Short name for metrics and logs: {@code openai} or {@code local}. */
    String provider();

    /**
     * @param userId  whose knowledge base may be used as context
     * @param history the conversation so far, oldest first, ending with the user's new message
     * @param onDelta receives each part of the reply as it is produced
     * @return the whole reply
     * @throws AssistantException when no reply can be produced (the message says why, for the user)
     */
    String reply(UUID userId, List<Turn> history, Consumer<String> onDelta) throws AssistantException;
}
