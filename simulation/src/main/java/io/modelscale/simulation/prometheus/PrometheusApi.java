package io.modelscale.simulation.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelscale.simulation.prometheus.PrometheusProblem.Kind;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.collection.TreeMap;
import io.vavr.control.Either;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * The Prometheus HTTP API's queries ({@code /api/v1/query} and {@code /api/v1/query_range}), through the JDK's HTTP
 * client, read with Jackson. Every answer is either the series or a {@link PrometheusProblem} that names the server,
 * the query and what came back; nothing is thrown.
 */
public final class PrometheusApi {

    /** Prometheus answers at most this many points per series in one range query. */
    public static final long MAX_POINTS = 11_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXCERPT = 200;

    private final URI base;
    private final Duration timeout;
    private final HttpClient client;

    private PrometheusApi(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    }

    /**
     * A client of the Prometheus server at {@code url} (for example {@code http://localhost:9090}, or a path prefix
     * such as {@code http://host/prometheus}), giving up on each query after {@code timeout}.
     */
    public static Either<PrometheusProblem, PrometheusApi> of(String url, Duration timeout) {
        String expected = ": expected the server's http or https address, such as http://localhost:9090";
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Either.left(new PrometheusProblem(Kind.BAD_REQUEST, "Prometheus URL '" + url + "' is not a URL ("
                + e.getReason() + ")" + expected));
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
            || uri.getHost() == null) {
            return Either.left(new PrometheusProblem(Kind.BAD_REQUEST, "Prometheus URL '" + url + "'" + expected));
        }
        if (uri.getUserInfo() != null) {
            return Either.left(new PrometheusProblem(Kind.BAD_REQUEST, "Prometheus URL with credentials: the"
                + " credentials would not be sent" + expected + " without user and password"));
        }
        if (timeout.isNegative() || timeout.isZero()) {
            return Either.left(new PrometheusProblem(Kind.BAD_REQUEST, "Prometheus timeout " + timeout
                + ": expected above zero"));
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        return Either.right(new PrometheusApi(uri.resolve(path.isEmpty() ? "/" : path + "/"), timeout));
    }

    /** The server's address, as given. */
    public String url() {
        String text = base.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** An instant query evaluated at {@code at}: one sample per series. */
    public Either<PrometheusProblem, Seq<Series>> instant(String query, Instant at) {
        return get("api/v1/query", Map.of("query", query, "time", seconds(at)), "instant query " + query + " at "
            + at);
    }

    /** A range query from {@code start} to {@code end} every {@code step}. */
    public Either<PrometheusProblem, Seq<Series>> range(String query, Instant start, Instant end, Duration step) {
        String what = "range query " + query + " evaluated every " + step.toSeconds() + " s from " + start + " to "
            + end;
        if (!end.isAfter(start) || step.isNegative() || step.isZero()) {
            return Either.left(new PrometheusProblem(Kind.BAD_REQUEST, what + ": expected an end after the start"
                + " and a step above zero"));
        }
        if (Duration.between(start, end).dividedBy(step) + 1 > MAX_POINTS) {
            return Either.left(new PrometheusProblem(Kind.BAD_REQUEST, what + ": " + (Duration.between(start, end)
                .dividedBy(step) + 1) + " points per series, more than Prometheus answers (" + MAX_POINTS
                + "): expected a longer step or a shorter range"));
        }
        return get("api/v1/query_range", Map.of("query", query, "start", seconds(start), "end", seconds(end),
            "step", BigDecimal.valueOf(step.toMillis(), 3).stripTrailingZeros().toPlainString()), what);
    }

    private Either<PrometheusProblem, Seq<Series>> get(String path, Map<String, String> parameters, String what) {
        StringBuilder query = new StringBuilder();
        new java.util.TreeMap<>(parameters).forEach((k, v) -> query.append(query.length() == 0 ? "" : "&")
            .append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        URI uri = base.resolve(path + "?" + query);
        String asked = "Prometheus at " + url() + ", " + what;
        HttpResponse<String> response;
        java.util.concurrent.CompletableFuture<HttpResponse<String>> pending = client.sendAsync(
            HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            // The request's own timeout covers the headers only; this bounds the whole answer.
            response = pending.get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            pending.cancel(true);
            return Either.left(timedOut(asked));
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return Either.left(timedOut(asked));
            }
            Throwable root = cause;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root instanceof java.nio.channels.UnresolvedAddressException ? "unknown host "
                + base.getHost()
                : cause instanceof ConnectException ? (cause.getMessage() == null ? "connection refused"
                : cause.getMessage())
                : root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
            return Either.left(new PrometheusProblem(Kind.UNREACHABLE, asked + ": cannot connect (" + excerpt(why)
                + ")"));
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return Either.left(new PrometheusProblem(Kind.UNREACHABLE, asked + ": interrupted"));
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (response.statusCode() != 200) {
            String detail = body != null && body.hasNonNull("error")
                ? excerpt(body.path("errorType").asText("error") + ": " + body.get("error").asText())
                : "'" + excerpt(response.body()) + "'";
            return Either.left(new PrometheusProblem(Kind.HTTP, asked + ": HTTP " + response.statusCode() + ", "
                + detail));
        }
        if (body == null || !body.isObject() || !"success".equals(body.path("status").asText())) {
            return Either.left(new PrometheusProblem(Kind.BAD_RESPONSE, asked + ": the answer is not the Prometheus"
                + " API's JSON with status success: '" + excerpt(response.body()) + "'"));
        }
        return parse(body.path("data"), asked);
    }

    private static Either<PrometheusProblem, Seq<Series>> parse(JsonNode data, String asked) {
        String type = data.path("resultType").asText("");
        JsonNode result = data.path("result");
        if (!result.isArray()) {
            return Either.left(bad(asked, "no result list"));
        }
        if (type.equals("scalar")) {
            return sample(result, asked).map(s -> List.of(new Series(TreeMap.empty(), new double[] {s[0]},
                new double[] {s[1]})));
        }
        if (!type.equals("matrix") && !type.equals("vector")) {
            return Either.left(bad(asked, "result type '" + type + "', expected matrix, vector or scalar"));
        }
        List<Series> all = List.empty();
        for (JsonNode item : result) {
            TreeMap<String, String> labels = TreeMap.empty();
            for (Iterator<Map.Entry<String, JsonNode>> it = item.path("metric").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> label = it.next();
                labels = labels.put(label.getKey(), label.getValue().asText());
            }
            JsonNode points = type.equals("matrix") ? item.path("values") : null;
            if (points == null) {
                Either<PrometheusProblem, double[]> one = sample(item.path("value"), asked);
                if (one.isLeft()) {
                    return Either.left(one.getLeft());
                }
                all = all.append(new Series(labels, new double[] {one.get()[0]}, new double[] {one.get()[1]}));
                continue;
            }
            if (!points.isArray()) {
                return Either.left(bad(asked, "series " + labels + " has no values"));
            }
            double[] times = new double[points.size()];
            double[] values = new double[points.size()];
            for (int i = 0; i < points.size(); i++) {
                Either<PrometheusProblem, double[]> one = sample(points.get(i), asked);
                if (one.isLeft()) {
                    return Either.left(one.getLeft());
                }
                times[i] = one.get()[0];
                values[i] = one.get()[1];
            }
            all = all.append(new Series(labels, times, values));
        }
        return Either.right(all);
    }

    private static Either<PrometheusProblem, double[]> sample(JsonNode pair, String asked) {
        if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber()) {
            return Either.left(bad(asked, "a sample '" + excerpt(pair.toString()) + "' is not [time, \"value\"]"));
        }
        String text = pair.get(1).asText();
        double value;
        switch (text) {
            case "NaN" -> value = Double.NaN;
            case "+Inf", "Inf" -> value = Double.POSITIVE_INFINITY;
            case "-Inf" -> value = Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    value = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    return Either.left(bad(asked, "a sample value '" + excerpt(text) + "' is not a number"));
                }
            }
        }
        return Either.right(new double[] {pair.get(0).asDouble(), value});
    }

    private PrometheusProblem timedOut(String asked) {
        return new PrometheusProblem(Kind.TIMEOUT, asked + ": no answer within " + seconds(timeout) + " s");
    }

    private static PrometheusProblem bad(String asked, String what) {
        return new PrometheusProblem(Kind.BAD_RESPONSE, asked + ": " + what);
    }

    private static String excerpt(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT) + "…";
    }

    private static String seconds(Instant at) {
        return BigDecimal.valueOf(at.getEpochSecond()).add(BigDecimal.valueOf(at.getNano(), 9)).stripTrailingZeros()
            .toPlainString();
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
