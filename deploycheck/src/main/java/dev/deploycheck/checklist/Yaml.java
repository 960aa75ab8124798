package dev.deploycheck.checklist;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Small helpers over SnakeYAML's node API: positions and names of node types. */
public final class Yaml {
    private Yaml() {}

    /** The 1-based position of a node; inside quotes for a quoted scalar, so carets land on the text. */
    public static Pos pos(String file, Node n) {
        int col = n.getStartMark().getColumn() + 1;
        if (n instanceof ScalarNode) {
            DumperOptions.ScalarStyle s = ((ScalarNode) n).getScalarStyle();
            if (s == DumperOptions.ScalarStyle.DOUBLE_QUOTED || s == DumperOptions.ScalarStyle.SINGLE_QUOTED) {
                col++;
            }
        }
        return new Pos(file, n.getStartMark().getLine() + 1, col);
    }

    public static String describe(Node n) {
        if (n instanceof MappingNode) {
            return "mapping";
        }
        if (n instanceof SequenceNode) {
            return "list";
        }
        return "scalar";
    }
}
