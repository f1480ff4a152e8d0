package io.modelscale.generators;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.Placement;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ExpectedReplicas;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.core.server.ServerSpec;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.time.Instant;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * Generators of whole {@link Cluster} snapshots that satisfy every invariant by construction.
 *
 * <p>A cluster is built the way a control plane builds one: servers are declared and their replicas connect, models
 * are deployed, each model's replicas are placed on eligible replicas with enough free memory through
 * {@link Cluster#updateLoadedModels}, and each placed replica advances through the agent's states with
 * {@link Cluster#updateModelState}. Some replicas are then drained and some models deleted. The shapes reach empty
 * servers, full replicas, draining replicas, models at their minimum and at their maximum, and models with a
 * requested server, each in a healthy share of draws ({@code ClusterGeneratorsTest} shows it).
 *
 * <p>Memory comes in units of {@link #UNIT} bytes: replicas hold 2 to 6 units plus 0, 10 or 25 % overcommit, and
 * models need 0 to 3 units.
 */
public final class ClusterGenerators {

    /** The clock's start in every generated cluster; each operation moves it on by 1 to 30 seconds. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** The memory unit, in bytes. */
    public static final long UNIT = 100;

    private static final List<List<String>> CAPABILITIES = List.of(
        List.of("sklearn"), List.of("sklearn", "alibi-explain"), List.of("tensorflow"), List.of("sklearn", "tensorflow"));
    private static final List<Integer> OVERCOMMIT = List.of(0, 0, 10, 25);

    private ClusterGenerators() {
    }

    /** Clusters of 1 to 3 servers with 0 to 4 replicas each, and 0 to 6 models. */
    public static Gen<Cluster> clusters() {
        return in -> new Draw(in, false).cluster();
    }

    /**
     * Clusters as {@link #clusters()} that also have a model {@code model-0} needing memory with a replica Available
     * (or Draining) on {@code server-0}: the material for injecting each kind of invariant violation.
     */
    public static Gen<Cluster> populatedClusters() {
        return in -> new Draw(in, true).cluster();
    }

    /**
     * Model specs as {@link #clusters()} deploys them: {@code model-0} to {@code model-5} needing 0 to 3 memory units,
     * with requirements, a requested server ({@code server-0} to {@code server-2}) or an explainer some of the time,
     * and a scaling spec from {@link CoreGenerators#scalingSpecs()}.
     */
    public static Gen<ModelSpec> modelSpecs() {
        return in -> {
            Draw draw = new Draw(in, false);
            return draw.modelSpec(draw.between(0, 5), 3, false);
        };
    }

    /**
     * Server specs as {@link #clusters()} declares them: {@code server-0} to {@code server-2} expecting 0 to 4
     * replicas (or an unknown count), a minimum of 0 to 2 and a maximum bounded or not.
     */
    public static Gen<ServerSpec> serverSpecs() {
        return in -> {
            Draw draw = new Draw(in, false);
            return draw.serverSpec(draw.between(0, 2));
        };
    }

    /** The name of the model every populated cluster has placed. */
    public static ModelName placedModel() {
        return ModelName.of("model-0");
    }

    /** Where {@link #placedModel()}'s latest version occupies memory in a populated cluster. */
    public static Placement placementOfPlacedModel(Cluster cluster) {
        return cluster.placements()
            .filter(p -> p.version().model().equals(placedModel()) && p.status().state().holdsMemory())
            .head();
    }

    private static final class Draw {
        private final RandomnessSource in;
        private final boolean populated;
        private Instant now = START;
        private Cluster cluster = Cluster.empty();

        Draw(RandomnessSource in, boolean populated) {
            this.in = in;
            this.populated = populated;
        }

        Cluster cluster() {
            int servers = between(1, 3);
            for (int s = 0; s < servers; s++) {
                addServer(s);
            }
            int models = between(populated ? 1 : 0, 6);
            for (int m = 0; m < models; m++) {
                addModel(m, servers);
            }
            for (ModelName name : cluster.models().keySet()) {
                place(name, populated && name.equals(placedModel()));
            }
            Seq<ServerReplicaId> replicas = cluster.servers().values().toList().flatMap(server ->
                server.replicas().keySet().toList().map(index -> new ServerReplicaId(server.name(), index)));
            if (!replicas.isEmpty() && chance(35)) {
                cluster = cluster.drainReplica(pick(replicas), tick()).get();
            }
            if (models > 0 && chance(15)) {
                cluster = cluster.deleteModel(ModelName.of("model-" + between(0, models - 1))).get();
            }
            return cluster;
        }

        private void addServer(int s) {
            ServerSpec spec = serverSpec(s);
            cluster = cluster.withServer(spec);
            List<String> capabilities = pick(CAPABILITIES);
            ReplicaMemory memory = new ReplicaMemory(between(2, 6) * UNIT, pick(OVERCOMMIT));
            for (int i = 0; i < spec.scaling().replicas(); i++) {
                cluster = cluster.connectReplica(spec.name(), ServerReplica.empty(ReplicaIndex.of(i), capabilities,
                    memory)).get();
            }
        }

        ServerSpec serverSpec(int s) {
            int replicas = between(populated && s == 0 ? 1 : 0, 4);
            int min = between(0, Math.min(2, replicas));
            MaxReplicas max = chance(60) ? MaxReplicas.of(Math.max(replicas, 1) + between(0, 2)) : MaxReplicas.unbounded();
            ExpectedReplicas expected = chance(70) ? ExpectedReplicas.of(replicas) : ExpectedReplicas.unknown();
            return new ServerSpec(ServerName.of("server-" + s), new ScalingSpec(replicas, min, max), true, expected);
        }

        private void addModel(int m, int servers) {
            cluster = cluster.deployModel(modelSpec(m, servers, populated && m == 0), tick());
        }

        ModelSpec modelSpec(int m, int servers, boolean forced) {
            ScalingSpec scaling = CoreGenerators.scalingSpecs().generate(in);
            if (forced && scaling.replicas() == 0) {
                scaling = scaling.withReplicas(1);
            }
            return ModelSpec.builder()
                .name(ModelName.of("model-" + m))
                .memory(MemoryQuantity.ofBytes((forced ? between(1, 2) : between(0, 3)) * UNIT))
                .requirements(forced || chance(70) ? List.empty() : List.of(chance(50) ? "sklearn" : "tensorflow"))
                .requestedServer(!forced && chance(25)
                    ? Option.some(ServerName.of("server-" + between(0, servers - 1))) : Option.none())
                .explainer(!forced && chance(10))
                .scaling(scaling)
                .build();
        }

        private void place(ModelName name, boolean forced) {
            ModelSpec spec = cluster.model(name).get().latest().spec();
            List<Server> candidates = forced
                ? List.of(cluster.server(ServerName.of("server-0")).get())
                : spec.requestedServer().map(s -> List.of(cluster.server(s).get()))
                    .getOrElse(() -> cluster.servers().values().toList());
            Server server = pick(candidates);
            List<ReplicaIndex> eligible = server.replicas().values().toList()
                .filter(r -> eligible(spec, r))
                .map(ServerReplica::index);
            int count = Math.min(spec.scaling().replicas(), eligible.size());
            if (count == 0) {
                return;
            }
            List<ReplicaIndex> chosen = List.empty();
            for (int i = 0; i < count; i++) {
                ReplicaIndex next = pick(eligible);
                chosen = chosen.append(next);
                eligible = eligible.remove(next);
            }
            ModelVersionId id = cluster.model(name).get().latest().id();
            cluster = cluster.updateLoadedModels(id, Option.some(server.name()), chosen, tick()).get();
            for (ReplicaIndex index : chosen) {
                advance(id, new ServerReplicaId(server.name(), index), forced ? 3 : between(0, 4));
            }
        }

        private boolean eligible(ModelSpec spec, ServerReplica replica) {
            return !replica.draining()
                && replica.freeMemoryBytes() >= spec.requiredMemoryBytes()
                && (!spec.explainer() || replica.capabilities().contains(ModelSpec.EXPLAINER_CAPABILITY))
                && spec.requirements().forAll(replica.capabilities()::contains);
        }

        /** Moves a LoadRequested replica on: 0 stays, 1 Loading, 2 Loaded, 3 Available, 4 LoadFailed. */
        private void advance(ModelVersionId id, ServerReplicaId at, int stage) {
            if (stage >= 1) {
                step(id, at, ModelReplicaState.LOAD_REQUESTED, ModelReplicaState.LOADING, "");
            }
            if (stage == 4) {
                step(id, at, ModelReplicaState.LOADING, ModelReplicaState.LOAD_FAILED, "out of memory");
                return;
            }
            if (stage >= 2) {
                step(id, at, ModelReplicaState.LOADING, ModelReplicaState.LOADED, "");
            }
            if (stage >= 3) {
                step(id, at, ModelReplicaState.LOADED, ModelReplicaState.AVAILABLE, "");
            }
        }

        private void step(ModelVersionId id, ServerReplicaId at, ModelReplicaState from, ModelReplicaState to,
                          String reason) {
            cluster = cluster.updateModelState(id, at, Option.some(from), to, reason, tick()).get();
        }

        private Instant tick() {
            now = now.plusSeconds(between(1, 30));
            return now;
        }

        int between(int low, int high) {
            return Generate.range(low, high).generate(in);
        }

        private boolean chance(int percent) {
            return between(1, 100) <= percent;
        }

        private <T> T pick(Seq<T> values) {
            return values.get(between(0, values.size() - 1));
        }
    }
}
