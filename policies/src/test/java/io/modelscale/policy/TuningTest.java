package io.modelscale.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.control.Option;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TuningTest {

    @Test
    void untuned_keepsThePresetsNameAndPolicies() {
        Preset tuned = Presets.tuned("consolidating", Tuning.none()).get();
        Preset shipped = Presets.consolidating();
        assertThat(tuned.name()).isEqualTo("consolidating");
        assertThat(tuned.describe()).isEqualTo(shipped.describe());
    }

    @Test
    void aTunedPreset_isNamedAfterItsSettings() {
        Tuning tuning = new Tuning(Option.some(10L), Option.none(), Option.some(Duration.ofMinutes(2)), Option.none());
        assertThat(Presets.tuned("consolidating", tuning).get().name())
            .isEqualTo("consolidating[lagThreshold=10,consolidationWindow=PT2M]");
        assertThat(Presets.tuned("seldonCore", new Tuning(Option.none(), Option.none(), Option.none(),
            Option.some(50.0))).get().name()).isEqualTo("seldonCore[packingPercentage=50.0]");
    }

    @Test
    void aSettingThatDoesNotApply_orAValueOutOfRange_isAProblem() {
        Tuning window = new Tuning(Option.none(), Option.none(), Option.some(Duration.ofMinutes(1)), Option.none());
        assertThat(Presets.tuned("documented", window).getLeft().describe())
            .isEqualTo("consolidationWindow: consolidationWindow does not apply to preset documented: expected one of"
                + " lagThreshold");
        Tuning zero = new Tuning(Option.some(0L), Option.none(), Option.none(), Option.none());
        assertThat(Presets.tuned("documented", zero).getLeft().message()).contains("lag");
        Tuning over = new Tuning(Option.none(), Option.some(1.5), Option.none(), Option.none());
        assertThat(Presets.tuned("consolidating", over).getLeft().message()).contains("targetUtilization");
        Tuning percent = new Tuning(Option.none(), Option.none(), Option.none(), Option.some(101.0));
        assertThat(Presets.tuned("seldonCore", percent).getLeft().message()).contains("between 0 and 100");
        assertThat(Presets.tuned("fastest", Tuning.none()).isLeft()).isTrue();
    }
}
