package dev.deploycheck.backend.chat;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The built-in assistant used when no OpenAI key is configured: deterministic, instant, and honest about
 * being a stand-in. The same message always gets the same reply, which keeps tests and probes stable.
 */
public final class LocalResponder {

    public String reply(List<Message> history) {
        Message last = history.get(history.size() - 1);
        String text = last.content().strip();
        long words = Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).count();
        String lower = text.toLowerCase(Locale.ROOT);
        String lead;
        if (lower.matches("^(hi|hello|hey)\\b.*")) {
            lead = "Hello! ";
        } else if (text.endsWith("?")) {
            lead = "Good question. ";
        } else {
            lead = "";
        }
        String echo = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return lead + "You wrote " + words + (words == 1 ? " word" : " words") + ": \"" + echo + "\". "
                + "(This reply comes from the built-in local responder; configure OPENAI_API_KEY for real answers.)";
    }
}
