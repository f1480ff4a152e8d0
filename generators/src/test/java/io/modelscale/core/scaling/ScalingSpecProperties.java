package io.modelscale.core.scaling;

import static io.modelscale.core.arbitrary.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.generators.CoreGenerators;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

class ScalingSpecProperties {

    @Test
    void validationNeverAcceptsReplicasOutsideMinAndMax() {
        qt().forAll(CoreGenerators.scalingFields(), CoreGenerators.scalingFields(), CoreGenerators.scalingFields())
            .checkAssert((replicas, min, max) -> ScalingSpec.validate(replicas, min, max).forEach(spec -> {
                assertThat(spec.replicas()).isGreaterThanOrEqualTo(spec.minReplicas());
                assertThat(spec.maxReplicas().admits(spec.replicas())).isTrue();
                assertThat(spec.maxReplicas().admits(spec.minReplicas())).isTrue();
                assertThat(spec.problems()).isEmpty();
            }));
    }

    @Test
    void validationKeepsEveryGivenNonNegativeCount() {
        qt().forAll(CoreGenerators.scalingFields(), CoreGenerators.scalingFields(), CoreGenerators.scalingFields())
            .checkAssert((replicas, min, max) -> ScalingSpec.validate(replicas, min, max).forEach(spec -> {
                replicas.forEach(r -> assertThat(spec.replicas()).isEqualTo(r));
                min.forEach(m -> assertThat(spec.minReplicas()).isEqualTo(m));
                max.filter(m -> m > 0).forEach(m -> assertThat(spec.maxReplicas()).isEqualTo(MaxReplicas.of(m)));
            }));
    }

    @Test
    void validationRejectsEveryNegativeCount() {
        qt().forAll(CoreGenerators.scalingFields(), CoreGenerators.scalingFields(), CoreGenerators.scalingFields())
            .checkAssert((replicas, min, max) -> {
                boolean negative = replicas.exists(v -> v < 0) || min.exists(v -> v < 0) || max.exists(v -> v < 0);
                if (negative) {
                    assertThat(ScalingSpec.validate(replicas, min, max).isInvalid()).isTrue();
                }
            });
    }

    @Test
    void generatedSpecsAreValidAndRevalidateToThemselves() {
        qt().forAll(CoreGenerators.scalingSpecs()).checkAssert(spec -> {
            assertThat(spec.problems()).isEmpty();
            Option<Integer> max = spec.maxReplicas().bound();
            assertThat(ScalingSpec.validate(Option.some(spec.replicas()), Option.some(spec.minReplicas()), max).get())
                .isEqualTo(spec);
        });
    }
}
