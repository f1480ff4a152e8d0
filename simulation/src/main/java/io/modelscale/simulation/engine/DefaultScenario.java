package io.modelscale.simulation.engine;

import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerSpec;
import io.modelscale.simulation.trace.ServiceTime;
import io.modelscale.simulation.trace.Traces;
import io.vavr.collection.List;
import java.time.Duration;
import java.time.Instant;

/**
 * The built-in scenario: one hour of the two Azure LLM traces on one multi-model server.
 *
 * <p>The conversation trace is split over five models ({@code chat-0} … {@code chat-4}) and the coding trace over three
 * ({@code code-0} … {@code code-2}), each request drawn with Zipf popularity (exponent 1.1), so that a few models are
 * busy and the rest are light. Requests are served as {@link Fidelity#DEFAULT} serves them (full: both phases of a
 * request, least-request routing, shared server replicas, eviction); the {@code fidelity} variants serve them
 * otherwise. The models need 4 GiB (chat) and
 * 2 GiB (code), autoscale between 1 and 6 replicas, and serve 4 requests at once per replica. The server
 * {@code mlserver} has replicas of 16 GiB (10 % overcommit), 4 in its manifest,
 * and autoscales between 1 and 10. A new server
 * replica takes 60 s to start, a model 30 s to load and 5 s to unload; stats are evaluated every 20 s; a request that
 * waits more than 1 s misses its SLO. The run starts warm ({@link Settings.InitialState#WARM}): each model at the
 * replicas its first 20 s of traffic needs and the server at the lower bound of what it hosts, so that a comparison
 * measures how each preset follows the traffic rather than how it recovers from a cold start.
 */
public final class DefaultScenario {

    /** The seed the command line uses unless told otherwise. */
    public static final long SEED = 42;

    private DefaultScenario() {
    }

    /** The scenario: both traces, eight models ({@code mixed} on the command line). */
    public static Scenario scenario() {
        return scenario(Fidelity.DEFAULT);
    }

    /** {@link #scenario()} served under {@code fidelity}. */
    public static Scenario scenario(Fidelity fidelity) {
        return azure("azure-llm-2023", 5, 3, fidelity);
    }

    /** The conversation trace alone over {@code chat-0} … {@code chat-4} ({@code conversation}). */
    public static Scenario conversation() {
        return conversation(Fidelity.DEFAULT);
    }

    /** {@link #conversation()} served under {@code fidelity}. */
    public static Scenario conversation(Fidelity fidelity) {
        return azure("azure-llm-2023-conversation", 5, 0, fidelity);
    }

    /** The coding trace alone over {@code code-0} … {@code code-2} ({@code code}). */
    public static Scenario code() {
        return code(Fidelity.DEFAULT);
    }

    /** {@link #code()} served under {@code fidelity}. */
    public static Scenario code(Fidelity fidelity) {
        return azure("azure-llm-2023-code", 0, 3, fidelity);
    }

    private static Scenario azure(String name, int chats, int codes, Fidelity fidelity) {
        ServerName server = ServerName.of("mlserver");
        ServerSetup mlserver = new ServerSetup(ServerSpec.of(server, new ScalingSpec(4, 1, MaxReplicas.of(10))),
            List.of("mlserver"), new ReplicaMemory(16L << 30, 10));
        List<ModelSpec> models = List.range(0, chats).map(i -> model("chat-" + i, 4L << 30))
            .appendAll(List.range(0, codes).map(i -> model("code-" + i, 2L << 30)));
        ServiceTime service = fidelity.serviceTime();
        Settings settings = new Settings(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofHours(1),
            Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(5), 4,
            Duration.ofSeconds(1), Duration.ofMinutes(5), 0, Settings.InitialState.WARM, Duration.ZERO)
            .withServing(fidelity.serving());
        return new Scenario(name, List.of(mlserver), models, seed -> {
            java.util.List<io.modelscale.simulation.trace.RequestSource> sources = new java.util.ArrayList<>();
            if (chats > 0) {
                sources.add(Traces.zipfSplit(Traces.Azure.CONVERSATION.open(0, service, Traces.stream(seed, 1_000)),
                    0, chats, 1.1, Traces.stream(seed, 0)));
            }
            if (codes > 0) {
                sources.add(Traces.zipfSplit(Traces.Azure.CODE.open(chats, service, Traces.stream(seed, 1_001)),
                    chats, codes, 1.1, Traces.stream(seed, 1)));
            }
            return Traces.merged(sources);
        }, settings, List.empty(), PolicyChoice.none(), io.vavr.control.Option.none());
    }

    private static ModelSpec model(String name, long memoryBytes) {
        return ModelSpec.builder().name(ModelName.of(name)).memory(MemoryQuantity.ofBytes(memoryBytes))
            .requirements(List.of("mlserver")).scaling(new ScalingSpec(1, 1, MaxReplicas.of(6))).build();
    }
}
