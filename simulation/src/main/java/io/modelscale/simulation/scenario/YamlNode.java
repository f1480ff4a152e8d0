package io.modelscale.simulation.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.IOException;
import java.io.Reader;

/** A YAML value with the line it starts on; scalars keep their text. */
public sealed interface YamlNode {

    /** The line the value starts on, from 1. */
    int line();

    /**
     * A mapping, its keys in file order.
     *
     * @param entries the values by key
     * @param line    its line
     */
    record Mapping(LinkedHashMap<String, YamlNode> entries, int line) implements YamlNode {
        /** The value under {@code key}, if present and not null. */
        public Option<YamlNode> get(String key) {
            return entries.get(key).filter(v -> !(v instanceof Null));
        }
    }

    /**
     * A sequence.
     *
     * @param items its items
     * @param line  its line
     */
    record Sequence(Seq<YamlNode> items, int line) implements YamlNode {
    }

    /**
     * A scalar.
     *
     * @param text its text
     * @param line its line
     */
    record Scalar(String text, int line) implements YamlNode {
    }

    /**
     * An explicit null or an empty value.
     *
     * @param line its line
     */
    record Null(int line) implements YamlNode {
    }

    /** A short name of the node's kind, for messages. */
    default String kind() {
        return this instanceof Mapping ? "a mapping" : this instanceof Sequence ? "a list"
            : this instanceof Scalar ? "a value" : "nothing";
    }

    /**
     * Every document of a YAML stream, or the syntax error with its line.
     *
     * @return the documents, or the line and message of the first syntax error
     */
    static Either<String, Seq<YamlNode>> documents(Reader reader) {
        return documents(reader, false, 0);
    }

    /**
     * Every document of a YAML stream, or of a JSON text when {@code json}, each node's line moved by {@code offset};
     * or the syntax error with its line (not moved).
     */
    static Either<String, Seq<YamlNode>> documents(Reader reader, boolean json, int offset) {
        try (JsonParser parser = json ? new com.fasterxml.jackson.core.JsonFactory().createParser(reader)
            : new YAMLFactory().createParser(reader)) {
            List<YamlNode> documents = List.empty();
            while (parser.nextToken() != null) {
                documents = documents.append(read(parser, offset));
            }
            return Either.right(documents);
        } catch (JsonProcessingException e) {
            return Either.left("line " + (e.getLocation() == null ? 0 : e.getLocation().getLineNr()) + ": not valid"
                + " YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            return Either.left("line 0: cannot be read: " + e.getMessage());
        }
    }

    private static YamlNode read(JsonParser parser, int offset) throws IOException {
        JsonToken token = parser.currentToken();
        int line = parser.currentTokenLocation().getLineNr() + offset;
        if (token == JsonToken.START_OBJECT) {
            LinkedHashMap<String, YamlNode> entries = LinkedHashMap.empty();
            while (parser.nextToken() != JsonToken.END_OBJECT) {
                String key = parser.currentName();
                parser.nextToken();
                entries = entries.put(key, read(parser, offset));
            }
            return new Mapping(entries, line);
        }
        if (token == JsonToken.START_ARRAY) {
            List<YamlNode> items = List.empty();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items = items.append(read(parser, offset));
            }
            return new Sequence(items, line);
        }
        if (token == JsonToken.VALUE_NULL) {
            return new Null(line);
        }
        return new Scalar(parser.getText(), line);
    }
}
