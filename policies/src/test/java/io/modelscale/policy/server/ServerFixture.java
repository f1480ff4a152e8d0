package io.modelscale.policy.server;

import io.modelscale.core.arbitrary.Transitions;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ExpectedReplicas;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerSpec;
import io.modelscale.policy.model.Signals;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.SplittableRandom;

/** A server {@code s} whose replicas hold models Available where a test puts them. */
final class ServerFixture {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final ServerName S = ServerName.of("s");

    private ServerFixture() {
    }

    static Cluster server(int replicas, long capacity, int min, int max, Integer expected) {
        Cluster cluster = Cluster.empty().withServer(new ServerSpec(S, new ScalingSpec(replicas, min,
            max > 0 ? MaxReplicas.of(max) : MaxReplicas.unbounded()), true,
            expected == null ? ExpectedReplicas.unknown() : ExpectedReplicas.of(expected)));
        for (int i = 0; i < replicas; i++) {
            cluster = cluster.connectReplica(S, ServerReplica.empty(ReplicaIndex.of(i), List.empty(),
                new ReplicaMemory(capacity, 0))).get();
        }
        return cluster;
    }

    /** Server {@code s} of {@code cluster} observed at {@code now} on {@code trigger}, never scaled by the loop. */
    static ServerObservation observe(Cluster cluster, ServerTrigger trigger, Instant now) {
        return new ServerObservation(now, trigger, cluster.server(S).get(), cluster, Signals.none(), Option.none(),
            new SplittableRandom(7));
    }

    /** The decision of {@code policy}, from its initial memory, after {@code check}. */
    static <M> ServerScalingDecision decide(ServerScalingPolicy<M> policy, ScaleDownCheck check, Cluster cluster,
                                            ServerTrigger trigger, Instant now) {
        return check.apply(policy.decide(policy.initialMemory(), observe(cluster, trigger, now)).decision(), cluster,
            now);
    }

    /** Model {@code name} wanting {@code replicas}, Available on {@code indexes} of {@code s}. */
    static Cluster model(Cluster cluster, String name, int replicas, long memory, int... indexes) {
        ModelSpec spec = ModelSpec.builder().name(ModelName.of(name)).memory(MemoryQuantity.ofBytes(memory))
            .scaling(ScalingSpec.fixed(replicas)).build();
        return Transitions.place(cluster.deployModel(spec, T0), spec.name().version(1), S,
            ModelReplicaState.AVAILABLE, T0, indexes);
    }
}
