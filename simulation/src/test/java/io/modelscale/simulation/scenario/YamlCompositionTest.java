package io.modelscale.simulation.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.simulation.engine.Scenario;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/**
 * Scenario files are YAML as YAML defines it: anchors, aliases and merge keys work; a key given twice, a bomb of
 * aliases and a document nested too deep are refused with their line.
 */
class YamlCompositionTest {

    /** Anchors live within one document (YAML scopes them so), here a v1 List of three Models. */
    private static final String SCALING = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: mlops.seldon.io/v1alpha1
          kind: Model
          metadata:
            name: iris
          spec: &common
            memory: 1Gi
            requirements: [sklearn]
            minReplicas: 1
            maxReplicas: 4
        - apiVersion: mlops.seldon.io/v1alpha1
          kind: Model
          metadata:
            name: income
          spec: *common
        - apiVersion: mlops.seldon.io/v1alpha1
          kind: Model
          metadata:
            name: wine
          spec:
            <<: *common
            memory: 2Gi
        """;

    /** An alias gives the anchored mapping; a merge key gives its entries, the mapping's own keys winning. */
    @Test
    void anchorsAliasesAndMergeKeys_workAsYamlDefinesThem() {
        Scenario scenario = ScenarioFile.read("anchors.yaml", new StringReader(SCALING), null).get();
        assertThat(scenario.models().map(m -> m.name().value())).containsExactly("iris", "income", "wine");
        assertThat(scenario.models().map(m -> m.memory().bytes())).containsExactly(1L << 30, 1L << 30, 2L << 30);
        assertThat(scenario.models().map(m -> m.scaling().maxReplicas().bound().get())).containsExactly(4, 4, 4);
        assertThat(scenario.models().last().requirements()).containsExactly("sklearn");
    }

    /** An alias to an anchor of another document is not YAML: anchors do not cross documents. */
    @Test
    void anAliasToAnotherDocument_isRefused() {
        var loaded = ScenarioFile.read("cross.yaml", new StringReader("a: &x 1\n---\nb: *x\n"), null);
        assertThat(loaded.getError().head().describe()).isEqualTo("cross.yaml:3: not valid YAML: found undefined"
            + " alias x");
    }

    @Test
    void aKeyGivenTwice_isRefusedNamingBothLines() {
        String yaml = "apiVersion: mlops.seldon.io/v1alpha1\nkind: Model\nmetadata:\n  name: iris\nspec:\n"
            + "  memory: 1Gi\n  memory: 2Gi\n";
        var loaded = ScenarioFile.read("twice.yaml", new StringReader(yaml), null);
        assertThat(loaded.getError().map(p -> p.describe())).containsExactly("twice.yaml:7: 'memory' is given twice"
            + " in one mapping (first at line 6): expected each key once");
    }

    /**
     * Nine levels of thirteen aliases each would expand to ten billion items; past 100 aliases it is refused. Fewer
     * aliases are read as shared values, never expanded.
     */
    @Test
    void aBillionLaughs_isRefused() {
        StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char previous = (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 13; i++) {
                yaml.append(i == 0 ? "" : ",").append('*').append(previous);
            }
            yaml.append("]\n");
        }
        var loaded = ScenarioFile.read("bomb.yaml", new StringReader(yaml.toString()), null);
        assertThat(loaded.getError().head().describe()).startsWith("bomb.yaml:").contains("not valid YAML")
            .contains("aliases");
        String few = yaml.toString().lines().limit(8).collect(java.util.stream.Collectors.joining("\n")) + "\n";
        var shared = ScenarioFile.read("few.yaml", new StringReader(few), null);
        assertThat(shared.getError().head().describe()).isEqualTo("few.yaml:1: document kind: kind is required");
    }

    @Test
    void aDocumentNestedTooDeep_isRefused() {
        String yaml = "a: " + "[".repeat(200) + "]".repeat(200) + "\n";
        var loaded = ScenarioFile.read("deep.yaml", new StringReader(yaml), null);
        assertThat(loaded.getError().head().describe()).isEqualTo("deep.yaml:1: not valid YAML: the document nests"
            + " deeper than 64 levels: expected at most 64");
        // one level a line: the value at the 65th level down starts on line 66, and the error says so
        StringBuilder tall = new StringBuilder();
        for (int level = 0; level < 70; level++) {
            tall.append("  ".repeat(level)).append('k').append(level).append(":\n");
        }
        var deep = ScenarioFile.read("tall.yaml", new StringReader(tall.toString()), null);
        assertThat(deep.getError().head().describe()).startsWith("tall.yaml:66: not valid YAML: the document nests"
            + " deeper than 64 levels");
    }

    /** A tab where YAML wants spaces is named on its own line, with the whole reason. */
    @Test
    void aTab_isNamedOnItsLine() {
        String yaml = "apiVersion: mlops.seldon.io/v1alpha1\nkind: Model\nmetadata:\n  name: iris\nspec:\n"
            + "\tmemory: 1Gi\n";
        var loaded = ScenarioFile.read("tab.yaml", new StringReader(yaml), null);
        assertThat(loaded.getError().head().describe()).startsWith("tab.yaml:6: ").contains("not valid YAML")
            .contains("\\t");
    }

    /**
     * A mapping keeps its keys in file order and finds each, also in a mapping of more keys than are looked up by a
     * walk; an explicit null is present but gives nothing; merged keys come after the mapping's own, the first merged
     * mapping winning. Oracle: the keys as written.
     */
    @Test
    void aMappingKeepsItsKeysInOrderAndFindsEach_smallOrLarge() {
        StringBuilder yaml = new StringBuilder("base: &b {x: 1, y: 2}\nother: &o {y: 3, z: 4}\nbig:\n");
        for (int i = 40; i > 0; i--) {
            yaml.append("  key").append(i).append(": ").append(i == 7 ? "~" : "v" + i).append('\n');
        }
        yaml.append("merged:\n  <<: [*b, *o]\n  x: own\n");
        YamlNode.Mapping root = (YamlNode.Mapping) YamlNode.documents(new StringReader(yaml.toString())).get().head();
        YamlNode.Mapping big = (YamlNode.Mapping) root.get("big").get();
        assertThat(big.size()).isEqualTo(40);
        assertThat(big.fields().map(f -> f._1).head()).isEqualTo("key40");
        assertThat(big.fields().map(f -> f._1).last()).isEqualTo("key1");
        for (int i = 1; i <= 40; i++) {
            assertThat(big.containsKey("key" + i)).isTrue();
            if (i != 7) {
                assertThat(((YamlNode.Scalar) big.get("key" + i).get()).text()).isEqualTo("v" + i);
            }
        }
        assertThat(big.get("key7")).isEmpty();
        assertThat(big.get("key41")).isEmpty();
        assertThat(big.containsKey("key41")).isFalse();
        YamlNode.Mapping merged = (YamlNode.Mapping) root.get("merged").get();
        assertThat(merged.fields().map(f -> f._1)).containsExactly("x", "y", "z");
        assertThat(merged.fields().map(f -> ((YamlNode.Scalar) f._2).text())).containsExactly("own", "2", "4");
        assertThat(merged.entries().keySet()).containsExactly("x", "y", "z");
        assertThat(merged.line()).isEqualTo(45);
    }
}
