package io.modelscale.generators;

import io.modelscale.core.arbitrary.Theories;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.Model;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerReplica;
import io.vavr.collection.Seq;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The cluster generators reach the interesting shapes: each occurs in at least a healthy share (a tenth) of
 * generated clusters.
 */
class ClusterGeneratorsTest {

    private static final double HEALTHY_SHARE = 0.10;

    @Test
    void clusters_reachEveryInterestingShapeInAHealthyShare() {
        Map<String, Predicate<Cluster>> shapes = new LinkedHashMap<>();
        shapes.put("an empty server", c -> servers(c).exists(s -> !s.replicas().isEmpty()
            && s.replicas().values().forAll(ServerReplica::isEmpty)));
        shapes.put("a full replica", c -> replicas(c).exists(r -> !r.isEmpty()
            && r.freeMemoryBytes() < ClusterGenerators.UNIT));
        shapes.put("a draining replica", c -> replicas(c).exists(ServerReplica::draining));
        shapes.put("a model at its minimum", c -> specs(c).exists(s -> s.minReplicas() > 0
            && s.replicas() == s.minReplicas()));
        shapes.put("a model at its maximum", c -> specs(c).exists(s -> s.maxReplicas().isBounded()
            && s.replicas() == s.maxReplicas().bound().get()));
        shapes.put("a model with a requested server", c -> models(c).exists(m ->
            m.latest().spec().requestedServer().isDefined()));
        shapes.put("a model without autoscaling", c -> specs(c).exists(s -> !s.autoscalingEnabled()));
        shapes.put("a deleted model", c -> models(c).exists(Model::deleted));

        Map<String, Integer> hits = new LinkedHashMap<>();
        shapes.keySet().forEach(name -> hits.put(name, 0));
        int[] total = {0};
        Theories.qt().withExamples(1000).forAll(ClusterGenerators.clusters()).checkAssert(cluster -> {
            total[0]++;
            shapes.forEach((name, shape) -> {
                if (shape.test(cluster)) {
                    hits.merge(name, 1, Integer::sum);
                }
            });
        });

        assertThat(total[0]).isGreaterThan(900);
        hits.forEach((name, count) -> assertThat((double) count / total[0])
            .as("share of generated clusters with %s (%d of %d)", name, count, total[0])
            .isGreaterThanOrEqualTo(HEALTHY_SHARE));
    }

    @Test
    void populatedClusters_alwaysHaveThePlacedModelOccupyingMemory() {
        Theories.qt().forAll(ClusterGenerators.populatedClusters()).checkAssert(cluster ->
            assertThat(ClusterGenerators.placementOfPlacedModel(cluster).status().state().holdsMemory()).isTrue());
    }

    private static Seq<Server> servers(Cluster cluster) {
        return cluster.servers().values().toList();
    }

    private static Seq<ServerReplica> replicas(Cluster cluster) {
        return servers(cluster).flatMap(s -> s.replicas().values());
    }

    private static Seq<Model> models(Cluster cluster) {
        return cluster.models().values().toList();
    }

    private static Seq<ScalingSpec> specs(Cluster cluster) {
        return models(cluster).filter(m -> !m.deleted()).map(m -> m.latest().spec().scaling());
    }

    @Test
    void modelAndServerSpecs_reachEachOptionInAHealthyShare() {
        int[] models = new int[4];
        int[] servers = new int[3];
        Theories.qt().withExamples(1000).forAll(ClusterGenerators.modelSpecs(), ClusterGenerators.serverSpecs())
            .checkAssert((model, server) -> {
                models[0] += model.requirements().isEmpty() ? 0 : 1;
                models[1] += model.requestedServer().isDefined() ? 1 : 0;
                models[2] += model.requiredMemoryBytes() == 0 ? 1 : 0;
                models[3] += model.scaling().autoscalingEnabled() ? 1 : 0;
                servers[0] += server.expectedReplicas().count().isEmpty() ? 1 : 0;
                servers[1] += server.scaling().maxReplicas().isBounded() ? 0 : 1;
                servers[2] += server.scaling().replicas() == 0 ? 1 : 0;
                assertThat(model.scaling().problems()).isEmpty();
                assertThat(server.scaling().problems()).isEmpty();
            });
        for (int count : models) {
            assertThat(count / 1000.0).isGreaterThanOrEqualTo(HEALTHY_SHARE);
        }
        for (int count : servers) {
            assertThat(count / 1000.0).isGreaterThanOrEqualTo(HEALTHY_SHARE);
        }
    }
}
