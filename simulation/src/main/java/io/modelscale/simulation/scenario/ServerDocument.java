package io.modelscale.simulation.scenario;

import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerSpec;
import io.modelscale.simulation.scenario.YamlNode.Mapping;
import io.modelscale.simulation.scenario.YamlNode.Sequence;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.util.function.UnaryOperator;

/**
 * A Seldon Core 2 {@code Server} resource: {@code metadata.name}, the replica counts, and what each replica offers.
 *
 * <p>Capabilities: {@code spec.capabilities} when given, else the defaults of {@code spec.serverConfig}
 * ({@link #MLSERVER} for {@code mlserver}, {@link #TRITON} for {@code triton}), with {@code spec.extraCapabilities}
 * added. A server config of another name whose name contains {@code mlserver} or {@code triton} takes that family's
 * defaults, with a warning; any other name needs {@code spec.capabilities}.
 *
 * <p>Memory: a Seldon agent reports its server container's memory request as the replica's capacity, so the memory
 * request of the container named {@code mlserver} or {@code triton} in {@code spec.podSpec} counts when given; the
 * caller falls back to the ServerConfig default otherwise. The operator is taken to report the initial replicas as the
 * expected count.
 */
final class ServerDocument {

    /** The capabilities of Seldon's default {@code mlserver} ServerConfig. */
    static final List<String> MLSERVER = List.of("mlserver", "alibi-detect", "alibi-explain", "huggingface",
        "lightgbm", "mlflow", "python", "sklearn", "spark-mlib", "xgboost");
    /** The capabilities of Seldon's default {@code triton} ServerConfig. */
    static final List<String> TRITON = List.of("triton", "dali", "fil", "onnx", "openvino", "python", "pytorch",
        "tensorflow", "tensorrt");
    /** The containers whose memory request a Seldon agent reports. */
    private static final List<String> SERVER_CONTAINERS = List.of("mlserver", "triton");

    /**
     * A Server as read.
     *
     * @param spec         its name and replica counts
     * @param capabilities what each replica offers, from its config, {@code capabilities} and
     *                     {@code extraCapabilities}
     * @param memory       its server container's memory request, if {@code podSpec} gives one, with the container's
     *                     name
     */
    record Parsed(ServerSpec spec, Seq<String> capabilities, Option<MemoryFromPod> memory) {
    }

    /**
     * A memory request read from a podSpec.
     *
     * @param bytes     the request
     * @param container the container that made it
     */
    record MemoryFromPod(long bytes, String container) {
    }

    private ServerDocument() {
    }

    /** The server, or none with its problems recorded; {@code naming} turns its name into the scenario's. */
    static Option<Parsed> read(DocumentReader reader, Mapping document, UnaryOperator<String> naming) {
        Option<ServerName> name = reader.metadataName(document).flatMap(n -> reader.parsed(
            reader.metadataNameNode(document), "metadata.name", ServerName.parse(naming.apply(n))));
        Option<Mapping> spec = document.get("spec").isEmpty() ? Option.some(new Mapping(
            io.vavr.collection.LinkedHashMap.empty(), document.line())) : reader.mapping(document, "spec", "Server");
        if (name.isEmpty() || spec.isEmpty()) {
            return Option.none();
        }
        String where = "Server " + name.get();
        Mapping s = spec.get();
        Option<Seq<String>> capabilities = capabilities(reader, s, where);
        Option<MemoryFromPod> memory = podMemory(reader, s, where);
        return ModelDocument.scaling(reader, s, where).flatMap(scaling -> capabilities.map(c -> new Parsed(
            ServerSpec.of(name.get(), scaling), c, memory)));
    }

    private static Option<Seq<String>> capabilities(DocumentReader reader, Mapping spec, String where) {
        List<String> extra = capped(reader, spec, "extraCapabilities", where);
        if (spec.get("capabilities").isDefined()) {
            return Option.some(capped(reader, spec, "capabilities", where).appendAll(extra).map(String::strip)
                .distinct());
        }
        Option<String> config = spec.get("serverConfig").flatMap(n -> reader.scalar(n, where + " spec.serverConfig"))
            .map(String::strip);
        List<String> defaults;
        if (config.isEmpty()) {
            if (spec.get("serverConfig").isDefined()) {
                return Option.none();
            }
            reader.warn(spec, where + " spec.serverConfig", "missing: taken as mlserver, with its capabilities");
            defaults = MLSERVER;
        } else if (config.get().equals("mlserver") || config.get().equals("triton")) {
            defaults = config.get().equals("mlserver") ? MLSERVER : TRITON;
        } else if (config.get().contains("mlserver") || config.get().contains("triton")) {
            String family = config.get().contains("mlserver") ? "mlserver" : "triton";
            reader.warn(spec.get("serverConfig").get(), where + " spec.serverConfig", "'" + config.get()
                + "' is not a default ServerConfig: taken to have the " + family + " capabilities (set"
                + " spec.capabilities to say otherwise)");
            defaults = family.equals("mlserver") ? MLSERVER : TRITON;
        } else {
            reader.problem(spec.get("serverConfig").get(), where + " spec.serverConfig", config.get(),
                "'" + config.get() + "' is not a ServerConfig whose capabilities are known: expected mlserver or"
                    + " triton, or spec.capabilities listing what the server can run");
            return Option.none();
        }
        return Option.some(defaults.appendAll(extra.map(String::strip)).distinct());
    }

    /** The most capabilities a Server may list, each list. */
    static final int MAX_CAPABILITIES = 1024;

    private static List<String> capped(DocumentReader reader, Mapping spec, String key, String where) {
        List<String> values = reader.strings(spec, key, where + " spec." + key);
        if (values.size() > MAX_CAPABILITIES) {
            reader.problem(spec.get(key).get(), where + " spec." + key, values.size() + " " + key, "too many:"
                + " expected at most " + MAX_CAPABILITIES);
            return values.take(MAX_CAPABILITIES);
        }
        return values;
    }

    /** The memory request of the server container in {@code spec.podSpec}, if one is given. */
    private static Option<MemoryFromPod> podMemory(DocumentReader reader, Mapping spec, String where) {
        Option<YamlNode> podNode = spec.get("podSpec");
        if (podNode.isDefined() && !(podNode.get() instanceof Mapping)) {
            reader.problem(podNode.get(), where + " spec.podSpec", podNode.get().kind(), "expected a mapping (a"
                + " Kubernetes PodSpec with containers)");
            return Option.none();
        }
        Option<Mapping> pod = podNode.map(Mapping.class::cast);
        Option<YamlNode> containers = pod.flatMap(p -> p.get("containers"));
        if (containers.isEmpty()) {
            return Option.none();
        }
        if (!(containers.get() instanceof Sequence list)) {
            reader.problem(containers.get(), where + " spec.podSpec.containers", containers.get().kind(),
                "expected a list of containers");
            return Option.none();
        }
        for (YamlNode item : list.items()) {
            if (!(item instanceof Mapping container)) {
                continue;
            }
            Option<String> name = container.get("name").flatMap(n -> n instanceof YamlNode.Scalar s
                ? Option.some(s.text().strip()) : Option.none());
            if (name.isEmpty() || !SERVER_CONTAINERS.contains(name.get())) {
                continue;
            }
            String field = where + " spec.podSpec.containers[" + name.get() + "].resources.requests.memory";
            Option<YamlNode> request = container.get("resources").flatMap(r -> r instanceof Mapping m
                ? m.get("requests") : Option.none()).flatMap(r -> r instanceof Mapping m ? m.get("memory")
                : Option.none());
            if (request.isEmpty()) {
                return Option.none();
            }
            return reader.scalar(request.get(), field).flatMap(text -> reader.parsed(request.get(), field,
                MemoryQuantity.parse("memory", text.strip()))).map(q -> new MemoryFromPod(q.bytes(), name.get()));
        }
        return Option.none();
    }
}
