package io.modelscale.placement.packing;

import io.modelscale.core.server.ServerName;

/** Why a server's models cannot be repacked onto the replicas asked for. */
public sealed interface RepackFailure {

    /** One line for a person. */
    String describe();

    /**
     * No server has that name.
     *
     * @param server the name asked for
     */
    record UnknownServer(ServerName server) implements RepackFailure {
        @Override
        public String describe() {
            return "server " + server + " does not exist";
        }
    }

    /**
     * The target is below a lower bound, or exceeds the replicas the server has: no packing exists.
     *
     * @param server  the server
     * @param target  the replica count asked for
     * @param usable  how many replicas below the target exist and take models
     * @param bounds  the lower bounds
     */
    record Infeasible(ServerName server, int target, int usable, LowerBounds bounds) implements RepackFailure {
        @Override
        public String describe() {
            return "cannot pack the models of " + server + " onto " + target + " replicas (" + usable
                + " usable): they need " + bounds.describe();
        }
    }

    /**
     * The target is at or above the lower bounds, but no packing was found: either none exists (the bounds are not
     * tight) or the search gave up.
     *
     * @param server the server
     * @param target the replica count asked for
     * @param bounds the lower bounds
     */
    record NoPackingFound(ServerName server, int target, LowerBounds bounds) implements RepackFailure {
        @Override
        public String describe() {
            return "found no packing of the models of " + server + " onto " + target + " replicas, although "
                + bounds.describe() + " does not rule it out";
        }
    }

    /**
     * A packing exists, but no order of moves keeps every model available without overfilling a replica.
     *
     * @param server the server
     * @param target the replica count asked for
     * @param stuck  how many moves could not be made
     */
    record NoSafeOrder(ServerName server, int target, int stuck) implements RepackFailure {
        @Override
        public String describe() {
            return "no make-before-break order moves the models of " + server + " onto " + target
                + " replicas: " + stuck + " moves would overfill a replica or leave a model unavailable";
        }
    }
}
