package io.modelscale.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ExpectedReplicas;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.vavr.control.Option;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input the core accepts, each with the exact message it must produce: input read from resources
 * gives a {@link Problem} naming the field, the value and what was expected; a value a program builds wrongly throws
 * {@link IllegalArgumentException} naming the field and the value.
 */
class BadInputTest {

    private static final String LABEL_RULE = "lowercase letters, digits and '-', starting and ending with a letter or"
        + " digit, at most 63 characters";
    private static final String SUBDOMAIN_RULE = "lowercase letters, digits and '-' or '.', starting and ending with a"
        + " letter or digit, at most 253 characters";
    private static final String FINE_DIGITS = "is not a whole number of bytes: Kubernetes converts to bytes only"
        + " quantities without digits below one byte (no 'm', 'u', 'n', and no fraction finer than its unit)";
    private static final String SUFFIXES = "one of Ki Mi Gi Ti Pi Ei, k M G T P E, m u n, or an exponent such as e3";

    static Stream<Arguments> badInputs() {
        return Stream.of(
            row("empty quantity", () -> quantity(""),
                "memory: an empty string is not a memory quantity: write one such as 100Ki"),
            row("missing quantity", () -> quantity(null), "memory: a memory quantity is required, such as 100Ki"),
            row("quantity with spaces", () -> quantity(" 1Ki"),
                "memory: ' 1Ki' has spaces around it: write the quantity alone, such as 100Ki"),
            row("fractional binary quantity", () -> quantity("1.5Gi"),
                "memory: '1.5Gi' is not a whole number of bytes: a binary suffix (Gi) takes an integer, so write it"
                    + " with a smaller unit, such as 1536Mi for 1.5Gi"),
            row("milli quantity", () -> quantity("100m"), "memory: '100m' " + FINE_DIGITS),
            row("integral milli quantity", () -> quantity("1000m"), "memory: '1000m' " + FINE_DIGITS),
            row("fraction finer than the unit", () -> quantity("1.0"), "memory: '1.0' " + FINE_DIGITS),
            row("negative memory", () -> quantity("-1Ki"),
                "memory: '-1Ki' is negative: memory must be zero or more bytes"),
            row("unit written as bytes", () -> quantity("1KiB"),
                "memory: '1KiB' has an unknown suffix 'KiB': expected " + SUFFIXES),
            row("upper-case kilo", () -> quantity("1K"), "memory: '1K' has an unknown suffix 'K': expected " + SUFFIXES),
            row("exponent without digits", () -> quantity("1e"),
                "memory: '1e' has an unknown suffix 'e': expected " + SUFFIXES),
            row("no number", () -> quantity("Gi"),
                "memory: 'Gi' does not start with a number: write digits then a suffix, such as 100Ki"),
            row("binary overflow", () -> quantity("8Ei"),
                "memory: '8Ei' is too large: at most 9223372036854775807 bytes (about 8Ei) fit"),
            row("exponent overflow", () -> quantity("1e30"),
                "memory: '1e30' is too large: at most 9223372036854775807 bytes (about 8Ei) fit"),
            row("negative replicas", () -> scaling(-1, null, null),
                "replicas: scaling spec is invalid: number of replicas -1 must be >= 0"),
            row("every count negative", () -> scaling(-1, -2, -3),
                "replicas: scaling spec is invalid: number of replicas -1 must be >= 0; "
                    + "minReplicas: scaling spec is invalid: min replicas -2 must be >= 0; "
                    + "maxReplicas: scaling spec is invalid: max replicas -3 must be >= 0"),
            row("replicas below min", () -> scaling(1, 2, 4),
                "replicas: scaling spec is invalid: number of replicas 1 must be >= min replicas 2"),
            row("replicas above max", () -> scaling(5, 1, 4),
                "replicas: scaling spec is invalid: number of replicas 5 must be <= max replicas 4"),
            row("min above max", () -> scaling(6, 6, 4),
                "minReplicas: scaling spec is invalid: min number of replicas 6 must be <= max number of replicas 4"),
            row("upper-case model name", () -> ModelName.parse("Bad_Name").getLeft().describe(),
                "name: 'Bad_Name' is not a valid name: expected " + SUBDOMAIN_RULE),
            row("empty model name", () -> ModelName.parse("").getLeft().describe(),
                "name: the name is empty: expected " + SUBDOMAIN_RULE),
            row("model name starting with a dash", () -> ModelName.parse("-iris").getLeft().describe(),
                "name: '-iris' is not a valid name: expected " + SUBDOMAIN_RULE),
            row("server name with a dot", () -> ServerName.parse("ml.server").getLeft().describe(),
                "name: 'ml.server' is not a valid name: expected " + LABEL_RULE),
            row("server name too long", () -> ServerName.parse("s".repeat(64)).getLeft().describe(),
                "name: the name has 64 characters: expected " + LABEL_RULE),
            row("server name built in code", () -> thrown(() -> ServerName.of("MLServer")),
                "server name: 'MLServer' is not a valid name: expected " + LABEL_RULE),
            row("negative bytes built in code", () -> thrown(() -> MemoryQuantity.ofBytes(-1)),
                "bytes must not be negative, got -1"),
            row("negative replica memory", () -> thrown(() -> new ReplicaMemory(-5, 0)),
                "totalBytes must not be negative, got -5"),
            row("negative overcommit", () -> thrown(() -> new ReplicaMemory(5, -10)),
                "overcommitPercentage must not be negative, got -10"),
            row("negative replica index", () -> thrown(() -> ReplicaIndex.of(-1)),
                "replica index must not be negative, got -1"),
            row("zero max bound", () -> thrown(() -> MaxReplicas.of(0)),
                "maxReplicas bound must be at least 1 (use MaxReplicas.unbounded() for none), got 0"),
            row("negative expected replicas", () -> thrown(() -> ExpectedReplicas.of(-1)),
                "expected replicas must not be negative (use ExpectedReplicas.unknown()), got -1"),
            row("zero instances", () -> thrown(() -> ModelSpec.builder().name(ModelName.of("iris")).instanceCount(0)
                .build()), "instanceCount must be at least 1, got 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInput_givesItsClearMessage(String kind, Supplier<String> message, String expected) {
        assertThat(message.get()).isEqualTo(expected);
    }

    private static Arguments row(String kind, Supplier<String> message, String expected) {
        return Arguments.of(kind, message, expected);
    }

    private static String quantity(String text) {
        return MemoryQuantity.parse(text).getLeft().describe();
    }

    private static String scaling(Integer replicas, Integer min, Integer max) {
        return ScalingSpec.validate(Option.of(replicas), Option.of(min), Option.of(max)).getError()
            .map(Problem::describe).mkString("; ");
    }

    private static String thrown(Runnable build) {
        try {
            build.run();
        } catch (IllegalArgumentException expected) {
            return expected.getMessage();
        }
        return "no exception";
    }
}
