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

    /**
     * The period's service time is what the requests took, as an agent times them, not their work: above, a (4 s of
     * work) took 8 s and b (10 s) took 14 s, a mean of 11 s where the work's mean is 7 s. A policy sized on the
     * work would count a shared replica's requests as shorter than they are. The planted fault, the work reported,
     * says 7 s.
     */
    @Test
    void theServiceTime_isWhatTheRequestsTookOnTheSharedReplica() {
        Serving serving = serving(new ServingModel(ServingModel.Routing.LEAST_REQUEST, 2), 4);
        serving.setServingReplicas(0, List.of("srv"), new int[] {0}, 0, queue);
        serving.arrive(0, 4 * SECOND, 0, queue);
        serving.arrive(0, 10 * SECOND, 0, queue);
        runUntil(serving, 20);
        assertThat(finished).containsEntry(8, 1L).containsEntry(14, 1L);
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        assertThat(serving.signals(t0, Duration.ofSeconds(20)).of(ModelName.of("a")).meanServiceTime())
            .contains(Duration.ofSeconds(11));
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
    void theSignals_sayWhatEachReplicasAgentCounts() {
        // round robin, one at a time per replica: five requests at 0 s go 0, 1, 0, 1, 0: replica 0 has 3 outstanding
        // (1 in service, 2 queued), replica 1 has 2; b has none and reports no replica.
        Serving serving = serving(new ServingModel(ServingModel.Routing.ROUND_ROBIN, 0), 1);
        serving.setServingReplicas(0, List.of("srv", "srv"), new int[] {0, 1}, 0, queue);
        for (int i = 0; i < 5; i++) {
            serving.arrive(0, 10 * SECOND, 0, queue);
        }
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        var signals = serving.signals(t0, Duration.ofSeconds(20));
        assertThat(signals.of(ModelName.of("a")).perReplica().get().map(r -> r.replica().index().value() + ":"
            + r.outstanding() + "/" + r.fewestOutstanding())).containsExactly("0:3/0", "1:2/0");
        assertThat(signals.of(ModelName.of("b")).perReplica().get()).isEmpty();
        // a new period starts at 3 and 2; by 15 s each replica finished one (at 10 s): 2 and 1, their fewest too
        serving.newPeriod();
        runUntil(serving, 15);
        assertThat(serving.signals(t0, Duration.ofSeconds(20)).of(ModelName.of("a")).perReplica().get()
            .map(r -> r.outstanding() + "/" + r.fewestOutstanding())).containsExactly("2/2", "1/1");
        assertThat(serving(ServingModel.simple(), 1).signals(t0, Duration.ofSeconds(20)).of(ModelName.of("a"))
            .perReplica()).as("pooled routing cannot say").isEmpty();
    }

    /**
     * A replica the model leaves and later rejoins counts its fewest outstanding from the rejoin, as a new agent
     * would: round robin, one at a time; at 1 s one 100 s request goes to each replica; the model leaves replica 1 at
     * 5 s (its request runs on) and rejoins it at 30 s, where it still has that one request. In the period from 20 s
     * each replica has had 1 outstanding throughout. Planted fault caught: keeping the fewest from before it left
     * (0, at the start of the first period) reports 1/0 for replica 1.
     */
    @Test
    void aReplicaTheModelRejoins_countsItsFewestFromTheRejoin() {
        Serving serving = serving(new ServingModel(ServingModel.Routing.ROUND_ROBIN, 0), 1);
        serving.setServingReplicas(0, List.of("srv", "srv"), new int[] {0, 1}, 0, queue);
        serving.arrive(0, 100 * SECOND, SECOND, queue);
        serving.arrive(0, 100 * SECOND, SECOND, queue);
        runUntil(serving, 5);
        serving.setServingReplicas(0, List.of("srv"), new int[] {0}, now, queue);
        runUntil(serving, 20);
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        serving.signals(t0, Duration.ofSeconds(20));
        serving.newPeriod();
        runUntil(serving, 30);
        serving.setServingReplicas(0, List.of("srv", "srv"), new int[] {0, 1}, now, queue);
        runUntil(serving, 40);
        assertThat(serving.signals(t0, Duration.ofSeconds(20)).of(ModelName.of("a")).perReplica().get()
            .map(r -> r.replica().index().value() + ":" + r.outstanding() + "/" + r.fewestOutstanding()))
            .containsExactly("0:1/1", "1:1/1");
    }

    @Test
    void perSecondAverages_weighEachCountByTheTimeItHeld() {
        // one replica, one at a time: a request at 0.5 s for 2 s and one at 1 s for 1 s. Outstanding: 0 until 0.5 s,
        // 1 until 1 s, 2 until 2.5 s (the first done), 1 until 3.5 s, then 0. Per second of a 5 s period:
        // [0.5, 2, 1.5, 0.5, 0].
        Serving serving = serving(new ServingModel(ServingModel.Routing.LEAST_REQUEST, 0), 1);
        serving.trackPerSecond();
        serving.setServingReplicas(0, List.of("srv"), new int[] {0}, 0, queue);
        serving.arrive(0, 2 * SECOND, SECOND / 2, queue);
        serving.arrive(0, SECOND, SECOND, queue);
        runUntil(serving, 5);
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        var signals = serving.signals(t0, Duration.ofSeconds(5));
        assertThat(signals.of(ModelName.of("a")).outstandingPerSecond().get()).containsExactly(0.5, 2.0, 1.5, 0.5,
            0.0);
        assertThat(signals.of(ModelName.of("b")).outstandingPerSecond().get()).containsExactly(0.0, 0.0, 0.0, 0.0,
            0.0);
        // the next period starts empty: a request from 6 s to 7 s gives [0, 1, 0, 0, 0]
        serving.newPeriod();
        serving.arrive(0, SECOND, 6 * SECOND, queue);
        runUntil(serving, 10);
        assertThat(serving.signals(t0, Duration.ofSeconds(5)).of(ModelName.of("a")).outstandingPerSecond().get())
            .containsExactly(0.0, 1.0, 0.0, 0.0, 0.0);
        assertThat(serving(ServingModel.simple(), 1).signals(t0, Duration.ofSeconds(5)).of(ModelName.of("a"))
            .outstandingPerSecond()).as("not tracked unless asked").isEmpty();
    }

    /**
     * A tracked model with nothing outstanding gets the very same signals period after period (the control step then
     * knows them without comparing), until a request comes; a period of another length gives every idle model a
     * window of that length. Planted fault this catches: keeping the old window's length.
     */
    @Test
    void perSecondAverages_ofAnIdleModel_areTheSameValueUntilSomethingChanges() {
        Serving serving = serving(new ServingModel(ServingModel.Routing.LEAST_REQUEST, 0), 1);
        serving.trackPerSecond();
        serving.setServingReplicas(0, List.of("srv"), new int[] {0}, 0, queue);
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        Duration five = Duration.ofSeconds(5);
        ModelName a = ModelName.of("a");
        ModelName b = ModelName.of("b");
        runUntil(serving, 5);
        io.modelscale.policy.model.ModelSignals idle = serving.signals(t0, five).of(b);
        assertThat(idle.outstandingPerSecond().get()).containsExactly(0.0, 0.0, 0.0, 0.0, 0.0);
        serving.newPeriod();
        runUntil(serving, 10);
        assertThat(serving.signals(t0, five).of(b)).isSameAs(idle);
        // a request from 11 s to 12 s, done within the period: a's window shows it, b's is still the same value
        serving.newPeriod();
        serving.arrive(0, SECOND, 11 * SECOND, queue);
        runUntil(serving, 15);
        var busy = serving.signals(t0, five);
        assertThat(busy.of(a).outstandingPerSecond().get()).containsExactly(0.0, 1.0, 0.0, 0.0, 0.0);
        assertThat(busy.of(b)).isSameAs(idle);
        serving.newPeriod();
        runUntil(serving, 20);
        assertThat(serving.signals(t0, five).of(a).outstandingPerSecond().get())
            .containsExactly(0.0, 0.0, 0.0, 0.0, 0.0);
        // a period of four seconds: four zeros for every idle model
        serving.newPeriod();
        runUntil(serving, 24);
        var shorter = serving.signals(t0, Duration.ofSeconds(4));
        assertThat(shorter.of(a).outstandingPerSecond().get()).containsExactly(0.0, 0.0, 0.0, 0.0);
        assertThat(shorter.of(b).outstandingPerSecond().get()).containsExactly(0.0, 0.0, 0.0, 0.0);
    }

    /**
     * A model tracked per second from the second period on carries one-second means from then, although nothing
     * happened to it: its earlier signals, without them, are not handed out again. Planted fault this catches:
     * tracking one model without rebuilding the signals of the models nothing touched.
     */
    @Test
    void aModelTrackedFromTheSecondPeriod_carriesOneSecondMeansFromThen() {
        Serving serving = serving(new ServingModel(ServingModel.Routing.LEAST_REQUEST, 0), 1);
        serving.trackPerSecond(0);
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        Duration five = Duration.ofSeconds(5);
        runUntil(serving, 5);
        assertThat(serving.signals(t0, five).of(ModelName.of("b")).outstandingPerSecond()).isEmpty();
        serving.newPeriod();
        serving.trackPerSecond(1);
        runUntil(serving, 10);
        var second = serving.signals(t0, five);
        assertThat(second.of(ModelName.of("b")).outstandingPerSecond().get()).containsExactly(0.0, 0.0, 0.0, 0.0,
            0.0);
        assertThat(second.of(ModelName.of("a")).outstandingPerSecond().get()).containsExactly(0.0, 0.0, 0.0, 0.0,
            0.0);
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

    private static final ServingModel EVICTING = new ServingModel(ServingModel.Routing.LEAST_REQUEST, 0, true);

    private Serving evicting(int concurrency, String... models) {
        ModelName[] names = java.util.Arrays.stream(models).map(ModelName::of).toArray(ModelName[]::new);
        return new Serving(names, concurrency, Duration.ofSeconds(5), 0, 60 * SECOND, 600 * SECOND, EVICTING);
    }

    /** Places model {@code m} of {@code bytes} on srv/0, 10 bytes of main memory, reloading in 5 s. */
    private void place(Serving serving, int m, long bytes, long at) {
        serving.setServingReplicas(m, List.of("srv"), new int[] {0}, new long[] {10}, bytes, 5 * SECOND, at, queue);
    }

    /** a and b take 6 of srv/0's 10 bytes each, loaded at 0 s: loading b evicts a (idle). */
    private Serving aEvictedByB() {
        Serving serving = evicting(4, "a", "b");
        place(serving, 0, 6, 0);
        place(serving, 1, 6, 0);
        return serving;
    }

    @Test
    void anEvictedModelsNextRequest_waitsItsReloadTime() {
        // a and b take 6 of the replica's 10 bytes each: loading b evicts a (idle).
        Serving serving = aEvictedByB();
        assertThat(serving.evictions()).isEqualTo(1);
        // b serves at once: 0 to 2 s.
        serving.arrive(1, 2 * SECOND, 0, queue);
        runUntil(serving, 3);
        assertThat(finished).containsOnly(java.util.Map.entry(2, 1L));
        // a's request at 3 s finds it evicted: the reload evicts b (idle now) and takes 5 s, so the request starts at
        // 8 s (waited 5 s) and is done at 10 s; a second request at 4 s waits for the same reload, done at 10 s too.
        now = 3 * SECOND;
        serving.arrive(0, 2 * SECOND, now, queue);
        serving.arrive(0, 2 * SECOND, 4 * SECOND, queue);
        assertThat(serving.outstanding(0)).isEqualTo(2);
        assertThat(serving.inServiceOn("srv", 0)).isZero();
        runUntil(serving, 100);
        assertThat(finished).containsEntry(10, 2L);
        assertThat(serving.reloads()).isEqualTo(1);
        assertThat(serving.waitedForReload()).isEqualTo(2);
        assertThat(serving.evictions()).isEqualTo(2);
        serving.close(100 * SECOND);
        // waits: b 0 s; a 5 s and 4 s: the longest is 5 s, within the histograms' 1 %
        assertThat(serving.waits(0).getMaxValue()).isBetween(4_950_000L, 5_050_000L);
        assertThat(serving.waits(1).getMaxValue()).isZero();
    }

    @Test
    void theLeastRecentlyUsedIsEvicted_notTheFirstLoaded() {
        // a, b and c take 4 of 10 bytes each. a and b load at 0 s; a is used at 1 s; c loads at 2 s and needs room
        // for one: b, last used at its load, goes, not a.
        Serving serving = evicting(4, "a", "b", "c");
        place(serving, 0, 4, 0);
        place(serving, 1, 4, 0);
        serving.arrive(0, SECOND, SECOND, queue);
        runUntil(serving, 2);
        place(serving, 2, 4, 2 * SECOND);
        assertThat(serving.evictions()).isEqualTo(1);
        now = 3 * SECOND;
        serving.arrive(0, SECOND, now, queue);
        serving.arrive(1, SECOND, now, queue);
        // a starts at once (done at 4 s); b waits for its reload until 8 s (done at 9 s)
        assertThat(serving.inServiceOn("srv", 0)).isEqualTo(1);
        runUntil(serving, 100);
        assertThat(finished).containsEntry(2, 1L).containsEntry(4, 1L).containsEntry(9, 1L);
        assertThat(serving.reloads()).isEqualTo(1);
    }

    @Test
    void aModelWithRequestsInService_isNeverEvicted() {
        // b serves from 0 to 10 s; a's reload at 3 s cannot evict b (busy) and holds a beyond the 10 bytes, so b's
        // request at 4 s starts at once (done at 14 s) instead of waiting for a reload.
        Serving serving = aEvictedByB();
        serving.arrive(1, 10 * SECOND, 0, queue);
        serving.arrive(0, SECOND, 3 * SECOND, queue);
        serving.arrive(1, 10 * SECOND, 4 * SECOND, queue);
        assertThat(serving.inServiceOn("srv", 0)).isEqualTo(2);
        runUntil(serving, 100);
        // a starts after its reload at 8 s, done at 9 s; b's two at 10 s and 14 s
        assertThat(finished).containsEntry(9, 1L).containsEntry(10, 1L).containsEntry(14, 1L);
        assertThat(serving.evictions()).isEqualTo(1);
        assertThat(serving.waitedForReload()).isEqualTo(1);
    }

    @Test
    void aModelThatLeavesDuringItsReload_callsItOff_andItsRequestWaitsForTheNextReplica() {
        // a is evicted by b (6 + 6 > 10); a's request at 1 s starts a reload due at 6 s; at 2 s a leaves srv/0, so
        // the reload is called off (its event at 6 s changes nothing) and the request waits for a replica; at 8 s a
        // is placed again (loaded: in memory at once), so the request starts then, done at 9 s.
        Serving serving = aEvictedByB();
        serving.arrive(0, SECOND, SECOND, queue);
        serving.setServingReplicas(0, List.of(), new int[0], new long[0], 6, 5 * SECOND, 2 * SECOND, queue);
        runUntil(serving, 7);
        assertThat(serving.reloads()).as("the called-off reload is not counted").isZero();
        assertThat(serving.outstanding(0)).isEqualTo(1);
        place(serving, 0, 6, 8 * SECOND);
        assertThat(serving.inServiceOn("srv", 0)).isEqualTo(1);
        runUntil(serving, 100);
        assertThat(finished).containsOnly(java.util.Map.entry(9, 1L));
        assertThat(serving.waitedForReload()).isZero();
    }

    @Test
    void aServerReplicaListedTwiceForOneModel_isOneReplicaOfIt() {
        // two versions of a model may both serve on srv/0 for a while: it is still one replica there
        Serving serving = serving(new ServingModel(ServingModel.Routing.LEAST_REQUEST, 0), 1);
        serving.setServingReplicas(0, List.of("srv", "srv"), new int[] {0, 0}, 0, queue);
        serving.arrive(0, 10 * SECOND, 0, queue);
        serving.arrive(0, 10 * SECOND, 0, queue);
        assertThat(serving.servingReplicas(0)).isEqualTo(1);
        assertThat(serving.mostOnOneReplica(0)).isEqualTo(2);
        var signals = serving.signals(java.time.Instant.EPOCH, Duration.ofSeconds(20));
        assertThat(signals.of(ModelName.of("a")).perReplica().get()).hasSize(1);
    }

    @Test
    void withoutEviction_overcommitIsFree_andNothingWaitsForAReload() {
        Serving serving = new Serving(new ModelName[] {ModelName.of("a"), ModelName.of("b")}, 4,
            Duration.ofSeconds(5), 0, 60 * SECOND, 600 * SECOND, new ServingModel(ServingModel.Routing.LEAST_REQUEST, 0));
        place(serving, 0, 6, 0);
        place(serving, 1, 6, 0);
        serving.arrive(1, 2 * SECOND, 0, queue);
        runUntil(serving, 3);
        serving.arrive(0, 2 * SECOND, 3 * SECOND, queue);
        runUntil(serving, 100);
        assertThat(finished).containsEntry(2, 1L).containsEntry(5, 1L);
        assertThat(serving.evictions()).isZero();
        assertThat(serving.evicting()).isFalse();
    }

    @Test
    void aSlowdownWithoutPerReplicaRouting_isRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ServingModel(ServingModel.Routing.POOLED, 0, true))
            .withMessageContaining("eviction needs leastRequest or roundRobin");
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
                serving.slotComplete(done.slot(), done.at(), now, queue);
            } else if (next.event() instanceof SimEvent.Reloaded reloaded) {
                serving.reloaded(reloaded.slot(), reloaded.model(), reloaded.ready(), now, queue);
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
