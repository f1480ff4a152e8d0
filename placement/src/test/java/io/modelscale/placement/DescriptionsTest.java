package io.modelscale.placement;

import static io.modelscale.placement.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.UpdateFailure;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerSpec;
import io.modelscale.placement.packing.LowerBounds;
import io.modelscale.placement.packing.RepackFailure;
import io.modelscale.placement.rule.PlacementRequest;
import io.modelscale.placement.rule.ReplicaOrder;
import io.modelscale.placement.rule.ReplicaSorters;
import io.modelscale.placement.rule.ServerFilters;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The one-line texts placement gives a person, and the small accessors of its configuration. */
class DescriptionsTest {

    private static final ModelVersionId IRIS = ModelVersionId.of("iris", 1);
    private static final ServerName MLSERVER = ServerName.of("mlserver");

    @Test
    void placed_describesTheReplicasAndAPartialPlacement() {
        var complete = new ScheduleOutcome.Placed(IRIS, MLSERVER, List.of(ReplicaIndex.of(0), ReplicaIndex.of(2)), 2);
        var partial = new ScheduleOutcome.Placed(IRIS, MLSERVER, List.of(ReplicaIndex.of(0)), 3);
        assertThat(complete.partial()).isFalse();
        assertThat(complete.describe()).isEqualTo("placed iris:1 on mlserver replicas [0, 2]");
        assertThat(partial.partial()).isTrue();
        assertThat(partial.describe()).isEqualTo("placed iris:1 on mlserver replicas [0] (partial: 1 of 3 desired)");
    }

    @Test
    void unloaded_namesTheModel() {
        assertThat(new ScheduleOutcome.Unloaded(ModelName.of("iris")).describe())
            .isEqualTo("unloading every replica of deleted model iris");
    }

    @Test
    void scheduleResult_addsTheServerScaleUpItAsksFor() {
        var placed = new ScheduleOutcome.Placed(IRIS, MLSERVER, List.of(ReplicaIndex.of(0)), 2);
        assertThat(new ScheduleResult(Cluster.empty(), placed, Option.some(MLSERVER)).describe())
            .isEqualTo("placed iris:1 on mlserver replicas [0] (partial: 1 of 2 desired); server mlserver should scale up");
        assertThat(new ScheduleResult(Cluster.empty(), placed, Option.none()).describe())
            .isEqualTo("placed iris:1 on mlserver replicas [0] (partial: 1 of 2 desired)");
    }

    @Test
    void noMatchingServers_listsEveryRejectionOrSaysThereAreNone() {
        assertThat(new ScheduleFailure.NoMatchingServers(List.empty()).describe())
            .isEqualTo(ScheduleFailure.NoMatchingServers.MESSAGE + " (there are no servers)");
        assertThat(new ScheduleFailure.NoMatchingServers(List.of(
            new ServerRejection(MLSERVER, "ServerReplicaFilter", "server has no replicas"),
            new ServerRejection(ServerName.of("triton"), "ServerRequirementFilter", "replica 0 lacks [sklearn]")))
            .describe()).isEqualTo(ScheduleFailure.NoMatchingServers.MESSAGE
                + ": mlserver: ServerReplicaFilter: server has no replicas;"
                + " triton: ServerRequirementFilter: replica 0 lacks [sklearn]");
    }

    @Test
    void repackFailures_sayWhatWasAskedAndWhy() {
        LowerBounds bounds = new LowerBounds(2, 3, 1);
        assertThat(new RepackFailure.UnknownServer(MLSERVER).describe()).isEqualTo("server mlserver does not exist");
        assertThat(new RepackFailure.NoPackingFound(MLSERVER, 3, bounds).describe()).isEqualTo(
            "found no packing of the models of mlserver onto 3 replicas, although at least 3 replicas (largest model"
                + " 2, memory 3, large items 1) does not rule it out");
        assertThat(new RepackFailure.NoSafeOrder(MLSERVER, 2, 4).describe()).isEqualTo(
            "no make-before-break order moves the models of mlserver onto 2 replicas: 4 moves would overfill a"
                + " replica or leave a model unavailable");
    }

    @Test
    void replicaOrder_namesItsSortersInTheOrderGiven() {
        assertThat(ReplicaOrder.spreading().sorters()).isEqualTo(ReplicaSorters.spreading());
        assertThat(ReplicaOrder.spreading()).hasToString(
            "ReplicaOrder[ReplicaIndexSorter, AvailableMemorySorter, ModelAlreadyLoadedSorter]");
        assertThat(ReplicaOrder.packing().withoutIndex()).hasToString(
            "ReplicaOrder[ReplicaIndexSorter, ModelAlreadyLoadedSorter]");
    }

    @Test
    void replicaOrder_isAValue() {
        assertThat(ReplicaOrder.spreading()).isEqualTo(ReplicaOrder.spreading())
            .hasSameHashCodeAs(ReplicaOrder.spreading())
            .isNotEqualTo(ReplicaOrder.packing())
            .isNotEqualTo(ReplicaOrder.spreading().withoutIndex());
        assertThat(ReplicaOrder.spreading().withoutIndex()).isEqualTo(ReplicaOrder.spreading().withoutIndex());
        assertThat(SchedulerConfig.packing()).isEqualTo(SchedulerConfig.packing());
        assertThat(SchedulerConfig.seldonCore()).isNotEqualTo(SchedulerConfig.spreading());
    }

    @Test
    void schedulerConfig_withServerOrder_changesOnlyTheServerOrder() {
        SchedulerConfig spreading = SchedulerConfig.spreading();
        SchedulerConfig random = spreading.withServerOrder(ServerOrder.RANDOM);
        assertThat(random.serverOrder()).isEqualTo(ServerOrder.RANDOM);
        assertThat(random.serverFilters()).isEqualTo(spreading.serverFilters());
        assertThat(random.replicaOrder()).isEqualTo(spreading.replicaOrder());
        assertThat(new Scheduler(random).config()).isEqualTo(random);
    }

    @Test
    void schedule_withoutRandomness_placesWithDeterministicRules() {
        Cluster cluster = Fixture.cluster().server("server1", 200).model("model1", 1, 0, 1).build();
        ScheduleResult result = Scheduler.packing().schedule(cluster, ModelName.of("model1"), T0).get();
        assertThat(result.outcome()).isInstanceOf(ScheduleOutcome.Placed.class);
        assertThat(Scheduler.packing().schedule(cluster, ModelName.of("other"), T0).getLeft())
            .isEqualTo(new UpdateFailure.UnknownModel(ModelName.of("other")));
    }

    @Test
    void requirementsFilter_serverWithoutReplicas_saysThereIsNothingToRead() {
        Cluster cluster = Fixture.cluster().model("model1", 1, 0, 1).build()
            .withServer(ServerSpec.of(MLSERVER, ScalingSpec.fixed(0)));
        var model = cluster.model(ModelName.of("model1")).get();
        PlacementRequest request = new PlacementRequest(cluster, model, model.latest(), new SplittableRandom(3));
        for (var check : ServerFilters.CapabilityCheck.values()) {
            assertThat(ServerFilters.requirements(check).reject(request, cluster.server(MLSERVER).get()))
                .contains("server has no replica to read capabilities from");
        }
    }
}
