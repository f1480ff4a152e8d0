package io.modelscale.placement.packing;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * An oracle independent of the planner: CP-SAT's answer to "onto how few replicas does this problem pack?", from
 * the problem's own numbers. A model may go to a replica that is not draining, has at least the model's memory free,
 * has every capability the model requires and, for an explainer, the {@code alibi-explain} capability; each model's
 * replicas go to distinct replicas; the target is one more than the highest replica used. Nothing of the planner's
 * (neither {@code PackingItem.fits} nor {@code LowerBounds}) is used.
 */
final class CpSatPacking {

    static {
        Loader.loadNativeLibraries();
    }

    private CpSatPacking() {
    }

    /** The fewest replicas {@code k} such that the models pack onto replicas below {@code k}, or none if they never do. */
    static Option<Integer> minimalTarget(PackingProblem problem) {
        List<PackingItem> items = problem.items().toList();
        List<PackingSlot> slots = problem.slots().toList();
        CpModel model = new CpModel();
        IntVar target = model.newIntVar(0, slots.size(), "target");
        BoolVar[][] on = new BoolVar[items.size()][slots.size()];
        for (int i = 0; i < items.size(); i++) {
            LinearExprBuilder copies = LinearExpr.newBuilder();
            for (int b = 0; b < slots.size(); b++) {
                on[i][b] = model.newBoolVar("on" + i + "_" + b);
                if (!allowed(items.get(i), slots.get(b))) {
                    model.addEquality(on[i][b], 0);
                }
                // on[i][b] implies target >= index + 1
                model.addGreaterOrEqual(LinearExpr.newBuilder().add(target)
                    .addTerm(on[i][b], -(slots.get(b).index().value() + 1L)), 0);
                copies.add(on[i][b]);
            }
            model.addEquality(copies, items.get(i).replicas());
        }
        LinearExpr[] loads = new LinearExpr[slots.size()];
        for (int b = 0; b < slots.size(); b++) {
            LinearExprBuilder load = LinearExpr.newBuilder();
            for (int i = 0; i < items.size(); i++) {
                load.addTerm(on[i][b], items.get(i).memoryBytes());
            }
            loads[b] = load.build();
            model.addLessOrEqual(loads[b], slots.get(b).capacityBytes());
            if (b > 0 && interchangeable(slots.get(b - 1), slots.get(b))) {
                // Neighbouring replicas that are alike can swap contents without raising the target, so some best
                // packing has non-increasing loads along them: this only spares CP-SAT the symmetric packings.
                model.addLessOrEqual(loads[b], loads[b - 1]);
            }
        }
        model.minimize(target);
        CpSolver solver = new CpSolver();
        solver.getParameters().setMaxTimeInSeconds(30).setNumWorkers(1).setRandomSeed(1);
        CpSolverStatus status = solver.solve(model);
        if (status == CpSolverStatus.INFEASIBLE) {
            return Option.none();
        }
        if (status != CpSolverStatus.OPTIMAL) {
            throw new IllegalStateException("CP-SAT did not settle the problem: " + status);
        }
        return Option.some(Math.max(1, (int) Math.round(solver.objectiveValue())));
    }

    private static boolean interchangeable(PackingSlot a, PackingSlot b) {
        return a.capacityBytes() == b.capacityBytes() && a.draining() == b.draining()
            && a.capabilities().toSet().equals(b.capabilities().toSet())
            && a.index().value() + 1 == b.index().value();
    }

    private static boolean allowed(PackingItem item, PackingSlot slot) {
        if (slot.draining() || item.memoryBytes() > slot.capacityBytes()) {
            return false;
        }
        for (String requirement : item.requirements()) {
            if (!slot.capabilities().contains(requirement)) {
                return false;
            }
        }
        return !item.explainer() || slot.capabilities().contains("alibi-explain");
    }
}
