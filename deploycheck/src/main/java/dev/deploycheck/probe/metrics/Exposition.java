package dev.deploycheck.probe.metrics;

import java.util.List;
import java.util.Map;

/**
 * A parsed scrape: every sample in order, and each family's {@code # TYPE} and {@code # HELP}.
 * A family's samples include its histogram/summary children ({@code _bucket}, {@code _sum}, {@code _count}).
 */
public record Exposition(List<Sample> samples, Map<String, String> types, Map<String, String> help) {
    public Exposition {
        samples = List.copyOf(samples);
        types = Map.copyOf(types);
        help = Map.copyOf(help);
    }

    /** The declared type of the family a sample name belongs to ({@code untyped} when undeclared). */
    public String typeOf(String sampleName) {
        String t = types.get(sampleName);
        if (t != null) {
            return t;
        }
        for (String suffix : List.of("_bucket", "_sum", "_count", "_created", "_total", "_gsum", "_gcount")) {
            if (sampleName.endsWith(suffix)) {
                String family = types.get(sampleName.substring(0, sampleName.length() - suffix.length()));
                if (family != null) {
                    return family;
                }
            }
        }
        return "untyped";
    }

    public List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }
}
