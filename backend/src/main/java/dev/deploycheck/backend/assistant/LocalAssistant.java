package dev.deploycheck.backend.assistant;

import dev.deploycheck.backend.knowledge.KnowledgeService;
import dev.deploycheck.backend.knowledge.Passage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The built-in assistant used when no OpenAI key is configured. It answers from the best-matching passages of
 * the user's knowledge base and names their documents; with nothing matching it falls back to the plain local
 * responder. Deterministic: the same question over the same documents gets the same reply, in the same parts.
 */
public final class LocalAssistant implements Assistant {
    static final int PASSAGES = 3;
    static final int WORDS_PER_DELTA = 12;

    private final KnowledgeService knowledge;
    private final UnaryOperator<String> fallback;

    /** @param fallback the reply to a message when no passage matches */
    public LocalAssistant(KnowledgeService knowledge, UnaryOperator<String> fallback) {
        this.knowledge = knowledge;
        this.fallback = fallback;
    }

    @Override
    public String provider() {
        return "local";
    }

    @Override
    public String reply(UUID userId, List<Turn> history, Consumer<String> onDelta) {
        String question = history.get(history.size() - 1).content();
        List<Passage> passages = knowledge.passages(userId, question, PASSAGES);
        String text = passages.isEmpty() ? fallback.apply(question) : answer(passages);
        for (String part : parts(text, WORDS_PER_DELTA)) onDelta.accept(part);
        return text;
    }

    static String answer(List<Passage> passages) {
        StringBuilder sb = new StringBuilder("Here is what your documents say:\n");
        Set<String> titles = new LinkedHashSet<>();
        int i = 1;
        for (Passage p : passages) {
            sb.append(i++).append(". From \"").append(p.title()).append("\": ").append(p.excerpt()).append('\n');
            titles.add("\"" + p.title() + "\"");
        }
        sb.append("Sources: ").append(String.join(", ", titles)).append(". ")
                .append("(Built-in local responder; configure OPENAI_API_KEY for written answers.)");
        return sb.toString();
    }

    /** The text cut after every {@code words}-th word; concatenated, the parts are the text again. */
    static List<String> parts(String text, int words) {
        List<String> out = new ArrayList<>();
        int count = 0;
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i)) && !Character.isWhitespace(text.charAt(i - 1)) && ++count == words) {
                out.add(text.substring(start, i));
                start = i;
                count = 0;
            }
        }
        if (start < text.length()) out.add(text.substring(start));
        return out;
    }
}
