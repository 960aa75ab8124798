package dev.deploycheck.probe.metrics;

import java.util.Map;

/** One line of an exposition: a series (name and labels), its value and optional timestamp in milliseconds. */
public record Sample(String name, Map<String, String> labels, double value, Long timestampMs) {
    public Sample {
        labels = Map.copyOf(labels);
    }

    public String label(String name) {
        return labels.get(name);
    }
}
