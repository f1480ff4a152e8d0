package io.modelscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.assertion.ReadmeExamples;
import io.modelscale.policy.NoMemory;
import io.modelscale.policy.Presets;
import io.modelscale.policy.model.ModelScalingPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The root README's kit example is this test, word for word, and it passes with a policy that behaves. */
class ReadmeKitExampleTest {

    private final ModelScalingPolicy<NoMemory> myPolicy = UserPoliciesTest.PER_REPLICA;

    // README example start
    @Test
    void myPolicyKeepsEveryGuarantee() {
        ControlLoopCheck.of(Presets.consolidating()).withModelPolicy("model.mine", myPolicy).assertHolds();
    }
    // README example end

    @Test
    void theReadmeShowsThisExample() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String shown = ReadmeExamples.between(readme.substring(readme.indexOf("### Check your policy keeps")),
            "```java\n", "```");
        String self = Files.readString(Path.of("src", "test", "java", "io", "modelscale", "testkit",
            "ReadmeKitExampleTest.java"));
        String tested = ReadmeExamples.between(self, "    // README example start\n", "    // README example end");
        assertThat(shown).isEqualTo(tested.lines().map(line -> line.startsWith("    ") ? line.substring(4) : line)
            .collect(Collectors.joining("\n", "", "\n")));
    }
}
