package io.modelscale.simulation.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.simulation.trace.Request;
import io.modelscale.simulation.trace.RequestSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The synthetic many-model scenario's shape and traffic, against figures worked out by hand. */
class SyntheticScenarioTest {

    @Test
    void poolStartsWithOneReplicaPerModelsThatFit_andGrowsToFourTimesThat() {
        // a 64 GiB replica with 10 % overcommit holds floor(70.4 GiB / 512 MiB) = 140 models
        Scenario few = SyntheticScenario.of(3, Duration.ofHours(1), 10, 7);
        assertThat(few.models()).hasSize(3);
        assertThat(few.models().head().name().value()).isEqualTo("model-0000");
        assertThat(few.servers().head().spec().scaling().replicas()).isEqualTo(1);
        assertThat(few.servers().head().spec().scaling().maxReplicas()).isEqualTo(MaxReplicas.of(4));
        // 281 models need ceil(281 / 140) = 3 replicas, at most 12
        Scenario many = SyntheticScenario.of(281, Duration.ofHours(1), 10, 7);
        assertThat(many.servers().head().spec().scaling().replicas()).isEqualTo(3);
        assertThat(many.servers().head().spec().scaling().maxReplicas()).isEqualTo(MaxReplicas.of(12));
        assertThat(few.seed()).contains(7L);
    }

    @Test
    void trafficFollowsTheDailyCycle_fromItsLowAtMidnight() {
        // the integral of 10 (1 - 0.6 cos(2 pi t / 86400)) over the first hour:
        // 36000 - 6 x 86400 / (2 pi) x sin(2 pi / 24) = 36000 - 21355 = 14645 requests
        RequestSource source = SyntheticScenario.of(3, Duration.ofHours(1), 10, 7).traffic().apply(7);
        Request request = new Request();
        long count = 0;
        int[] perModel = new int[3];
        while (source.next(request)) {
            count++;
            perModel[request.model]++;
        }
        assertThat(count).isBetween(14_645L - 500, 14_645L + 500);
        assertThat(perModel[0]).isGreaterThan(perModel[1]).isGreaterThan(perModel[2]);
    }

    @Test
    void badArguments_areRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> SyntheticScenario.of(0, Duration.ofHours(1), 10, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> SyntheticScenario.of(1, Duration.ZERO, 10, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> SyntheticScenario.of(1, Duration.ofHours(1), 0, 1));
    }
}
