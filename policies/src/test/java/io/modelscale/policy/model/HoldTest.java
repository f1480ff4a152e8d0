package io.modelscale.policy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.policy.model.ModelScalingDecision.Hold;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A hold whose detail is written when read is the same value as one written at once. */
class HoldTest {

    private static final ModelVersionId IRIS = ModelName.of("iris").version(1);

    @Test
    void aLazyDetail_isWrittenOnlyWhenRead_andEachReadGivesTheSameText() {
        AtomicInteger written = new AtomicInteger();
        Supplier<String> detail = () -> {
            written.incrementAndGet();
            return "lag " + 3 + " per replica";
        };
        Hold hold = Hold.lazily(IRIS, HoldReason.NO_TRIGGER, detail);
        assertThat(hold.version()).isEqualTo(IRIS);
        assertThat(hold.reason()).isEqualTo(HoldReason.NO_TRIGGER);
        assertThat(written).hasValue(0);
        assertThat(hold.detail()).isEqualTo("lag 3 per replica");
        assertThat(hold.describe()).isEqualTo("hold iris:1: no lag or inactivity trigger (lag 3 per replica)");
        assertThat(written).hasValue(2);
    }

    @Test
    void lazyAndWrittenHolds_withTheSameVersionReasonAndText_areEqual_andOtherwiseNot() {
        Hold written = new Hold(IRIS, HoldReason.DEMAND_MET, "1.00/s");
        Hold lazy = Hold.lazily(IRIS, HoldReason.DEMAND_MET, () -> "1.00/s");
        assertThat(lazy).isEqualTo(written).hasSameHashCodeAs(written);
        assertThat(written).isEqualTo(lazy);
        assertThat(lazy.toString()).isEqualTo("Hold[version=iris:1, reason=DEMAND_MET, detail=1.00/s]");
        assertThat(lazy).isNotEqualTo(Hold.lazily(IRIS, HoldReason.DEMAND_MET, () -> "2.00/s"))
            .isNotEqualTo(Hold.lazily(IRIS, HoldReason.NO_TRIGGER, () -> "1.00/s"))
            .isNotEqualTo(Hold.lazily(ModelName.of("rose").version(1), HoldReason.DEMAND_MET, () -> "1.00/s"));
        assertThat(new Hold(IRIS, HoldReason.DEMAND_MET, "").describe()).isEqualTo("hold iris:1: "
            + HoldReason.DEMAND_MET.text());
    }

    @Test
    void aMissingDetail_isRefused_whenGivenOrWhenWritten() {
        assertThatNullPointerException().isThrownBy(() -> new Hold(IRIS, HoldReason.DEMAND_MET, (String) null));
        assertThatNullPointerException().isThrownBy(() -> Hold.lazily(IRIS, HoldReason.DEMAND_MET, null));
        Hold broken = Hold.lazily(IRIS, HoldReason.DEMAND_MET, () -> null);
        assertThatNullPointerException().isThrownBy(broken::detail).withMessageContaining("must not be null");
    }
}
