package io.modelscale.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelscale.core.Problem;
import io.modelscale.core.assertion.ReadmeExamples;
import io.modelscale.policy.NoMemory;
import io.modelscale.policy.PolicyRegistry;
import io.modelscale.policy.Preset;
import io.modelscale.policy.model.ModelScaleReason;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelScalingPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The root README's "Your own policy" registration is this test's code, word for word: it compiles, registers the
 * policy, and gives a preset of its own name that the registry takes.
 */
class ReadmeOwnPolicyExampleTest {

    private final ModelScalingPolicy<NoMemory> myPolicy = ModelScalingPolicy.stateless(o -> o.own().queued() > 0
        ? ModelScalingDecision.scale(o, o.scaling().replicas() + 1, new ModelScaleReason.Other("queue"))
        : ModelScalingDecision.hold(o, ModelScalingDecision.HoldReason.OTHER, "no queue"));

    private Preset example() {
        // README example start
        PolicyRegistry registry = PolicyRegistry.standard().withModelPolicy("model.queueWatcher", () -> myPolicy)
            .getOrElseThrow(Problem::toException);
        Preset preset = registry.preset("seldonCore").getOrElseThrow(Problem::toException)
            .withModelPolicy(registry.modelPolicy("model.queueWatcher").getOrElseThrow(Problem::toException))
            .named("seldonCore.queueWatcher");
        // README example end
        assertThat(registry.withPreset(preset).isRight()).isTrue();
        return preset;
    }

    @Test
    void theExampleRegistersThePolicyAndNamesTheNewPreset() {
        Preset preset = example();
        assertThat(preset.name()).isEqualTo("seldonCore.queueWatcher");
        assertThat(preset.models().name()).isEqualTo("model.queueWatcher");
        assertThat(preset.models().policy()).isSameAs(myPolicy);
    }

    @Test
    void aProblemBecomesAnExceptionWithItsWords() {
        assertThatThrownBy(() -> PolicyRegistry.standard().preset("nope").getOrElseThrow(Problem::toException))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope")
            .hasMessageContaining("seldonCore");
    }

    @Test
    void theReadmeShowsThisExample() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String shown = ReadmeExamples.between(readme.substring(readme.indexOf("### Your own policy")), "```java\n",
            "```");
        String self = Files.readString(Path.of("src", "test", "java", "io", "modelscale", "control",
            "ReadmeOwnPolicyExampleTest.java"));
        String tested = ReadmeExamples.between(self, "        // README example start\n",
            "        // README example end");
        assertThat(shown).isEqualTo(tested.lines().map(line -> line.startsWith("        ") ? line.substring(8) : line)
            .collect(Collectors.joining("\n", "", "\n")));
    }
}
