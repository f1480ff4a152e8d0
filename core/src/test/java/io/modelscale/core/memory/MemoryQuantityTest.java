package io.modelscale.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemoryQuantityTest {

    @ParameterizedTest(name = "{0} is {1} bytes")
    @CsvSource({
        "100Ki, 102400",
        "1M, 1000000",
        "1e3, 1000",
        "1E3, 1000",
        "1e+3, 1000",
        "1.5G, 1500000000",
        "1.5e3, 1500",
        "1.25k, 1250",
        "0, 0",
        "-0, 0",
        "+5, 5",
        "5., 5",
        ".5k, 500",
        "1Ki, 1024",
        "1Mi, 1048576",
        "1Gi, 1073741824",
        "1Ti, 1099511627776",
        "1Pi, 1125899906842624",
        "1Ei, 1152921504606846976",
        "7Ei, 8070450532247928832",
        "1E, 1000000000000000000",
        "9223372036854775807, 9223372036854775807",
        "16000, 16000",
    })
    void parse_kubernetesQuantity_givesWholeBytes(String text, long bytes) {
        assertThat(MemoryQuantity.parse(text).get().bytes()).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "{0} is rejected")
    @CsvSource({"1.5Gi", "100m", "1000m", "1.0", "1.2345k", "1e-3", "8Ei", "1e19", "9223372036854775808", "-1Ki",
        "1000000000000000000000n", "2u"})
    void parse_notAWholeNonNegativeLong_isRejected(String text) {
        assertThat(MemoryQuantity.parse(text).isLeft()).isTrue();
        assertThat(MemoryQuantity.parse(text).getLeft().value()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} bytes is written {1}")
    @CsvSource({
        "0, 0",
        "102400, 100Ki",
        "1000000, 1M",
        "1500000000, 1500M",
        "1073741824, 1Gi",
        "1536, 1536",
        "3072, 3Ki",
        "1000, 1k",
        "999, 999",
        "1152921504606846976, 1Ei",
    })
    void format_wholeBytes_usesTheLargestExactSuffix(long bytes, String text) {
        assertThat(MemoryQuantity.ofBytes(bytes).format()).isEqualTo(text);
    }

    @org.junit.jupiter.api.Test
    void plus_beyondLongRange_saturates() {
        assertThat(MemoryQuantity.ofBytes(Long.MAX_VALUE).plus(MemoryQuantity.ofBytes(1)).bytes())
            .isEqualTo(Long.MAX_VALUE);
    }
}
