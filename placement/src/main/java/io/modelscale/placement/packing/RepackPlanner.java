package io.modelscale.placement.packing;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.vavr.collection.Seq;
import io.vavr.collection.SortedMap;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeMap;
import io.vavr.collection.TreeSet;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.Comparator;
import java.util.Objects;

/**
 * Packs a server's model replicas onto its lowest replicas, and plans the make-before-break migration there.
 *
 * <p>The problem is bin packing with conflicts: each model's replicas need distinct server replicas (bins), each
 * server replica holds at most its slot's capacity (with overcommit, unless the problem leaves it out), and a model
 * goes only where its requirements (and the explainer capability) are offered. Draining replicas and replicas at index {@code k} or above take nothing.
 *
 * <p>{@link #assign} tries, in order, a portfolio of deterministic heuristics and keeps the first that succeeds:
 * keeping every model replica where it already is and adding the rest best-fit, the same worst-fit, then best-fit
 * and worst-fit from scratch (models by decreasing memory, then decreasing replica count). Worst fit spreads each
 * model over the least-filled replicas, which is optimal when all models need the same memory. For small problems
 * (at most {@value #EXACT_MAX_REPLICAS} model replicas) an exact depth-first search with symmetry breaking follows,
 * bounded by a node budget. {@link #assignMinimal} finds the smallest replica count, starting from the
 * {@link LowerBounds}.
 *
 * <p>{@link #plan} turns an assignment into steps: for each model replica that moves, load it on its target, wait
 * until it is available, then unload one replica that goes; unloads happen only while another replica of the model
 * stays available, and loads only onto replicas with room at that moment. Models that stay are never touched.
 * The plan assumes a replica's memory holds only the server's models' latest versions.
 */
public final class RepackPlanner {

    /** The search budget of the exact search, in nodes, unless another is given. */
    public static final int DEFAULT_SEARCH_NODES = 200_000;

    /** The largest problem, in model replicas, the exact search is tried on. */
    public static final int EXACT_MAX_REPLICAS = 200;

    private final int searchNodes;

    /** A planner with the default search budget. */
    public RepackPlanner() {
        this(DEFAULT_SEARCH_NODES);
    }

    /**
     * A planner whose exact search visits at most {@code searchNodes} nodes per replica count.
     *
     * @param searchNodes the budget, zero to use the heuristics alone
     */
    public RepackPlanner(int searchNodes) {
        if (searchNodes < 0) {
            throw new IllegalArgumentException("searchNodes must not be negative, got " + searchNodes);
        }
        this.searchNodes = searchNodes;
    }

    /** Equal when the search budgets are: a planner holds nothing else. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RepackPlanner planner && planner.searchNodes == searchNodes;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(searchNodes);
    }

    @Override
    public String toString() {
        return "RepackPlanner[searchNodes=" + searchNodes + "]";
    }

    /**
     * An assignment of every model replica of the problem onto its usable replicas below {@code k}.
     *
     * @return the assignment, or why there is none: the target is below the lower bounds or above the replicas that
     *     exist, or the heuristics and the exact search found none
     */
    public Either<RepackFailure, Assignment> assign(PackingProblem problem, int k) {
        Objects.requireNonNull(problem, "problem");
        return assign(problem, k, LowerBounds.of(problem), true).map(Option::get);
    }

    /* The assignment onto replicas below k, built only when asked for; the bounds are the problem's. */
    private Either<RepackFailure, Option<Assignment>> assign(PackingProblem problem, int k, LowerBounds bounds,
                                                             boolean build) {
        return assign(problem, k, bounds, build, null);
    }

    /*
     * As above; with everySlot (an engine over the problem's replicas that take new models, by index), the usable
     * replicas below k are its first ones, so one engine serves every k a search for the fewest tries.
     */
    private Either<RepackFailure, Option<Assignment>> assign(PackingProblem problem, int k, LowerBounds bounds,
                                                             boolean build, Engine everySlot) {
        Seq<PackingSlot> usable = problem.usableSlots(k);
        if (k < bounds.value()) {
            return Either.left(new RepackFailure.Infeasible(problem.server(), k, usable.size(), bounds));
        }
        Engine engine = everySlot != null ? everySlot : new Engine(problem, usable);
        int n = usable.size();
        if (engine.someItemHasTooFewSlots(n)) {
            return Either.left(new RepackFailure.Infeasible(problem.server(), k, usable.size(), bounds));
        }
        for (Strategy strategy : Strategy.values()) {
            int[][] placed = engine.greedy(strategy, n);
            if (placed != null) {
                return Either.right(build ? Option.some(engine.toAssignment(placed, k)) : Option.none());
            }
        }
        if (problem.totalReplicas() <= EXACT_MAX_REPLICAS && searchNodes > 0) {
            Engine exact = everySlot != null ? new Engine(problem, usable) : engine;
            int[][] placed = exact.exact(searchNodes);
            if (placed != null) {
                return Either.right(build ? Option.some(exact.toAssignment(placed, k)) : Option.none());
            }
        }
        return Either.left(new RepackFailure.NoPackingFound(problem.server(), k, bounds));
    }

    /**
     * The fewest replicas {@link #assignMinimal} reaches, without building its assignment: what a policy that only
     * needs the count asks on every stats period.
     */
    public Either<RepackFailure, Integer> fewestReplicas(PackingProblem problem) {
        return minimal(problem, false).map(found -> found._1);
    }

    /**
     * The assignment onto the fewest replicas: the smallest {@code k} from {@code max(1, lower bound)} up to the
     * number of replicas the server has for which {@link #assign} succeeds.
     */
    public Either<RepackFailure, Assignment> assignMinimal(PackingProblem problem) {
        return minimal(problem, true).map(found -> found._2.get());
    }

    private Either<RepackFailure, io.vavr.Tuple2<Integer, Option<Assignment>>> minimal(PackingProblem problem,
                                                                                        boolean build) {
        Objects.requireNonNull(problem, "problem");
        LowerBounds bounds = LowerBounds.of(problem);
        int highest = problem.slots().map(s -> s.index().value() + 1).max().getOrElse(0);
        Either<RepackFailure, io.vavr.Tuple2<Integer, Option<Assignment>>> last =
            Either.left(new RepackFailure.Infeasible(problem.server(), highest, 0, bounds));
        Engine everySlot = Math.max(1, bounds.value()) <= highest ? new Engine(problem, problem.usableSlots(highest))
            : null;
        for (int k = Math.max(1, bounds.value()); k <= highest; k++) {
            int target = k;
            last = assign(problem, k, bounds, build, everySlot).map(found -> io.vavr.Tuple.of(target, found));
            if (last.isRight()) {
                return last;
            }
        }
        return last;
    }

    /**
     * The plan onto the fewest replicas: {@link #assignMinimal}, then the migration to that assignment. This is how
     * a consolidating policy learns the smallest feasible replica count and how to get there.
     */
    public Either<RepackFailure, RepackPlan> planMinimal(PackingProblem problem) {
        return assignMinimal(problem).flatMap(assignment -> sequence(problem, assignment));
    }

    /** {@link #plan(PackingProblem, int)} for a server of {@code cluster}. */
    public Either<RepackFailure, RepackPlan> plan(Cluster cluster, ServerName server, int k) {
        Option<PackingProblem> problem = PackingProblem.of(cluster, server);
        if (problem.isEmpty()) {
            return Either.left(new RepackFailure.UnknownServer(server));
        }
        return plan(problem.get(), k);
    }

    /**
     * The assignment onto replicas below {@code k}, and the make-before-break steps from the current placement to
     * it. Draining the replicas a scale-down to {@code k} removes is this same plan.
     */
    public Either<RepackFailure, RepackPlan> plan(PackingProblem problem, int k) {
        return assign(problem, k).flatMap(assignment -> sequence(problem, assignment));
    }

    /**
     * The make-before-break order of the moves from the problem's placement to the assignment. In rounds, each
     * version still loading (in version order) loads on the first of its targets with room, then unloads one replica
     * that goes if another stays available; a round in which nothing loads unloads the first version that safely
     * can, and the next round begins. A version that found no room sleeps until a replica among its targets frees
     * memory enough for it, and a version that could not unload sleeps until it loads again: neither could act
     * before then, so skipping them gives the same steps as visiting every version every round, in time that grows
     * with the moves rather than their square.
     */
    static Either<RepackFailure, RepackPlan> sequence(PackingProblem problem, Assignment assignment) {
        java.util.Map<ReplicaIndex, Long> capacity = new java.util.HashMap<>();
        problem.slots().forEach(s -> capacity.put(s.index(), s.capacityBytes()));
        java.util.Map<ReplicaIndex, Long> occupied = new java.util.HashMap<>();
        java.util.Map<ModelVersionId, java.util.TreeSet<ReplicaIndex>> loads = new java.util.HashMap<>();
        java.util.Map<ModelVersionId, java.util.TreeSet<ReplicaIndex>> unloads = new java.util.HashMap<>();
        java.util.Map<ModelVersionId, java.util.TreeSet<ReplicaIndex>> available = new java.util.HashMap<>();
        java.util.Map<ModelVersionId, Long> memory = new java.util.HashMap<>();
        java.util.Map<ModelVersionId, java.util.TreeSet<ReplicaIndex>> targets = new java.util.HashMap<>();
        for (io.vavr.Tuple2<ReplicaIndex, SortedSet<ModelVersionId>> entry : assignment.replicas()) {
            for (ModelVersionId version : entry._2) {
                targets.computeIfAbsent(version, v -> new java.util.TreeSet<>()).add(entry._1);
            }
        }
        int position = 0;
        Seq<SortedSet<ReplicaIndex>> currentByItem = problem.currentByItem();
        Seq<SortedSet<ReplicaIndex>> availableByItem = problem.availableByItem();
        // The sets of versions below hold each version's rank in version order, so that walking them in version
        // order compares numbers rather than model names.
        ModelVersionId[] byRank = problem.items().map(PackingItem::version).toJavaArray(ModelVersionId[]::new);
        java.util.Arrays.sort(byRank);
        java.util.Map<ModelVersionId, Integer> rank = new java.util.HashMap<>(byRank.length * 2);
        for (int r = 0; r < byRank.length; r++) {
            rank.put(byRank[r], r);
        }
        java.util.BitSet loading = new java.util.BitSet(byRank.length);
        java.util.BitSet unloading = new java.util.BitSet(byRank.length);
        for (PackingItem item : problem.items()) {
            int i = position++;
            SortedSet<ReplicaIndex> now = currentByItem.get(i);
            java.util.TreeSet<ReplicaIndex> target = targets.getOrDefault(item.version(), new java.util.TreeSet<>());
            memory.put(item.version(), item.memoryBytes());
            for (ReplicaIndex index : now) {
                occupied.merge(index, item.memoryBytes(), Long::sum);
            }
            java.util.TreeSet<ReplicaIndex> toLoad = new java.util.TreeSet<>(target);
            now.forEach(toLoad::remove);
            java.util.TreeSet<ReplicaIndex> toUnload = new java.util.TreeSet<>(now.toJavaSet());
            toUnload.removeAll(target);
            loads.put(item.version(), toLoad);
            unloads.put(item.version(), toUnload);
            available.put(item.version(), new java.util.TreeSet<>(availableByItem.get(i).toJavaSet()));
            if (!toLoad.isEmpty()) {
                loading.set(rank.get(item.version()));
            }
            if (!toUnload.isEmpty()) {
                unloading.set(rank.get(item.version()));
            }
        }
        Waits waits = new Waits(capacity, occupied);
        for (int r = loading.nextSetBit(0); r >= 0; r = loading.nextSetBit(r + 1)) {
            for (ReplicaIndex target : loads.get(byRank[r])) {
                waits.await(target, memory.get(byRank[r]), r);
            }
        }
        // Versions that may load now, in version order: all at first; one that finds no room sleeps until an unload
        // on one of its targets leaves room for it.
        java.util.BitSet awake = (java.util.BitSet) loading.clone();
        // Versions that may unload safely: one that cannot sleeps until it loads again (only its own moves change
        // whether it can).
        java.util.BitSet unloadable = (java.util.BitSet) unloading.clone();
        Vector<MigrationStep> steps = Vector.empty();
        boolean progress = true;
        while (progress && (!loading.isEmpty() || !unloading.isEmpty())) {
            progress = false;
            for (int r = awake.nextSetBit(0); r >= 0; r = awake.nextSetBit(r + 1)) {
                ModelVersionId version = byRank[r];
                long bytes = memory.get(version);
                ReplicaIndex target = null;
                for (ReplicaIndex candidate : loads.get(version)) {
                    if (occupied.getOrDefault(candidate, 0L) + bytes <= capacity.getOrDefault(candidate, 0L)) {
                        target = candidate;
                        break;
                    }
                }
                if (target == null) {
                    awake.clear(r);
                    continue;
                }
                loads.get(version).remove(target);
                waits.loaded(target, bytes, r);
                if (loads.get(version).isEmpty()) {
                    loading.clear(r);
                    awake.clear(r);
                }
                occupied.merge(target, bytes, Long::sum);
                available.get(version).add(target);
                steps = steps.append(new MigrationStep(MigrationStep.Action.LOAD, version, target))
                    .append(new MigrationStep(MigrationStep.Action.AWAIT_AVAILABLE, version, target));
                Option<MigrationStep> unload = safeUnload(version, unloads, available, occupied, bytes,
                    !targets.containsKey(version));
                steps = steps.appendAll(unload);
                if (unloads.get(version).isEmpty()) {
                    unloading.clear(r);
                    unloadable.clear(r);
                } else if (unload.isDefined()) {
                    unloadable.set(r);
                } else {
                    unloadable.clear(r);
                }
                unload.forEach(u -> waits.wake(u.replica(), awake));
                progress = true;
            }
            if (!progress) {
                for (int r = unloadable.nextSetBit(0); r >= 0; r = unloadable.nextSetBit(r + 1)) {
                    ModelVersionId version = byRank[r];
                    Option<MigrationStep> unload = safeUnload(version, unloads, available, occupied,
                        memory.get(version), !targets.containsKey(version));
                    if (unload.isEmpty()) {
                        unloadable.clear(r);
                        continue;
                    }
                    steps = steps.append(unload.get());
                    if (unloads.get(version).isEmpty()) {
                        unloading.clear(r);
                        unloadable.clear(r);
                    }
                    waits.wake(unload.get().replica(), awake);
                    progress = true;
                    break;
                }
            }
        }
        int stuck = loads.values().stream().mapToInt(java.util.Set::size).sum()
            + unloads.values().stream().mapToInt(java.util.Set::size).sum();
        if (stuck > 0) {
            return Either.left(new RepackFailure.NoSafeOrder(problem.server(), assignment.targetReplicas(), stuck));
        }
        return Either.right(new RepackPlan(problem.server(), assignment.targetReplicas(), LowerBounds.of(problem),
            assignment, steps));
    }

    /**
     * The versions (by rank in version order) waiting to load on each replica, smallest first, so that an unload
     * wakes those that now fit.
     */
    private static final class Waits {
        private final java.util.Map<ReplicaIndex, Long> capacity;
        private final java.util.Map<ReplicaIndex, Long> occupied;
        private final java.util.Map<ReplicaIndex, java.util.TreeSet<Waiting>> byReplica = new java.util.HashMap<>();

        private record Waiting(long bytes, int version) implements Comparable<Waiting> {
            @Override
            public int compareTo(Waiting other) {
                int bySize = Long.compare(bytes, other.bytes);
                return bySize != 0 ? bySize : Integer.compare(version, other.version);
            }
        }

        Waits(java.util.Map<ReplicaIndex, Long> capacity, java.util.Map<ReplicaIndex, Long> occupied) {
            this.capacity = capacity;
            this.occupied = occupied;
        }

        void await(ReplicaIndex replica, long bytes, int version) {
            byReplica.computeIfAbsent(replica, r -> new java.util.TreeSet<>()).add(new Waiting(bytes, version));
        }

        void loaded(ReplicaIndex replica, long bytes, int version) {
            byReplica.get(replica).remove(new Waiting(bytes, version));
        }

        /** Wakes the versions waiting on {@code replica} that fit in what it has free now. */
        void wake(ReplicaIndex replica, java.util.BitSet awake) {
            java.util.TreeSet<Waiting> waiting = byReplica.get(replica);
            if (waiting == null) {
                return;
            }
            long free = capacity.getOrDefault(replica, 0L) - occupied.getOrDefault(replica, 0L);
            for (Waiting w : waiting) {
                if (w.bytes() > free) {
                    break;
                }
                awake.set(w.version());
            }
        }
    }

    /** Unloads one replica that goes, if another replica of the model stays available (or none is meant to). */
    private static Option<MigrationStep> safeUnload(
        ModelVersionId version,
        java.util.Map<ModelVersionId, java.util.TreeSet<ReplicaIndex>> unloads,
        java.util.Map<ModelVersionId, java.util.TreeSet<ReplicaIndex>> available,
        java.util.Map<ReplicaIndex, Long> occupied, long bytes, boolean meantToVanish) {
        java.util.TreeSet<ReplicaIndex> going = unloads.get(version);
        if (going.isEmpty()) {
            return Option.none();
        }
        java.util.TreeSet<ReplicaIndex> serving = available.get(version);
        for (ReplicaIndex source : going.descendingSet()) {
            boolean othersServe = serving.stream().anyMatch(i -> !i.equals(source));
            boolean neverServed = !serving.contains(source);
            if (othersServe || meantToVanish || (neverServed && serving.isEmpty())) {
                going.remove(source);
                serving.remove(source);
                occupied.merge(source, -bytes, Long::sum);
                return Option.some(new MigrationStep(MigrationStep.Action.UNLOAD, version, source));
            }
        }
        return Option.none();
    }

    private enum Strategy { KEEP_THEN_BEST_FIT, KEEP_THEN_WORST_FIT, BEST_FIT, WORST_FIT }

    /** The packing search on arrays: items sorted by decreasing memory, slots by index. */
    private static final class Engine {
        private final PackingItem[] items;
        private final PackingSlot[] slots;
        /* Whether items of a requirement class may go to a slot, by class and slot; memory is checked apart. */
        private final boolean[][] compatible;
        private final int[] classOf;
        private final int[][] current;
        private final long[] suffixDemand;
        private final int[] group;
        /* Each item's memory and replicas, each slot's capacity: what the greedy pass reads, in plain arrays. */
        private final long[] bytes;
        private final int[] wanted;
        private final long[] capacity;

        Engine(PackingProblem problem, Seq<PackingSlot> usable) {
            PackingItem[] given = problem.items().toJavaArray(PackingItem[]::new);
            Comparator<PackingItem> bySize = Comparator.comparingLong(PackingItem::memoryBytes).reversed()
                .thenComparing(Comparator.comparingInt(PackingItem::replicas).reversed());
            boolean versionOrder = true;
            for (int i = 1; i < given.length && versionOrder; i++) {
                versionOrder = given[i - 1].version().compareTo(given[i].version()) < 0;
            }
            // The sort is stable: items already in version order (as a cluster's problem lists them) keep it among
            // equals without comparing versions again.
            Comparator<PackingItem> order = versionOrder ? bySize : bySize.thenComparing(PackingItem::version);
            Integer[] sorted = new Integer[given.length];
            for (int i = 0; i < given.length; i++) {
                sorted[i] = i;
            }
            java.util.Arrays.sort(sorted, (a, b) -> order.compare(given[a], given[b]));
            this.items = new PackingItem[given.length];
            for (int i = 0; i < given.length; i++) {
                items[i] = given[sorted[i]];
            }
            this.slots = usable.sortBy(PackingSlot::index).toJavaArray(PackingSlot[]::new);
            this.classOf = new int[items.length];
            java.util.Map<java.util.List<Object>, Integer> classes = new java.util.HashMap<>();
            java.util.List<boolean[]> rows = new java.util.ArrayList<>();
            for (int i = 0; i < items.length; i++) {
                PackingItem item = items[i];
                // Items alike in requirements and explainer fit the same slots but for memory: decide once per kind.
                classOf[i] = classes.computeIfAbsent(java.util.List.of(item.requirements(), item.explainer()), key -> {
                    boolean[] row = new boolean[slots.length];
                    PackingItem weightless = new PackingItem(item.version(), 1, 0, item.requirements(),
                        item.explainer());
                    for (int s = 0; s < slots.length; s++) {
                        row[s] = weightless.fits(slots[s]);
                    }
                    rows.add(row);
                    return rows.size() - 1;
                });
            }
            this.compatible = rows.toArray(new boolean[0][]);
            this.current = new int[items.length][];
            int highestIndex = -1;
            for (PackingSlot slot : slots) {
                highestIndex = Math.max(highestIndex, slot.index().value());
            }
            // slot positions by index value: an array for ordinals as a StatefulSet numbers them, a map if sparse
            boolean dense = highestIndex < 4 * slots.length + 1024;
            int[] position = new int[dense ? highestIndex + 1 : 0];
            java.util.Arrays.fill(position, -1);
            java.util.Map<Integer, Integer> sparse = new java.util.HashMap<>();
            for (int s = 0; s < slots.length; s++) {
                if (dense) {
                    position[slots[s].index().value()] = s;
                } else {
                    sparse.put(slots[s].index().value(), s);
                }
            }
            int[][] live = problem.liveIndexes();
            for (int i = 0; i < items.length; i++) {
                int[] indexes = live[sorted[i]];
                int[] at = new int[indexes.length];
                int n = 0;
                for (int index : indexes) {
                    int s = dense ? (index < position.length ? position[index] : -1)
                        : sparse.getOrDefault(index, -1);
                    if (s >= 0) {
                        at[n++] = s;
                    }
                }
                current[i] = n == at.length ? at : java.util.Arrays.copyOf(at, n);
            }
            this.suffixDemand = new long[items.length + 1];
            for (int i = items.length - 1; i >= 0; i--) {
                suffixDemand[i] = saturatingAdd(suffixDemand[i + 1], multiplySaturating(items[i].memoryBytes(),
                    items[i].replicas()));
            }
            this.bytes = new long[items.length];
            this.wanted = new int[items.length];
            for (int i = 0; i < items.length; i++) {
                bytes[i] = items[i].memoryBytes();
                wanted[i] = items[i].replicas();
            }
            this.capacity = new long[slots.length];
            for (int s = 0; s < slots.length; s++) {
                capacity[s] = slots[s].capacityBytes();
            }
            this.group = new int[slots.length];
            for (int s = 0; s < slots.length; s++) {
                group[s] = s;
                for (int t = 0; t < s; t++) {
                    if (slots[t].capacityBytes() == slots[s].capacityBytes()
                        && slots[t].capabilities().equals(slots[s].capabilities())) {
                        group[s] = group[t];
                        break;
                    }
                }
            }
        }

        /** Whether a replica of item {@code i} may go to slot {@code s}: {@link PackingItem#fits}. */
        private boolean fits(int i, int s) {
            return compatible[classOf[i]][s] && items[i].memoryBytes() <= slots[s].capacityBytes();
        }

        /** Whether some item has fewer slots it fits, among the first {@code n}, than it has replicas. */
        boolean someItemHasTooFewSlots(int n) {
            for (int i = 0; i < items.length; i++) {
                int room = 0;
                for (int s = 0; s < n && room < wanted[i]; s++) {
                    if (fits(i, s)) {
                        room++;
                    }
                }
                if (room < wanted[i]) {
                    return true;
                }
            }
            return false;
        }

        /**
         * One greedy pass onto the first {@code n} slots: with a keeping strategy every replica first stays where it
         * is if it fits, then each item (by decreasing memory) takes the fitting slot with the least (best fit) or
         * most (worst fit) memory left for each replica it still lacks, the lowest such slot among equals. Returns
         * each item's slots in increasing order, or null when some replica finds none.
         */
        int[][] greedy(Strategy strategy, int n) {
            long[] remaining = java.util.Arrays.copyOf(capacity, n);
            int[][] placed = new int[items.length][];
            int[] count = new int[items.length];
            for (int i = 0; i < items.length; i++) {
                placed[i] = new int[wanted[i]];
            }
            if (strategy == Strategy.KEEP_THEN_BEST_FIT || strategy == Strategy.KEEP_THEN_WORST_FIT) {
                for (int i = 0; i < items.length; i++) {
                    boolean[] row = compatible[classOf[i]];
                    // a slot's memory left never exceeds its capacity: enough left means the item's size fits it
                    for (int s : current[i]) {
                        if (s < n && count[i] < wanted[i] && row[s] && remaining[s] >= bytes[i]) {
                            placed[i][count[i]++] = s;
                            remaining[s] -= bytes[i];
                        }
                    }
                }
            }
            boolean bestFit = strategy == Strategy.KEEP_THEN_BEST_FIT || strategy == Strategy.BEST_FIT;
            for (int i = 0; i < items.length; i++) {
                long size = bytes[i];
                boolean[] row = compatible[classOf[i]];
                int[] mine = placed[i];
                while (count[i] < wanted[i]) {
                    int chosen = -1;
                    for (int s = 0; s < n; s++) {
                        if (remaining[s] < size || !row[s] || holds(mine, count[i], s)) {
                            continue;
                        }
                        if (chosen < 0 || (bestFit ? remaining[s] < remaining[chosen]
                            : remaining[s] > remaining[chosen])) {
                            chosen = s;
                        }
                    }
                    if (chosen < 0) {
                        return null;
                    }
                    mine[count[i]++] = chosen;
                    remaining[chosen] -= size;
                }
                java.util.Arrays.sort(mine);
            }
            return placed;
        }

        /** Whether slot {@code s} is among the first {@code count} of {@code slots}. */
        private static boolean holds(int[] slots, int count, int s) {
            for (int j = 0; j < count; j++) {
                if (slots[j] == s) {
                    return true;
                }
            }
            return false;
        }

        int[][] exact(int budget) {
            Search search = new Search(budget);
            return search.run() ? toLists(search.on) : null;
        }

        private int[][] toLists(boolean[][] on) {
            int[][] placed = new int[items.length][];
            for (int i = 0; i < items.length; i++) {
                int n = 0;
                int[] list = new int[items[i].replicas()];
                for (int s = 0; s < slots.length && n < list.length; s++) {
                    if (on[i][s]) {
                        list[n++] = s;
                    }
                }
                placed[i] = list;
            }
            return placed;
        }

        Assignment toAssignment(int[][] placed, int k) {
            java.util.List<java.util.List<ModelVersionId>> onSlot = new java.util.ArrayList<>(slots.length);
            for (int s = 0; s < slots.length; s++) {
                onSlot.add(new java.util.ArrayList<>());
            }
            for (int i = 0; i < items.length; i++) {
                for (int s : placed[i]) {
                    onSlot.get(s).add(items[i].version());
                }
            }
            java.util.Map<ReplicaIndex, SortedSet<ModelVersionId>> replicas = new java.util.HashMap<>();
            for (int s = 0; s < slots.length; s++) {
                if (!onSlot.get(s).isEmpty()) {
                    replicas.put(slots[s].index(), TreeSet.ofAll(onSlot.get(s)));
                }
            }
            return new Assignment(k, TreeMap.ofAll(replicas));
        }

        /** Depth-first search over items by decreasing memory, choosing each item's set of slots. */
        private final class Search {
            private final boolean[][] on = new boolean[items.length][slots.length];
            private final long[] remaining = new long[slots.length];
            private final int[] used = new int[slots.length];
            private final int[][] skipped = new int[items.length][slots.length];
            private long capacityLeft;
            private int budget;

            Search(int budget) {
                this.budget = budget;
                for (int s = 0; s < slots.length; s++) {
                    remaining[s] = slots[s].capacityBytes();
                    capacityLeft = saturatingAdd(capacityLeft, remaining[s]);
                }
            }

            boolean run() {
                try {
                    return item(0);
                } catch (BudgetExhausted exhausted) {
                    return false;
                }
            }

            private boolean item(int i) {
                if (i == items.length) {
                    return true;
                }
                if (suffixDemand[i] > capacityLeft) {
                    return false;
                }
                return choose(i, 0, items[i].replicas());
            }

            /**
             * Chooses {@code need} more slots for item {@code i} from position {@code from} on. Empty slots of the
             * same capacity and capabilities are interchangeable, so once one is passed over for this item, the
             * later ones of its kind are not tried for it either.
             */
            private boolean choose(int i, int from, int need) {
                if (need == 0) {
                    return item(i + 1);
                }
                if (--budget < 0) {
                    throw new BudgetExhausted();
                }
                long bytes = items[i].memoryBytes();
                int[] passed = new int[slots.length];
                int passedCount = 0;
                boolean done = false;
                for (int s = from; s < slots.length && !done; s++) {
                    if (!fits(i, s) || remaining[s] < bytes) {
                        continue;
                    }
                    boolean untouched = used[s] == 0;
                    if (untouched && skipped[i][group[s]] > 0) {
                        continue;
                    }
                    place(i, s, bytes);
                    done = choose(i, s + 1, need - 1);
                    if (!done) {
                        unplace(i, s, bytes);
                        if (untouched) {
                            skipped[i][group[s]]++;
                            passed[passedCount++] = group[s];
                        }
                    }
                }
                for (int p = 0; p < passedCount; p++) {
                    skipped[i][passed[p]]--;
                }
                return done;
            }

            private void place(int i, int s, long bytes) {
                on[i][s] = true;
                used[s]++;
                remaining[s] -= bytes;
                capacityLeft -= bytes;
            }

            private void unplace(int i, int s, long bytes) {
                on[i][s] = false;
                used[s]--;
                remaining[s] += bytes;
                capacityLeft += bytes;
            }
        }

        private static long saturatingAdd(long a, long b) {
            long sum = a + b;
            return sum < 0 ? Long.MAX_VALUE : sum;
        }

        private static long multiplySaturating(long a, long b) {
            long high = Math.multiplyHigh(a, b);
            long low = a * b;
            return high != 0 || low < 0 ? Long.MAX_VALUE : low;
        }
    }

    private static final class BudgetExhausted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExhausted() {
            super(null, null, false, false);
        }
    }
}
