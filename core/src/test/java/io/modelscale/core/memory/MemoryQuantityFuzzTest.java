package io.modelscale.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.modelscale.core.Problem;
import io.vavr.control.Either;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@link MemoryQuantity#parse(String, String)} with arbitrary text.
 *
 * <p>In the default build this runs as a regression test over the committed inputs in
 * {@code MemoryQuantityFuzzTestInputs/parse}; with {@code JAZZER_FUZZ=1} (the {@code fuzz} profile) Jazzer mutates them
 * for the profile's set time. Any exception, or a broken property below, is a finding.
 */
class MemoryQuantityFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Either<Problem, MemoryQuantity> parsed = MemoryQuantity.parse("spec.memory", text);
        if (parsed.isLeft()) {
            Problem problem = parsed.getLeft();
            assertThat(problem.field()).isEqualTo("spec.memory");
            assertThat(problem.message()).isNotBlank();
            assertThat(problem.describe()).startsWith("spec.memory");
            return;
        }
        MemoryQuantity quantity = parsed.get();
        assertThat(quantity.bytes()).isNotNegative();
        String formatted = quantity.format();
        assertThat(MemoryQuantity.parse(formatted).get()).isEqualTo(quantity);
        assertThat(formatted.length()).isLessThanOrEqualTo(Long.toString(quantity.bytes()).length());
    }
}
