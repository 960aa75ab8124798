package dev.deploycheck.probe.browser;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.checklist.Pos;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One step of a browser item, written as a one-key mapping: {@code open: URL}, {@code fill: {SELECTOR: TEXT}},
 * {@code click: SELECTOR}, {@code waitFor: SELECTOR}, {@code waitForText: TEXT} (optionally {@code in: SELECTOR}),
 * {@code waitForGone: SELECTOR}, {@code upload: {into: SELECTOR, name: FILE, content: TEXT}},
 * {@code screenshot: NAME}. Each knows where it is written, for errors and for the report.
 */
record Step(Action action, String target, Map<String, String> values, String in, Pos pos) {
    enum Action {
        OPEN("open"), FILL("fill"), CLICK("click"), WAIT_FOR("waitFor"), WAIT_FOR_TEXT("waitForText"),
        WAIT_FOR_GONE("waitForGone"), UPLOAD("upload"), SCREENSHOT("screenshot");

        final String key;

        Action(String key) {
            this.key = key;
        }
    }

    static final Set<String> KEYS = Set.of("open", "fill", "click", "waitFor", "waitForText", "waitForGone", "upload",
            "screenshot", "in");
    /** The name the browser shows for the chosen file: a plain name, never a path. */
    private static final java.util.regex.Pattern FILE_NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");
    private static final Set<String> UPLOAD_KEYS = Set.of("into", "name", "content");

    static List<Step> read(Params params) {
        List<Step> out = new ArrayList<>();
        for (Params p : params.list("steps", KEYS)) {
            List<Action> actions = new ArrayList<>();
            for (Action a : Action.values()) {
                if (p.has(a.key)) {
                    actions.add(a);
                }
            }
            if (actions.size() != 1) {
                p.problems().add(p.owner(), actions.isEmpty()
                        ? "a step needs one action: open, fill, click, waitFor, waitForText, waitForGone, upload or screenshot"
                        : "a step has one action, found " + actions.stream().map(a -> a.key).toList(), null, 1);
                continue;
            }
            Action a = actions.get(0);
            if (p.has("in") && a != Action.WAIT_FOR_TEXT) {
                p.error("in", "'in' goes with waitForText");
            }
            switch (a) {
                case FILL:
                    out.add(new Step(a, null, p.stringMap("fill"), null, p.keyPos("fill")));
                    break;
                case UPLOAD: {
                    Params u = p.child("upload", UPLOAD_KEYS);
                    String name = u.string("name", "deploycheck-probe.md");
                    if (!FILE_NAME.matcher(name).matches()) {
                        u.error("name", "a file name (letters, digits, '.', '-', '_'; at most 100), found '" + name + "'");
                    }
                    out.add(new Step(a, u.string("into"), Map.of("name", name, "content", u.string("content", "")),
                            null, p.keyPos("upload")));
                    break;
                }
                default:
                    out.add(new Step(a, p.string(a.key), Map.of(), p.optString("in").orElse(null), p.keyPos(a.key)));
            }
        }
        return out;
    }

    /** How the step reads in evidence: {@code click "#send"}. */
    String describe() {
        switch (action) {
            case FILL: return "fill " + values.keySet();
            case UPLOAD: return "upload " + values.get("name") + " into \"" + target + "\"";
            case WAIT_FOR_TEXT: return "waitForText \"" + target + "\"" + (in == null ? "" : " in \"" + in + "\"");
            default: return action.key + " " + (action == Action.OPEN ? target : "\"" + target + "\"");
        }
    }
}
