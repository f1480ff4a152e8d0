package io.modelscale.simulation.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.simulation.trace.Request;
import io.modelscale.simulation.trace.RequestSource;
import io.vavr.collection.List;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link SeldonMetrics}: three requests written as Seldon's counters, each sample worked by hand. */
class SeldonMetricsTest {

    @Test
    void countersCountArrivalsBeforeEachSample_withTheirServiceSeconds() throws Exception {
        long[][] requests = {{5_000_000, 0, 1_500_000}, {15_000_000, 0, 250_000}, {29_999_999, 1, 2_000_000}};
        RequestSource source = new RequestSource() {
            private int next;

            @Override
            public boolean next(Request into) {
                if (next == requests.length) {
                    return false;
                }
                long[] r = requests[next++];
                into.set(r[0], (int) r[1], r[2]);
                return true;
            }
        };
        StringWriter out = new StringWriter();
        long written = SeldonMetrics.write(source, List.of("a", "b"), List.of("mlserver", "triton"),
            Instant.parse("2026-01-01T00:00:00Z"), Duration.ofSeconds(30), Duration.ofSeconds(15), out);
        assertThat(written).isEqualTo(3);
        String labelsA = "{model=\"a\",model_internal=\"a_1\",server=\"mlserver\",server_replica=\"mlserver-0\","
            + "code=\"200\",method_type=\"rest\"}";
        String labelsB = "{model=\"b\",model_internal=\"b_1\",server=\"triton\",server_replica=\"triton-0\","
            + "code=\"200\",method_type=\"rest\"}";
        assertThat(out.toString()).isEqualTo(String.join("\n",
            "# HELP seldon_model_infer Inference requests per model (from a modelscale trace).",
            "# TYPE seldon_model_infer counter",
            "seldon_model_infer_total" + labelsA + " 0 1767225600",
            "seldon_model_infer_total" + labelsA + " 1 1767225615",
            "seldon_model_infer_total" + labelsA + " 2 1767225630",
            "seldon_model_infer_total" + labelsB + " 0 1767225600",
            "seldon_model_infer_total" + labelsB + " 0 1767225615",
            "seldon_model_infer_total" + labelsB + " 1 1767225630",
            "# HELP seldon_model_infer_seconds Seconds spent on inference per model (from a modelscale trace).",
            "# TYPE seldon_model_infer_seconds counter",
            "seldon_model_infer_seconds_total" + labelsA + " 0 1767225600",
            "seldon_model_infer_seconds_total" + labelsA + " 1.5 1767225615",
            "seldon_model_infer_seconds_total" + labelsA + " 1.75 1767225630",
            "seldon_model_infer_seconds_total" + labelsB + " 0 1767225600",
            "seldon_model_infer_seconds_total" + labelsB + " 0 1767225615",
            "seldon_model_infer_seconds_total" + labelsB + " 2 1767225630",
            "# EOF", ""));
    }
}
