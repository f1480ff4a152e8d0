package io.modelscale.simulation.prometheus;

import io.modelscale.simulation.trace.Request;
import io.modelscale.simulation.trace.RequestSource;
import io.vavr.collection.Seq;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * Writes traffic as Seldon Core 2's agent exports it, in the OpenMetrics text format that {@code promtool tsdb
 * create-blocks-from openmetrics} turns into a Prometheus data directory: the counters
 * {@value TrafficQuery#REQUESTS} and {@value TrafficQuery#SECONDS} per model (labels {@code model},
 * {@code model_internal}, {@code server}, {@code server_replica}, {@code code}, {@code method_type}), sampled every
 * scrape interval. A request counts from its arrival, with its whole service time.
 */
public final class SeldonMetrics {

    private SeldonMetrics() {
    }

    /**
     * Writes {@code source}'s requests from {@code start} for {@code duration}, sampled every {@code scrape}: one
     * series of each counter per model, the model named by {@code models} and served by the server {@code servers}
     * names at the same index.
     *
     * @return the requests written
     */
    public static long write(RequestSource source, Seq<String> models, Seq<String> servers, Instant start,
                             Duration duration, Duration scrape, Writer out) throws IOException {
        if (scrape.isNegative() || scrape.isZero() || duration.compareTo(scrape) < 0) {
            throw new IllegalArgumentException("scrape " + scrape + " must be above zero and within " + duration);
        }
        int samples = (int) duration.dividedBy(scrape) + 1;
        long scrapeMicros = scrape.toNanos() / 1_000;
        long endMicros = duration.toNanos() / 1_000;
        long[][] counts = new long[models.size()][samples];
        long[][] micros = new long[models.size()][samples];
        Request request = new Request();
        long written = 0;
        while (source.next(request)) {
            if (request.arrivalMicros >= endMicros) {
                break;
            }
            if (request.model < 0 || request.model >= models.size()) {
                continue;
            }
            int first = (int) (request.arrivalMicros / scrapeMicros) + 1;
            if (first < samples) {
                counts[request.model][first]++;
                micros[request.model][first] += request.serviceMicros;
                written++;
            }
        }
        out.write("# HELP seldon_model_infer Inference requests per model (from a modelscale trace).\n");
        out.write("# TYPE seldon_model_infer counter\n");
        family(out, "seldon_model_infer_total", models, servers, start, scrape, counts, false);
        out.write("# HELP seldon_model_infer_seconds Seconds spent on inference per model (from a modelscale trace).\n");
        out.write("# TYPE seldon_model_infer_seconds counter\n");
        family(out, "seldon_model_infer_seconds_total", models, servers, start, scrape, micros, true);
        out.write("# EOF\n");
        return written;
    }

    private static void family(Writer out, String name, Seq<String> models, Seq<String> servers, Instant start,
                               Duration scrape, long[][] increments, boolean inSeconds) throws IOException {
        for (int m = 0; m < models.size(); m++) {
            String labels = "{model=\"" + models.get(m) + "\",model_internal=\"" + models.get(m) + "_1\",server=\""
                + servers.get(m) + "\",server_replica=\"" + servers.get(m) + "-0\",code=\"200\",method_type=\"rest\"}";
            long total = 0;
            for (int i = 0; i < increments[m].length; i++) {
                total += increments[m][i];
                Instant at = start.plus(scrape.multipliedBy(i));
                String value = inSeconds ? BigDecimal.valueOf(total, 6).stripTrailingZeros().toPlainString()
                    : Long.toString(total);
                out.write(name + labels + " " + value + " " + BigDecimal.valueOf(at.toEpochMilli(), 3)
                    .stripTrailingZeros().toPlainString() + "\n");
            }
        }
    }
}
