package io.modelscale.simulation.prometheus;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server for the tests: the operating system's {@code prometheus} and {@code promtool} (Debian's
 * {@code prometheus} package), a data directory built with {@code promtool tsdb create-blocks-from openmetrics}, and
 * the server on a free loopback port with nothing to scrape, keeping every sample however old.
 */
final class PrometheusServer implements AutoCloseable {

    /** Why the tests that need the server are skipped when it is not installed. */
    static final String MISSING = "no prometheus or promtool binary on the PATH or in /usr/bin: install the"
        + " operating system's package (Debian: apt-get install prometheus) to run the tests against a real"
        + " Prometheus; .ci/run installs it";

    private final Process process;
    private final int port;

    private PrometheusServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The binary called {@code name} on the PATH or in {@code /usr/bin}, if there is one. */
    static Optional<Path> binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + java.io.File.pathSeparator + "/usr/bin";
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        return Optional.empty();
    }

    /** Whether both binaries are installed. */
    static boolean installed() {
        return binary("prometheus").isPresent() && binary("promtool").isPresent();
    }

    /** Adds the OpenMetrics text's series to the data directory {@code data} as blocks. */
    static void load(String openMetrics, Path data, Path work) throws IOException, InterruptedException {
        Path file = Files.createTempFile(work, "series", ".om");
        Files.writeString(file, openMetrics, StandardCharsets.UTF_8);
        Process promtool = new ProcessBuilder(binary("promtool").orElseThrow().toString(), "tsdb",
            "create-blocks-from", "openmetrics", file.toString(), data.toString())
            .redirectErrorStream(true).redirectOutput(work.resolve("promtool.log").toFile()).start();
        if (!promtool.waitFor(120, TimeUnit.SECONDS)) {
            promtool.destroyForcibly();
            throw new IllegalStateException("promtool did not finish within 120 s");
        }
        if (promtool.exitValue() != 0) {
            throw new IllegalStateException("promtool failed: " + Files.readString(work.resolve("promtool.log")));
        }
    }

    /** Starts Prometheus on the data directory {@code data} and waits until it is ready. */
    static PrometheusServer start(Path data, Path work) throws IOException, InterruptedException {
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, "scrape_configs: []\n", StandardCharsets.UTF_8);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(binary("prometheus").orElseThrow().toString(),
            "--config.file=" + config, "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=100y",
            "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true)
            .redirectOutput(work.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(process, port);
        // A test JVM that ends without the test's own close (a timeout, an interrupted run) stops the server too.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus stopped: " + Files.readString(work.resolve(
                    "prometheus.log")));
            }
            try {
                HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(server.url() + "/-/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        server.close();
        throw new IllegalStateException("prometheus not ready within 60 s: " + Files.readString(work.resolve(
            "prometheus.log")));
    }

    /** The server's address. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
