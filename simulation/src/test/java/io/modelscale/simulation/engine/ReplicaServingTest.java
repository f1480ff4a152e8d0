package io.modelscale.simulation.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.modelscale.core.model.ModelName;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-replica routing and a server replica's shared speed, on requests written by hand; every time below is worked
 * out in the comment beside it.
 */
class ReplicaServingTest {

    private static final long SECOND = 1_000_000L;
    private final EventQueue queue = new EventQueue();
    private final java.util.Map<Integer, Long> finished = new java.util.HashMap<>();
    private long now;

    private Serving serving(ServingModel model, int concurrency) {
        return new Serving(new ModelName[] {ModelName.of("a"), ModelName.of("b")}, concurrency, Duration.ofSeconds(5),
            0, 60 * SECOND, 600 * SECOND, model);
    }

    @Test
    void twoModelsOnOneServerReplica_shareItsSpeed() {
        // halfSpeedBatch 2: with two requests in service, each runs at 1 / (1 + 1/1) = half speed.
        // a needs 4 s and b 10 s, both from 0: a is done at 8 s (4 s of work at half speed); b has done 4 s by
        // then and runs its last 6 s alone at full speed, done at 14 s.
        Serving serving = serving(new ServingModel(ServingModel.Routing.LEAST_REQUEST, 2), 4);
        serving.setServingReplicas(0, List.of("srv"), new int[] {0}, 0, queue);
        serving.setServingReplicas(1, List.of("srv"), new int[] {0}, 0, queue);
        serving.arrive(0, 4 * SECOND, 0, queue);
        serving.arrive(1, 10 * SECOND, 0, queue);
        assertThat(serving.inServiceOn("srv", 0)).isEqualTo(2);
        runUntil(serving, 100);
        assertThat(finished.get(8)).isEqualTo(1L);
        assertThat(finished.get(14)).isEqualTo(1L);
        assertThat(serving.served()).isEqualTo(2);
    }

    @Test
    void withoutSlowdown_orOnSeparateReplicas_eachRunsAtFullSpeed() {
        Serving alone = serving(new ServingModel(ServingModel.Routing.LEAST_REQUEST, 0), 4);
        alone.setServingReplicas(0, List.of("srv"), new int[] {0}, 0, queue);
        alone.setServingReplicas(1, List.of("srv"), new int[] {0}, 0, queue);
        alone.arrive(0, 4 * SECOND, 0, queue);
        alone.arrive(1, 10 * SECOND, 0, queue);
        runUntil(alone, 100);
        assertThat(finished).containsEntry(4, 1L).containsEntry(10, 1L);
        assertThat(new ServingModel(ServingModel.Routing.LEAST_REQUEST, 64).speed(64)).isEqualTo(0.5);
        assertThat(new ServingModel(ServingModel.Routing.LEAST_REQUEST, 64).speed(1)).isEqualTo(1.0);
    }

    @Test
    void leastRequest_sendsTheNextRequestToTheIdleReplica() {
        Serving serving = serving(new ServingModel(ServingModel.Routing.LEAST_REQUEST, 0), 4);
        serving.setServingReplicas(0, List.of("srv", "srv"), new int[] {0, 1}, 0, queue);
        serving.arrive(0, 100 * SECOND, 0, queue);
        serving.arrive(0, 100 * SECOND, SECOND, queue);
        serving.arrive(0, 100 * SECOND, 2 * SECOND, queue);
        // 0 to replica 0 (a tie, the lowest), the next to idle replica 1, the third to 0 (tie again)
        assertThat(serving.inServiceOn("srv", 0)).isEqualTo(2);
        assertThat(serving.inServiceOn("srv", 1)).isEqualTo(1);
        assertThat(serving.mostOnOneReplica(0)).isEqualTo(2);
    }

    @Test
    void roundRobin_takesTurns_whateverTheLoad() {
        Serving serving = serving(new ServingModel(ServingModel.Routing.ROUND_ROBIN, 0), 4);
        serving.setServingReplicas(0, List.of("srv", "srv"), new int[] {0, 1}, 0, queue);
        for (int i = 0; i < 5; i++) {
            serving.arrive(0, 100 * SECOND, i * SECOND, queue);
        }
        assertThat(serving.inServiceOn("srv", 0)).isEqualTo(3);
        assertThat(serving.inServiceOn("srv", 1)).isEqualTo(2);
    }

    @Test
    void requestsQueuedOnAReplicaThatLeaves_areSentAgain_inArrivalOrder() {
        // one at a time per replica: 0 and 1 run on replicas 0 and 1, 2 and 3 queue on 0 and 1
        Serving serving = serving(new ServingModel(ServingModel.Routing.LEAST_REQUEST, 0), 1);
        serving.setServingReplicas(0, List.of("srv", "srv"), new int[] {0, 1}, 0, queue);
        for (int i = 0; i < 4; i++) {
            serving.arrive(0, 10 * SECOND, 0, queue);
        }
        assertThat(serving.mostOnOneReplica(0)).isEqualTo(2);
        // replica 1 stops serving at 2 s: its queued request goes to replica 0's queue; its running one finishes
        serving.setServingReplicas(0, List.of("srv"), new int[] {0}, 2 * SECOND, queue);
        assertThat(serving.mostOnOneReplica(0)).isEqualTo(3);
        assertThat(serving.outstanding(0)).isEqualTo(4);
        runUntil(serving, 100);
        // replica 0 serves its three one after another: done at 10, 20 and 30 s; replica 1's first at 10 s
        assertThat(finished).containsEntry(10, 2L).containsEntry(20, 1L).containsEntry(30, 1L);
    }

    @Test
    void aModelWithoutReplicas_waits_thenIsSentOutWhenOneArrives() {
        Serving serving = serving(new ServingModel(ServingModel.Routing.LEAST_REQUEST, 0), 1);
        serving.arrive(0, 10 * SECOND, 0, queue);
        serving.arrive(0, 10 * SECOND, SECOND, queue);
        assertThat(serving.outstanding(0)).isEqualTo(2);
        now = 3 * SECOND;
        serving.setServingReplicas(0, List.of("srv"), new int[] {0}, now, queue);
        // the first starts at 3 s (waited 3 s: on time), the second queues there, starts at 13 s (waited 12 s)
        runUntil(serving, 100);
        assertThat(finished).containsEntry(13, 1L).containsEntry(23, 1L);
        assertThat(serving.metSlo()).isEqualTo(1);
        serving.close(100 * SECOND);
        assertThat(serving.queuedAtEnd()).isZero();
    }

    @Test
    void aSlowdownWithoutPerReplicaRouting_isRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ServingModel(ServingModel.Routing.POOLED, 64))
            .withMessageContaining("halfSpeedBatch needs leastRequest or roundRobin");
        assertThatIllegalArgumentException().isThrownBy(() ->
            new ServingModel(ServingModel.Routing.LEAST_REQUEST, 1));
    }

    private void runUntil(Serving serving, long seconds) {
        while (queue.peek() != null && queue.peek().micros() <= seconds * SECOND) {
            EventQueue.Scheduled next = queue.poll();
            now = next.micros();
            long servedBefore = serving.served();
            if (next.event() instanceof SimEvent.SlotCompletion done) {
                serving.slotComplete(done.slot(), done.version(), now, queue);
            } else {
                SimEvent.Completion done = (SimEvent.Completion) next.event();
                serving.complete(done.model(), done.serviceMicros(), done.good(), now, queue);
            }
            if (serving.served() > servedBefore) {
                finished.merge((int) Math.round(now / (double) SECOND), 1L, Long::sum);
            }
        }
        now = seconds * SECOND;
    }
}
