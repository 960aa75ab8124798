package dev.deploycheck.run;

import dev.deploycheck.checklist.Capture;
import dev.deploycheck.checklist.Item;
import dev.deploycheck.checklist.Redactor;
import dev.deploycheck.checklist.Variables;
import dev.deploycheck.expect.Expectation;
import dev.deploycheck.expect.Outcome;
import dev.deploycheck.probe.Observation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Judges an observation: built-in checks, then the item's expectations, then captures for later items. */
final class Evaluation {
    interface ResultFactory {
        ItemResult make(Item item, Verdict verdict, String message, Observation obs, List<Outcome> outcomes,
                Map<String, String> captures, Instant started, int attempts);
    }

    private Evaluation() {}

    static ItemResult evaluate(Item item, Observation obs, Variables variables, Redactor redactor, Instant started,
            int attempt, ResultFactory factory) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Expectation e : item.expect()) {
            try {
                outcomes.add(e.bind(variables::resolve).evaluate(obs, redactor::mask));
            } catch (Variables.UndefinedException x) {
                outcomes.add(new Outcome(e.text(), false, e.text() + ": " + x.getMessage()));
            }
        }
        String failure = null;
        for (Observation.Check c : obs.checks()) {
            if (!c.passed() && failure == null) {
                failure = c.name() + ": " + c.detail();
            }
        }
        for (Outcome o : outcomes) {
            if (!o.passed() && failure == null) {
                failure = o.message();
            }
        }
        Map<String, String> captured = new LinkedHashMap<>();
        if (failure == null) {
            for (Capture c : item.capture().values()) {
                String unavailable = obs.unavailable(c.path().rootFact());
                if (unavailable != null) {
                    failure = "capture '" + c.name() + "': " + c.path().text() + ": " + unavailable;
                    break;
                }
                Optional<Object> v = c.path().resolve(obs);
                if (v.isEmpty() || v.get() == null) {
                    failure = "capture '" + c.name() + "': " + c.path().text() + " is missing";
                    break;
                }
                String s = text(v.get());
                if (c.secret()) {
                    redactor.add(s);
                }
                variables.capture(item.id(), c.name(), s);
                captured.put(c.name(), s);
            }
        }
        if (failure != null) {
            return factory.make(item, Runner.failVerdict(item), failure, obs, outcomes, captured, started, attempt);
        }
        String message = outcomes.isEmpty() ? obs.checks().isEmpty() ? "ok" : summary(obs)
                : outcomes.stream().map(Outcome::message).reduce((a, b) -> a + "; " + b).orElse("ok");
        return factory.make(item, Verdict.PASS, message, obs, outcomes, captured, started, attempt);
    }

    private static String summary(Observation obs) {
        return obs.checks().stream().map(c -> c.name() + ": " + c.detail()).reduce((a, b) -> a + "; " + b).orElse("ok");
    }

    private static String text(Object v) {
        if (v instanceof com.fasterxml.jackson.databind.JsonNode) {
            com.fasterxml.jackson.databind.JsonNode j = (com.fasterxml.jackson.databind.JsonNode) v;
            return j.isValueNode() ? j.asText() : j.toString();
        }
        return String.valueOf(v);
    }
}
