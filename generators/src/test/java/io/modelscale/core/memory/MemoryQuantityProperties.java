package io.modelscale.core.memory;

import static io.modelscale.core.arbitrary.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.generators.CoreGenerators;
import org.junit.jupiter.api.Test;

class MemoryQuantityProperties {

    @Test
    void formattedBytesParseBackToTheSameBytes() {
        qt().forAll(CoreGenerators.byteCounts()).checkAssert(bytes -> {
            MemoryQuantity quantity = MemoryQuantity.ofBytes(bytes);
            assertThat(MemoryQuantity.parse(quantity.format()).get()).isEqualTo(quantity);
        });
    }

    @Test
    void parseFormatParseKeepsTheBytes() {
        qt().forAll(CoreGenerators.quantityTexts()).checkAssert(text -> {
            MemoryQuantity parsed = MemoryQuantity.parse(text).get();
            MemoryQuantity again = MemoryQuantity.parse(parsed.format()).get();
            assertThat(again).isEqualTo(parsed);
            assertThat(again.format()).isEqualTo(parsed.format());
        });
    }

    @Test
    void formattedTextIsNeverLongerThanPlainDigits() {
        qt().forAll(CoreGenerators.byteCounts()).checkAssert(bytes ->
            assertThat(MemoryQuantity.ofBytes(bytes).format().length()).isLessThanOrEqualTo(Long.toString(bytes).length()));
    }
}
