package io.modelscale.simulation.scenario;

import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerSpec;
import io.modelscale.simulation.scenario.YamlNode.Mapping;
import io.vavr.control.Option;

/**
 * A Seldon Core 2 {@code Server} resource: {@code metadata.name}, {@code spec.serverConfig} and the replica counts;
 * the operator is taken to report the initial replicas as the expected count.
 */
final class ServerDocument {

    private ServerDocument() {
    }

    /** The server, or none with its problems recorded. */
    static Option<ServerSpec> read(DocumentReader reader, Mapping document) {
        Option<ServerName> name = reader.metadataName(document).flatMap(n -> reader.parsed(document,
            "metadata.name", ServerName.parse(n)));
        Option<Mapping> spec = document.get("spec").isEmpty() ? Option.some(new Mapping(
            io.vavr.collection.LinkedHashMap.empty(), document.line())) : reader.mapping(document, "spec", "Server");
        if (name.isEmpty() || spec.isEmpty()) {
            return Option.none();
        }
        spec.get().get("serverConfig").forEach(n -> reader.scalar(n, "Server " + name.get() + " spec.serverConfig"));
        return ModelDocument.scaling(reader, spec.get(), "Server " + name.get()).map(s -> ServerSpec.of(name.get(), s));
    }
}
