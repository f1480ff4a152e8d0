package io.modelscale.core.cluster;

import io.modelscale.core.Problem;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ExpectedReplicas;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.core.server.ServerSpec;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Either;
import io.vavr.control.Option;
import io.vavr.control.Validation;
import java.time.Instant;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Builds a snapshot of a running cluster with one call per server and per model: servers with their replicas
 * connected, and models already Available on the replicas they run on, as a control plane finds them when it starts.
 * Names, quantities and counts are given as text and numbers and checked when the snapshot is built: every problem is
 * reported at once, naming the server or model and the field, and nothing is built while any remains.
 *
 * <pre>{@code
 * Cluster cluster = ClusterBuilder.at(now)
 *     .server("mlserver", s -> s.replicas(2).scaling(1, 4).memory("16Gi"))
 *     .model("iris", m -> m.memory("1Gi").scaling(2, 1, 3).loadedOn("mlserver", 0, 1))
 *     .build().get();
 * }</pre>
 *
 * A builder is an immutable value; each call returns a new one.
 */
public final class ClusterBuilder {

    private final Instant now;
    private final List<ServerDraft> servers;
    private final List<ModelDraft> models;

    private ClusterBuilder(Instant now, List<ServerDraft> servers, List<ModelDraft> models) {
        this.now = now;
        this.servers = servers;
        this.models = models;
    }

    /** A builder of a snapshot taken at {@code now}: every state it sets is stamped with this time. */
    public static ClusterBuilder at(Instant now) {
        return new ClusterBuilder(Objects.requireNonNull(now, "now"), List.empty(), List.empty());
    }

    /** The same snapshot with a shared server called {@code name}, described by {@code draft}. */
    public ClusterBuilder server(String name, UnaryOperator<ServerDraft> draft) {
        ServerDraft drafted = Objects.requireNonNull(draft, () -> "the draft of server " + name).apply(
            new ServerDraft(name));
        return new ClusterBuilder(now, servers.append(Objects.requireNonNull(drafted, () -> "the draft of server "
            + name + " returned null: expected the draft it was given, changed")), models);
    }

    /** The same snapshot with a model called {@code name}, described by {@code draft}. */
    public ClusterBuilder model(String name, UnaryOperator<ModelDraft> draft) {
        ModelDraft drafted = Objects.requireNonNull(draft, () -> "the draft of model " + name).apply(
            new ModelDraft(name));
        return new ClusterBuilder(now, servers, models.append(Objects.requireNonNull(drafted, () -> "the draft of"
            + " model " + name + " returned null: expected the draft it was given, changed")));
    }

    /**
     * The snapshot, for a caller that treats a problem in what it described as a mistake in its own code (a test, a
     * fixed configuration): {@link #build()}, or an {@link IllegalArgumentException} whose message is every problem,
     * separated by {@code "; "}.
     */
    public Cluster buildOrThrow() {
        Validation<Seq<Problem>, Cluster> built = build();
        if (built.isInvalid()) {
            throw new IllegalArgumentException(built.getError().map(Problem::describe).mkString("; "));
        }
        return built.get();
    }

    /**
     * The snapshot, or every problem with what was described: a malformed name or quantity, an invalid range, a
     * model on a server or replica that does not exist, two of one name, and any broken invariant (a replica holding
     * more than its memory, say).
     */
    public Validation<Seq<Problem>, Cluster> build() {
        List<Problem> problems = List.<Problem>empty().appendAll(duplicates(servers.map(s -> s.name), "server"))
            .appendAll(duplicates(models.map(m -> m.name), "model"));
        Cluster cluster = Cluster.empty();
        for (ServerDraft server : servers.distinctBy(s -> s.name)) {
            Either<Seq<Problem>, Cluster> added = server.addTo(cluster);
            problems = problems.appendAll(added.isLeft() ? added.getLeft() : List.empty());
            cluster = added.getOrElse(cluster);
        }
        for (ModelDraft model : models.distinctBy(m -> m.name)) {
            Either<Seq<Problem>, Cluster> added = model.addTo(cluster, now);
            problems = problems.appendAll(added.isLeft() ? added.getLeft() : List.empty());
            cluster = added.getOrElse(cluster);
        }
        if (problems.isEmpty()) {
            problems = problems.appendAll(cluster.checkInvariants().map(v -> Problem.of("cluster", "",
                v.describe())));
        }
        return problems.isEmpty() ? Validation.valid(cluster) : Validation.invalid(problems);
    }

    private static Seq<Problem> duplicates(Seq<String> names, String kind) {
        return names.groupBy(n -> n).filter(e -> e._2.size() > 1).keySet().toSortedSet().toList()
            .map(name -> Problem.of(kind + " " + name, name, "two " + kind + "s are called " + name));
    }

    /**
     * A server as described so far: by default one replica of 1Gi, no overcommit, no capabilities, shared, and
     * scaling fixed at its replicas.
     */
    public static final class ServerDraft {
        private final String name;
        private final int replicas;
        private final Option<int[]> range;
        private final String memory;
        private final int overcommitPercentage;
        private final Seq<String> capabilities;
        private final boolean shared;

        private ServerDraft(String name) {
            this(name, 1, Option.none(), "1Gi", 0, List.empty(), true);
        }

        private ServerDraft(String name, int replicas, Option<int[]> range, String memory, int overcommitPercentage,
                       Seq<String> capabilities, boolean shared) {
            this.name = name;
            this.replicas = replicas;
            this.range = range;
            this.memory = memory;
            this.overcommitPercentage = overcommitPercentage;
            this.capabilities = capabilities;
            this.shared = shared;
        }

        /** The replicas running (the expected count and {@code spec.replicas}). */
        public ServerDraft replicas(int count) {
            return new ServerDraft(name, count, range, memory, overcommitPercentage, capabilities, shared);
        }

        /** The autoscaling range: {@code minReplicas} and {@code maxReplicas} (0 for none). */
        public ServerDraft scaling(int minReplicas, int maxReplicas) {
            return new ServerDraft(name, replicas, Option.some(new int[] {minReplicas, maxReplicas}), memory,
                overcommitPercentage, capabilities, shared);
        }

        /** Each replica's memory, as a Kubernetes quantity such as {@code 16Gi}. */
        public ServerDraft memory(String quantity) {
            return new ServerDraft(name, replicas, range, quantity, overcommitPercentage, capabilities, shared);
        }

        /** How far registered models may exceed each replica's memory, in percent. */
        public ServerDraft overcommit(int percent) {
            return new ServerDraft(name, replicas, range, memory, percent, capabilities, shared);
        }

        /** What each replica can run, such as {@code sklearn}. */
        public ServerDraft capabilities(String... offered) {
            return new ServerDraft(name, replicas, range, memory, overcommitPercentage, List.of(offered), shared);
        }

        /** Only models that request this server may run on it. */
        public ServerDraft dedicated() {
            return new ServerDraft(name, replicas, range, memory, overcommitPercentage, capabilities, false);
        }

        private Either<Seq<Problem>, Cluster> addTo(Cluster cluster) {
            String where = "server " + name;
            Either<Problem, ServerName> parsed = ServerName.parse(name);
            Either<Problem, MemoryQuantity> bytes = MemoryQuantity.parse(memory);
            int min = range.map(r -> r[0]).getOrElse(replicas);
            int max = range.map(r -> r[1]).getOrElse(replicas);
            Validation<Seq<Problem>, ScalingSpec> scaling = ScalingSpec.validate(replicas, min, max);
            List<Problem> problems = List.<Problem>empty()
                .appendAll(parsed.swap().map(p -> p.under(where)))
                .appendAll(bytes.swap().map(p -> Problem.of(where + ".memory", memory, p.message())))
                .appendAll(scaling.isInvalid() ? scaling.getError().map(p -> p.under(where)) : List.empty());
            if (overcommitPercentage < 0) {
                problems = problems.append(Problem.of(where + ".overcommit", overcommitPercentage,
                    "the overcommit percentage must be zero or more"));
            }
            if (!problems.isEmpty()) {
                return Either.left(problems);
            }
            ServerName server = parsed.get();
            Cluster result = cluster.withServer(new ServerSpec(server, scaling.get(), shared,
                ExpectedReplicas.of(replicas)));
            ReplicaMemory each = new ReplicaMemory(bytes.get().bytes(), overcommitPercentage);
            for (int i = 0; i < replicas; i++) {
                result = result.connectReplica(server, ServerReplica.empty(ReplicaIndex.of(i), capabilities, each))
                    .get();
            }
            return Either.right(result);
        }
    }

    /**
     * A model as described so far: by default no memory, no requirements, one fixed replica, placed nowhere.
     */
    public static final class ModelDraft {
        private final String name;
        private final String memory;
        private final int[] scaling;
        private final Seq<String> requirements;
        private final Option<String> requestedServer;
        private final Option<String> server;
        private final Seq<Integer> replicas;

        private ModelDraft(String name) {
            this(name, "0", new int[] {1, 0, 0}, List.empty(), Option.none(), Option.none(), List.empty());
        }

        private ModelDraft(String name, String memory, int[] scaling, Seq<String> requirements,
                      Option<String> requestedServer, Option<String> server, Seq<Integer> replicas) {
            this.name = name;
            this.memory = memory;
            this.scaling = scaling;
            this.requirements = requirements;
            this.requestedServer = requestedServer;
            this.server = server;
            this.replicas = replicas;
        }

        /** The memory one replica needs, as a Kubernetes quantity such as {@code 4Gi}. */
        public ModelDraft memory(String quantity) {
            return new ModelDraft(name, quantity, scaling, requirements, requestedServer, server, replicas);
        }

        /** The desired replicas and the autoscaling range ({@code maxReplicas} 0 for none). */
        public ModelDraft scaling(int replicas, int minReplicas, int maxReplicas) {
            return new ModelDraft(name, memory, new int[] {replicas, minReplicas, maxReplicas}, requirements,
                requestedServer, server, this.replicas);
        }

        /** The capabilities a server replica must offer. */
        public ModelDraft requirements(String... required) {
            return new ModelDraft(name, memory, scaling, List.of(required), requestedServer, server, replicas);
        }

        /** The server the model asks to run on ({@code spec.server}). */
        public ModelDraft requesting(String serverName) {
            return new ModelDraft(name, memory, scaling, requirements, Option.some(serverName), server, replicas);
        }

        /** The model is Available on these replicas of {@code serverName}. */
        public ModelDraft loadedOn(String serverName, int... indexes) {
            return new ModelDraft(name, memory, scaling, requirements, requestedServer, Option.some(serverName),
                List.ofAll(indexes));
        }

        private Either<Seq<Problem>, Cluster> addTo(Cluster cluster, Instant now) {
            String where = "model " + name;
            Either<Problem, ModelName> parsed = ModelName.parse(name);
            Either<Problem, MemoryQuantity> bytes = MemoryQuantity.parse(memory);
            Validation<Seq<Problem>, ScalingSpec> range = ScalingSpec.validate(scaling[0], scaling[1], scaling[2]);
            Option<Either<Problem, ServerName>> requested = requestedServer.map(ServerName::parse);
            List<Problem> problems = List.<Problem>empty()
                .appendAll(parsed.swap().map(p -> p.under(where)))
                .appendAll(bytes.swap().map(p -> Problem.of(where + ".memory", memory, p.message())))
                .appendAll(range.isInvalid() ? range.getError().map(p -> p.under(where)) : List.empty())
                .appendAll(requested.flatMap(r -> r.swap().toOption()).map(p -> p.under(where + ".requesting")));
            Option<io.modelscale.core.server.Server> host = server.flatMap(s -> ServerName.parse(s).toOption())
                .flatMap(cluster::server);
            if (server.isDefined() && host.isEmpty()) {
                problems = problems.append(Problem.of(where + ".loadedOn", server.get(),
                    "no server of that name was described before the model"));
            }
            for (int index : replicas) {
                if (host.isDefined() && (index < 0 || host.get().replica(ReplicaIndex.of(Math.max(0, index)))
                    .isEmpty())) {
                    problems = problems.append(Problem.of(where + ".loadedOn", index, "server " + server.get()
                        + " has no replica " + index + ": expected 0 to " + (host.get().replicas().size() - 1)));
                }
            }
            if (server.isDefined() && replicas.isEmpty()) {
                problems = problems.append(Problem.of(where + ".loadedOn", server.get(), "no replica index given:"
                    + " expected the indexes of the server's replicas the model is loaded on"));
            }
            if (replicas.distinct().size() != replicas.size()) {
                problems = problems.append(Problem.of(where + ".loadedOn", replicas.mkString(","),
                    "a model has at most one replica per server replica"));
            }
            if (!problems.isEmpty()) {
                return Either.left(problems);
            }
            ModelSpec spec = ModelSpec.builder().name(parsed.get()).memory(bytes.get()).requirements(requirements)
                .requestedServer(requested.map(Either::get)).scaling(range.get()).build();
            Cluster result = cluster.deployModel(spec, now);
            if (host.isEmpty()) {
                return Either.right(result);
            }
            ModelVersionId version = parsed.get().version(1);
            ServerName on = host.get().name();
            result = result.updateLoadedModels(version, Option.some(on), replicas.map(ReplicaIndex::of), now).get();
            for (int index : replicas) {
                ServerReplicaId at = new ServerReplicaId(on, ReplicaIndex.of(index));
                for (ModelReplicaState state : List.of(ModelReplicaState.LOADING, ModelReplicaState.LOADED,
                    ModelReplicaState.AVAILABLE)) {
                    result = result.updateModelState(version, at, Option.none(), state, "", now).get();
                }
            }
            return Either.right(result);
        }
    }
}
