package io.modelscale.simulation.sweep;

import io.vavr.collection.Seq;

/**
 * Pareto fronts of cost (lower is better) against a measure of service: a point is on the front when no other point
 * is at least as good in both and better in one.
 */
public final class Pareto {

    private Pareto() {
    }

    /**
     * Which points are on the front.
     *
     * @param cost        each point's cost, lower better
     * @param service     each point's service
     * @param higherIsBetter whether more service is better (SLO attainment) or worse (a wait)
     * @return per point, whether it is on the front
     */
    public static boolean[] front(Seq<Double> cost, Seq<Double> service, boolean higherIsBetter) {
        int n = cost.size();
        boolean[] on = new boolean[n];
        for (int i = 0; i < n; i++) {
            on[i] = true;
            for (int j = 0; j < n && on[i]; j++) {
                if (j != i && dominates(cost.get(j), service.get(j), cost.get(i), service.get(i), higherIsBetter)) {
                    on[i] = false;
                }
            }
        }
        return on;
    }

    /** Whether point a is at least as good as b in both and better in one. */
    static boolean dominates(double costA, double serviceA, double costB, double serviceB, boolean higherIsBetter) {
        double a = higherIsBetter ? serviceA : -serviceA;
        double b = higherIsBetter ? serviceB : -serviceB;
        return costA <= costB && a >= b && (costA < costB || a > b);
    }
}
