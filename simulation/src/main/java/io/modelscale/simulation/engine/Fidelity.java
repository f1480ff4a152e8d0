package io.modelscale.simulation.engine;

import io.modelscale.simulation.trace.ServiceTime;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.util.Locale;

/**
 * A bundle of serving settings, chosen at once with {@code fidelity:} in a Simulation section or {@code --fidelity}
 * for a built-in scenario; any setting the section names itself overrides its bundle's.
 *
 * <ul>
 *   <li>{@link #SIMPLE}: a request takes 50 ms plus 20 ms per generated token, its prompt ignored; one queue per
 *       model over all its replicas; a server replica serves any number of requests at full speed.</li>
 *   <li>{@link #FULL}: the Splitwise paper's measurements of Llama-70B on a DGX-H100 (ISCA 2024, Table IV: 61 ms of
 *       overhead, 23 µs per prompt token, 30 ms per generated token); least-request routing to per-replica queues;
 *       the requests on one server replica share its speed, half speed at 64 at once (§III-C, Figure 5b); and
 *       models beyond a server replica's main memory are evicted least recently used first and reloaded when a
 *       request comes, as Seldon's agent does with overcommit. It leaves load times alone: no published figure ties them to a model's size, so {@code modelLoadPerGi} is the
 *       user's own measurement.</li>
 * </ul>
 */
public enum Fidelity {
    /** The simple model. */
    SIMPLE(new ServiceTime(50_000, 20_000), ServingModel.simple()),
    /** Both phases of a request, per-replica routing, shared server replicas and eviction: the default. */
    FULL(new ServiceTime(61_000, 23_000, 30_000, 0),
        new ServingModel(ServingModel.Routing.LEAST_REQUEST, 64, true));

    /** The bundle a run gets unless it names one: {@link #FULL}. */
    public static final Fidelity DEFAULT = FULL;

    private final ServiceTime serviceTime;
    private final ServingModel serving;

    Fidelity(ServiceTime serviceTime, ServingModel serving) {
        this.serviceTime = serviceTime;
        this.serving = serving;
    }

    /** How long an Azure trace request takes under this bundle. */
    public ServiceTime serviceTime() {
        return serviceTime;
    }

    /** How requests reach replicas and share a server replica under this bundle. */
    public ServingModel serving() {
        return serving;
    }

    /** Its name in a scenario file and on the command line: {@code simple} or {@code full}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The bundle called {@code text}, or a message naming it and what was expected. */
    public static Either<String, Fidelity> parse(String text) {
        return List.of(values()).find(f -> f.label().equals(text.strip())).toEither(() -> "'" + text
            + "' is not a fidelity: expected " + List.of(values()).map(Fidelity::label).mkString(" or "));
    }
}
