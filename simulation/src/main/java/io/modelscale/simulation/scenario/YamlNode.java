package io.modelscale.simulation.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
     * A mapping, its keys in file order. Held as two arrays, keys and values, looked up by a walk (a mapping of a
     * manifest holds a handful of keys) or, in a mapping of many keys, through an index built at the first look-up:
     * a file of many manifests keeps many mappings until it is checked, so each costs little memory.
     */
    final class Mapping implements YamlNode {
        /** Mappings of more keys than this are looked up through an index. */
        private static final int WALKED = 16;
        private final String[] keys;
        private final YamlNode[] values;
        /** The line of each key; null when the keys are taken to be on their values' lines. */
        private final int[] keyLines;
        private final int line;
        private java.util.Map<String, Integer> index;

        /**
         * @param entries the values by key, in file order
         * @param line    its line
         */
        public Mapping(LinkedHashMap<String, YamlNode> entries, int line) {
            this(entries.keySet().toJavaArray(String[]::new), entries.values().toJavaArray(YamlNode[]::new), line);
        }

        /** Keys and values in file order, each key once; the arrays are the mapping's own from now on. */
        Mapping(String[] keys, YamlNode[] values, int line) {
            this(keys, values, null, line);
        }

        /** As {@link #Mapping(String[], YamlNode[], int)}, with the line each key is on. */
        Mapping(String[] keys, YamlNode[] values, int[] keyLines, int line) {
            if (keys.length != values.length || keyLines != null && keyLines.length != keys.length) {
                throw new IllegalArgumentException(keys.length + " keys for " + values.length + " values");
            }
            this.keys = keys;
            this.values = values;
            this.keyLines = keyLines;
            this.line = line;
        }

        /**
         * The line {@code key} is written on (a mapping or list value starts on the next one); its value's line when
         * the key's is not known, the mapping's when the key is not there.
         */
        public int keyLine(String key) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) {
                    return keyLines != null ? keyLines[i] : values[i].line();
                }
            }
            return line;
        }

        @Override
        public int line() {
            return line;
        }

        /** The values by key, in file order (a new map each call). */
        public LinkedHashMap<String, YamlNode> entries() {
            return LinkedHashMap.ofEntries(fields());
        }

        /** The keys and their values, in file order. */
        public Seq<io.vavr.Tuple2<String, YamlNode>> fields() {
            io.vavr.Tuple2<String, YamlNode>[] pairs = newPairs(keys.length);
            for (int i = 0; i < keys.length; i++) {
                pairs[i] = io.vavr.Tuple.of(keys[i], values[i]);
            }
            return io.vavr.collection.Array.of(pairs);
        }

        @SuppressWarnings("unchecked")
        private static io.vavr.Tuple2<String, YamlNode>[] newPairs(int n) {
            return (io.vavr.Tuple2<String, YamlNode>[]) new io.vavr.Tuple2<?, ?>[n];
        }

        /** How many keys it holds. */
        public int size() {
            return keys.length;
        }

        /** Whether {@code key} is one of its keys (its value may be null). */
        public boolean containsKey(String key) {
            return find(key) >= 0;
        }

        /** The value under {@code key}, if present and not null. */
        public Option<YamlNode> get(String key) {
            int at = find(key);
            return at < 0 || values[at] instanceof Null ? Option.none() : Option.some(values[at]);
        }

        private int find(String key) {
            if (keys.length > WALKED) {
                if (index == null) {
                    java.util.Map<String, Integer> built = new java.util.HashMap<>(keys.length * 2);
                    for (int i = 0; i < keys.length; i++) {
                        built.put(keys[i], i);
                    }
                    index = built;
                }
                Integer at = index.get(key);
                return at == null ? -1 : at;
            }
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        /** Equal to a mapping of the same line holding the same keys with equal values, in any order. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Mapping that && line == that.line && entries().equals(that.entries());
        }

        @Override
        public int hashCode() {
            return 31 * entries().hashCode() + line;
        }

        @Override
        public String toString() {
            return "Mapping[entries=" + entries() + ", line=" + line + "]";
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

    /** The most aliases a document may use, so that a "billion laughs" document is refused, not expanded. */
    int MAX_ALIASES = 100;
    /** The deepest a document may nest. */
    int MAX_DEPTH = 64;
    /** The most characters a scenario source may hold. */
    int MAX_CODE_POINTS = 8 * 1024 * 1024;

    /**
     * Every document of a YAML stream, or the syntax error with its line.
     *
     * @return the documents, or the line and message of the first syntax error
     */
    static Either<String, Seq<YamlNode>> documents(Reader reader) {
        return documents(reader, false, 0);
    }

    /**
     * {@link #documents(Reader, boolean, int)} of a text held whole: a character YAML does not allow is named at its
     * line (the reader knows only its position in the stream).
     */
    static Either<String, Seq<YamlNode>> documents(String text, boolean json, int offset) {
        Either<String, Seq<YamlNode>> read = documents(new java.io.StringReader(text), json, offset);
        java.util.regex.Matcher at = java.util.regex.Pattern.compile("character (\\d+): (.*)",
            java.util.regex.Pattern.DOTALL).matcher(read.isLeft() ? read.getLeft() : "");
        if (!at.matches()) {
            return read;
        }
        long position = Long.parseLong(at.group(1));
        int line = 1;
        int[] codePoints = text.codePoints().limit(position).toArray();
        for (int c : codePoints) {
            if (c == '\n') {
                line++;
            }
        }
        return Either.left("line " + line + ": " + at.group(2));
    }

    /**
     * Every document of a YAML stream, or of a JSON text when {@code json}, each node's line moved by {@code offset};
     * or the first error with its line (not moved), as {@code line N: message}.
     *
     * <p>YAML is composed by SnakeYAML as YAML 1.1 defines it: anchors and aliases give the aliased value, merge keys
     * ({@code <<}) merge the mappings they name (keys written in the mapping win, then earlier merged mappings), a key
     * given twice in one mapping is an error naming both lines, and a source of more than {@link #MAX_CODE_POINTS}
     * characters, more than {@link #MAX_ALIASES} aliases or more than {@link #MAX_DEPTH} levels is refused.
     */
    static Either<String, Seq<YamlNode>> documents(Reader reader, boolean json, int offset) {
        if (json) {
            return jsonDocuments(reader, offset);
        }
        org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        // the parser's own limit, which knows no line, only guards the stack: the conversion names the line past ours
        options.setNestingDepthLimit(MAX_DEPTH * 4);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        try {
            java.util.List<YamlNode> documents = new java.util.ArrayList<>();
            org.yaml.snakeyaml.DumperOptions dumping = new org.yaml.snakeyaml.DumperOptions();
            org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml(
                new org.yaml.snakeyaml.constructor.SafeConstructor(options),
                new org.yaml.snakeyaml.representer.Representer(dumping), dumping, options, new TagsRead());
            for (org.yaml.snakeyaml.nodes.Node node : yaml.composeAll(reader)) {
                documents.add(Composed.convert(node, offset, 0, new java.util.IdentityHashMap<>()));
            }
            return Either.right(List.ofAll(documents));
        } catch (Composed.Located e) {
            return Either.left("line " + e.line + ": " + e.getMessage());
        } catch (org.yaml.snakeyaml.error.MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1
                : e.getContextMark() != null ? e.getContextMark().getLine() + 1 : 0;
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            return Either.left("line " + line + ": not valid YAML: " + problem.strip() + context);
        } catch (org.yaml.snakeyaml.reader.ReaderException e) {
            return Either.left("character " + e.getPosition() + ": not valid YAML: the character U+"
                + String.format(java.util.Locale.ROOT, "%04X", e.getCodePoint()) + " is not allowed in a YAML text");
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Either.left("line 0: not valid YAML: " + message.lines().findFirst().orElse("").strip());
        }
    }

    private static Either<String, Seq<YamlNode>> jsonDocuments(Reader reader, int offset) {
        try (JsonParser parser = new com.fasterxml.jackson.core.JsonFactory().createParser(reader)) {
            java.util.List<YamlNode> documents = new java.util.ArrayList<>();
            while (parser.nextToken() != null) {
                documents.add(read(parser, offset));
            }
            return Either.right(List.ofAll(documents));
        } catch (JsonProcessingException e) {
            return Either.left("line " + (e.getLocation() == null ? 0 : e.getLocation().getLineNr()) + ": not valid"
                + " JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            return Either.left("line 0: cannot be read: " + e.getMessage());
        }
    }

    /**
     * Resolves only the implicit tags this reader looks at, null and merge keys, with SnakeYAML's own patterns: every
     * other plain scalar is kept as its text, so matching it against the patterns of numbers, booleans and timestamps
     * would cost for nothing.
     */
    final class TagsRead extends org.yaml.snakeyaml.resolver.Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.MERGE, MERGE, "<", 10);
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, NULL, "~nN\0", 10);
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, EMPTY, null, 10);
        }
    }

    /** Turns SnakeYAML's composed nodes into {@link YamlNode}s. */
    final class Composed {
        private Composed() {
        }

        /** A problem found while converting, at its line: a key given twice in one mapping, nesting too deep. */
        static final class Located extends RuntimeException {
            private static final long serialVersionUID = 1L;
            final int line;

            Located(int line, String message) {
                super(message, null, false, false);
                this.line = line;
            }
        }

        /**
         * The node as a {@link YamlNode}; a node reached again through an alias is converted once and shared, so that
         * aliases cost no more than the nodes they name.
         */
        static YamlNode convert(org.yaml.snakeyaml.nodes.Node node, int offset, int depth,
                                java.util.Map<org.yaml.snakeyaml.nodes.Node, YamlNode> done) {
            YamlNode known = done.get(node);
            if (known != null) {
                return known;
            }
            YamlNode converted = convertOnce(node, offset, depth, done);
            done.put(node, converted);
            return converted;
        }

        private static YamlNode convertOnce(org.yaml.snakeyaml.nodes.Node node, int offset, int depth,
                                            java.util.Map<org.yaml.snakeyaml.nodes.Node, YamlNode> done) {
            int line = node.getStartMark() == null ? offset + 1 : node.getStartMark().getLine() + 1 + offset;
            if (depth > MAX_DEPTH) {
                throw new Located(line - offset, "not valid YAML: the document nests deeper than " + MAX_DEPTH
                    + " levels: expected at most " + MAX_DEPTH);
            }
            if (node instanceof org.yaml.snakeyaml.nodes.MappingNode mapping) {
                java.util.List<String> keys = new java.util.ArrayList<>(mapping.getValue().size());
                java.util.List<YamlNode> values = new java.util.ArrayList<>(mapping.getValue().size());
                java.util.List<Integer> keyLines = new java.util.ArrayList<>(mapping.getValue().size());
                java.util.Map<String, Integer> lines = new java.util.HashMap<>();
                List<org.yaml.snakeyaml.nodes.MappingNode> merged = List.empty();
                for (org.yaml.snakeyaml.nodes.NodeTuple tuple : mapping.getValue()) {
                    org.yaml.snakeyaml.nodes.Node key = tuple.getKeyNode();
                    if (key.getTag() == org.yaml.snakeyaml.nodes.Tag.MERGE) {
                        merged = merged.appendAll(mergedMappings(tuple.getValueNode()));
                        continue;
                    }
                    int keyLine = key.getStartMark() == null ? line : key.getStartMark().getLine() + 1 + offset;
                    if (!(key instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar)) {
                        throw new Located(keyLine - offset, "not valid here: a key that is a "
                            + (key instanceof org.yaml.snakeyaml.nodes.SequenceNode ? "list" : "mapping")
                            + ": expected a plain key, such as memory");
                    }
                    String name = scalar.getValue();
                    Integer earlier = lines.putIfAbsent(name, keyLine);
                    if (earlier != null) {
                        throw new Located(keyLine - offset, "'" + name + "' is given twice in one mapping (first at"
                            + " line " + (earlier - offset) + "): expected each key once");
                    }
                    keys.add(name);
                    keyLines.add(keyLine);
                    values.add(convert(tuple.getValueNode(), offset, depth + 1, done));
                }
                for (org.yaml.snakeyaml.nodes.MappingNode source : merged) {
                    Mapping converted = (Mapping) convert(source, offset, depth + 1, done);
                    for (int i = 0; i < converted.keys.length; i++) {
                        if (lines.putIfAbsent(converted.keys[i], line) == null) {
                            keys.add(converted.keys[i]);
                            keyLines.add(converted.keyLine(converted.keys[i]));
                            values.add(converted.values[i]);
                        }
                    }
                }
                return new Mapping(keys.toArray(String[]::new), values.toArray(YamlNode[]::new),
                    keyLines.stream().mapToInt(Integer::intValue).toArray(), line);
            }
            if (node instanceof org.yaml.snakeyaml.nodes.SequenceNode sequence) {
                java.util.List<YamlNode> items = new java.util.ArrayList<>(sequence.getValue().size());
                for (org.yaml.snakeyaml.nodes.Node item : sequence.getValue()) {
                    items.add(convert(item, offset, depth + 1, done));
                }
                return new Sequence(io.vavr.collection.Vector.ofAll(items), line);
            }
            org.yaml.snakeyaml.nodes.ScalarNode scalar = (org.yaml.snakeyaml.nodes.ScalarNode) node;
            if (scalar.getTag() == org.yaml.snakeyaml.nodes.Tag.NULL) {
                return new Null(line);
            }
            return new Scalar(scalar.getValue(), line);
        }

        /** The mappings a merge key names: one mapping, or a list of them, in order. */
        private static List<org.yaml.snakeyaml.nodes.MappingNode> mergedMappings(org.yaml.snakeyaml.nodes.Node value) {
            if (value instanceof org.yaml.snakeyaml.nodes.MappingNode mapping) {
                return List.of(mapping);
            }
            if (value instanceof org.yaml.snakeyaml.nodes.SequenceNode sequence) {
                List<org.yaml.snakeyaml.nodes.MappingNode> all = List.empty();
                for (org.yaml.snakeyaml.nodes.Node item : sequence.getValue()) {
                    if (!(item instanceof org.yaml.snakeyaml.nodes.MappingNode mapping)) {
                        throw new org.yaml.snakeyaml.error.MarkedYAMLException("while merging", value.getStartMark(),
                            "a merge key (<<) takes a mapping or a list of mappings", item.getStartMark()) {
                            private static final long serialVersionUID = 1L;
                        };
                    }
                    all = all.append(mapping);
                }
                return all;
            }
            throw new org.yaml.snakeyaml.error.MarkedYAMLException("while merging", value.getStartMark(),
                "a merge key (<<) takes a mapping or a list of mappings", value.getStartMark()) {
                private static final long serialVersionUID = 1L;
            };
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
            java.util.List<YamlNode> items = new java.util.ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(read(parser, offset));
            }
            return new Sequence(io.vavr.collection.Vector.ofAll(items), line);
        }
        if (token == JsonToken.VALUE_NULL) {
            return new Null(line);
        }
        return new Scalar(parser.getText(), line);
    }
}
