package io.modelscale.simulation.trace;

/**
 * One request, as a reusable holder so that long traces allocate nothing per request.
 */
public final class Request {
    /** Arrival, in microseconds from the start of the run. */
    public long arrivalMicros;
    /** The model it is for, as an index into the scenario's models. */
    public int model;
    /** How long one replica takes to serve it, in microseconds. */
    public long serviceMicros;

    /** Sets every field. */
    public Request set(long arrivalMicros, int model, long serviceMicros) {
        this.arrivalMicros = arrivalMicros;
        this.model = model;
        this.serviceMicros = serviceMicros;
        return this;
    }
}
