package io.modelscale.simulation.cli;

import io.modelscale.core.Problem;
import io.modelscale.policy.PolicyRegistry;
import io.modelscale.policy.Preset;
import io.modelscale.simulation.engine.BuiltInScenarios;
import io.modelscale.simulation.engine.DefaultScenario;
import io.modelscale.simulation.engine.Fidelity;
import io.modelscale.simulation.engine.PolicyChoice;
import io.modelscale.simulation.engine.Scenario;
import io.modelscale.simulation.engine.Simulator;
import io.modelscale.simulation.prometheus.PrometheusApi;
import io.modelscale.simulation.prometheus.PrometheusTraffic;
import io.modelscale.simulation.prometheus.PrometheusUnreachable;
import io.modelscale.simulation.prometheus.TrafficQuery;
import io.modelscale.simulation.report.AtomicFiles;
import io.modelscale.simulation.report.Charts;
import io.modelscale.simulation.report.Report;
import io.modelscale.simulation.report.Reports;
import io.modelscale.simulation.scenario.ScenarioFile;
import io.modelscale.simulation.scenario.ScenarioSource;
import io.modelscale.simulation.sweep.Grid;
import io.modelscale.simulation.sweep.Sweep;
import io.modelscale.simulation.sweep.SweepOutput;
import io.modelscale.simulation.sweep.SweepRow;
import io.modelscale.simulation.trace.TraceProblem;
import io.modelscale.simulation.trace.Traces;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code modelscale} command.
 *
 * <p>Exit codes: {@code 0} done; {@code 1} an internal error; {@code 2} bad input (an unknown option or preset, a
 * malformed trace or scenario), reported as one message without a stack trace; {@code 3} Prometheus could not be
 * reached or did not answer in time.
 */
@Command(name = "modelscale", mixinStandardHelpOptions = true, version = "modelscale 0.1.0",
    description = "Replays request traffic through modelscale's model autoscaling, placement and server autoscaling.",
    subcommands = {Main.Simulate.class, Main.Compare.class, Main.SweepCommand.class, Main.Scenarios.class,
        Main.Advise.class, Main.OpenMetrics.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:internal error", "2:bad input (options, presets, traces or scenarios)",
        "3:Prometheus could not be reached or did not answer in time"})
public final class Main implements Callable<Integer> {

    /** Exit code for bad input. */
    public static final int BAD_INPUT = 2;
    /** The exit code when Prometheus cannot be reached or does not answer in time. */
    public static final int UNREACHABLE = 3;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** What {@code -f -} reads. */
    private java.io.InputStream in = System.in;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
        description = "after an internal error, print its stack trace")
    boolean debug;

    /** Runs the command line with these streams and returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, System.in, out, err);
    }

    /**
     * Makes sure {@code dir}, given as {@code option}, is a directory the run can write into, creating it if need be:
     * an empty path (the working directory, as an unset shell variable gives it), a file, a place that cannot be
     * created, or one where no file can be made (tried with a file made and removed, since the system's permission
     * bits do not tell for {@code /proc} or {@code /sys}) is bad input, found before anything runs.
     */
    static void checkOutDirectory(String option, Path dir) {
        String expected = ": expected a directory that exists or can be created, and can be written to";
        if (dir.toString().isBlank()) {
            throw new BadInput(option + " '" + dir + "': an empty path" + expected);
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadInput(option + " '" + dir + "' is a file" + expected);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new BadInput(option + " '" + dir + "' cannot be created (" + why(e) + ")" + expected);
        }
        io.vavr.control.Option<String> refused = cannotWriteIn(dir);
        if (refused.isDefined()) {
            throw new BadInput(option + " '" + dir + "' cannot be written to (" + refused.get() + ")" + expected);
        }
    }

    /**
     * Makes sure {@code file}, given as {@code option}, can be written: not empty, not a directory, in a directory
     * where a file can be made (tried, as {@link #checkOutDirectory} does).
     */
    static void checkOutFile(String option, Path file) {
        String expected = ": expected a file path in a directory that exists and can be written to";
        if (file.toString().isBlank()) {
            throw new BadInput(option + " '" + file + "': an empty path" + expected);
        }
        if (Files.isDirectory(file)) {
            throw new BadInput(option + " '" + file + "' is a directory" + expected);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new BadInput(option + " '" + file + "' cannot be written" + expected);
        }
        io.vavr.control.Option<String> refused = cannotWriteIn(parent);
        if (refused.isDefined() || Files.exists(file) && !Files.isWritable(file)) {
            throw new BadInput(option + " '" + file + "' cannot be written (" + refused.getOrElse("the file is"
                + " read-only") + ")" + expected);
        }
    }

    /** Why no file can be made in {@code dir}, if none can: a file is made there and removed. */
    private static io.vavr.control.Option<String> cannotWriteIn(Path dir) {
        try {
            Path probe = Files.createTempFile(dir, ".modelscale-", ".probe");
            Files.delete(probe);
            return io.vavr.control.Option.none();
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return io.vavr.control.Option.some("no file can be made there" + (e instanceof
                java.nio.file.AccessDeniedException ? ": permission denied" : ""));
        }
    }

    /** Hides {@code options} from the help of {@code command}: the command refuses them when given. */
    private static void hideIn(CommandLine line, String command, String... options) {
        CommandLine.Model.CommandSpec spec = line.getSubcommands().get(command).getCommandSpec();
        for (String name : options) {
            CommandLine.Model.OptionSpec option = spec.findOption(name);
            if (option != null && !option.hidden()) {
                spec.remove(option);
                spec.addOption(CommandLine.Model.OptionSpec.builder(option).hidden(true).build());
            }
        }
    }

    /** The longest problem or warning printed whole; a longer one (a value pasted by mistake) is cut. */
    static final int LONGEST_LINE = 1_000;

    /**
     * A problem or warning as one line of at most {@link #LONGEST_LINE} characters: a line break in a value (a YAML
     * block scalar) written as {@code \n}, so that it cannot pass for a line of its own, and the end of a very long
     * one cut, saying how long it was.
     */
    static String oneLine(String text) {
        String line = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
        return line.length() <= LONGEST_LINE ? line
            : line.substring(0, LONGEST_LINE) + "… (cut: " + line.length() + " characters)";
    }

    /** Why a file-system operation failed, in words rather than an exception's class name. */
    static String why(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "a directory on the way does not exist and cannot be made there";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof SecurityException) {
            return "not allowed";
        }
        return e.getMessage() == null ? "the system refused" : e.getMessage();
    }

    /**
     * A command-line parser's message in the words of the rest of the tool: a value that is not a whole number or a
     * number says so, not which Java type it is not (and a whole number too large for the option says it is out of
     * range); an argument nothing takes is named as such.
     */
    static String plainWords(String message) {
        java.util.regex.Matcher type = java.util.regex.Pattern.compile("'([^']*)' is not an? (int|long|double)")
            .matcher(message);
        StringBuilder text = new StringBuilder();
        while (type.find()) {
            String value = type.group(1);
            String replaced = type.group(2).equals("double") ? "'" + value + "' is not a number"
                : value.strip().matches("[-+]?[0-9]+") ? "'" + value + "' is out of range for this option"
                : "'" + value + "' is not a whole number";
            type.appendReplacement(text, java.util.regex.Matcher.quoteReplacement(replaced));
        }
        type.appendTail(text);
        return text.toString().replaceAll("Unmatched arguments? from index \\d+: ", "no option or command takes ")
            .replaceAll("Unmatched argument at index \\d+: ", "no option or command takes ");
    }

    /** Runs the command line with these streams ({@code in} for {@code -f -}) and returns the exit code. */
    public static int execute(String[] args, java.io.InputStream in, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        main.in = in;
        CommandLine line = new CommandLine(main);
        // options every command inherits that these two read nowhere: refused when given, and kept out of their help
        hideIn(line, "advise", "--out", "--seeds", "--start", "--end", "--range", "--step");
        hideIn(line, "openmetrics", "--out", "--seeds");
        line.setOut(out);
        line.setErr(err);
        line.setExitCodeExceptionMapper(e -> e instanceof Unreachable || e instanceof PrometheusUnreachable
            ? UNREACHABLE
            : e instanceof BadInput || e instanceof TraceProblem
            || e instanceof CommandLine.ParameterException ? BAD_INPUT : 1);
        line.setParameterExceptionHandler((e, arguments) -> {
            PrintWriter stream = e.getCommandLine().getErr();
            plainWords(e.getMessage()).lines().forEach(l -> stream.println("modelscale: " + l));
            if (e instanceof CommandLine.UnmatchedArgumentException && e.getCommandLine().getParent() == null) {
                e.getCommandLine().usage(stream);
            } else {
                stream.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the"
                    + " options.");
            }
            stream.flush();
            return BAD_INPUT;
        });
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter stream = cmd.getErr();
            if (e instanceof BadInput || e instanceof TraceProblem || e instanceof Unreachable
                || e instanceof PrometheusUnreachable) {
                e.getMessage().lines().forEach(l -> stream.println("modelscale: " + l));
                stream.flush();
                return e instanceof Unreachable || e instanceof PrometheusUnreachable ? UNREACHABLE : BAD_INPUT;
            }
            stream.println("modelscale: internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""))
                + (main.debug ? "" : " (run again with --debug for the stack trace)"));
            if (main.debug) {
                e.printStackTrace(stream);
            }
            stream.flush();
            return 1;
        });
        return line.execute(args);
    }

    /** Without a command there is nothing to do: say which commands there are, as for any other bad input. */
    @Override
    public Integer call() {
        io.vavr.collection.List<String> commands = io.vavr.collection.List.ofAll(
            spec.commandLine().getSubcommands().keySet());
        spec.commandLine().getErr().println("modelscale: missing command: expected "
            + commands.init().mkString(", ") + " or " + commands.last());
        spec.commandLine().usage(spec.commandLine().getErr());
        return BAD_INPUT;
    }

    /** A server the command needs (Prometheus) that cannot be reached or does not answer in time. */
    static final class Unreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    /** The problem as the command line reports it: exit 3 for a server out of reach, else bad input. */
    static RuntimeException failure(io.modelscale.simulation.prometheus.PrometheusProblem problem) {
        return problem.exitCode() == UNREACHABLE ? new Unreachable(problem.message()) : new BadInput(problem.message());
    }

    /** Bad input the user can fix. */
    static final class BadInput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message, null, false, false);
        }
    }

    /** Options that choose a scenario, its seeds and where reports go: every command that runs one shares them. */
    abstract static class ScenarioOptions {
        @Option(names = "--seed", description = "the seed of every random choice (default: the scenario's, else "
            + DefaultScenario.SEED + ")")
        Long seed;

        @Option(names = "--out", paramLabel = "DIR",
            description = "write the reports into DIR, created if need be (simulate and compare: report.md, a timeline"
                + " CSV per preset and PNG charts; sweep: sweep.csv, sweep.md and the Pareto charts)")
        Path out;

        @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
            description = "run N seeds (the seed, the seed + 1, ...) and report each metric as the mean"
                + " ± the half-width of its 95 %% confidence interval (default 1)")
        int seeds;

        @CommandLine.Parameters(arity = "0..1", paramLabel = "SCENARIO",
            description = "a scenario file (YAML of Seldon Model and Server resources, autoscaling/v2 HPAs and a"
                + " Simulation section) or a directory of them, as one -f; the built-in scenario when omitted")
        Path scenarioFile;

        @Option(names = {"-f", "--filename"}, paramLabel = "PATH",
            description = "as kubectl apply -f: a manifest file (YAML or JSON), a directory of them (.yaml, .yml,"
                + " .json in name order), or - for standard input; repeat to combine, every document forming one"
                + " scenario")
        java.util.List<String> filenames = new java.util.ArrayList<>();

        @Option(names = {"-R", "--recursive"},
            description = "read the directories given with -f and their subdirectories")
        boolean recursive;

        @Option(names = "--scenario", paramLabel = "NAME",
            description = "a built-in scenario by name (default mixed; `modelscale scenarios` lists them)")
        String scenarioName;

        @Option(names = "--strict",
            description = "treat every warning about the scenario (documents skipped, defaults assumed) as an error")
        boolean strict;

        @Option(names = "--models", paramLabel = "N",
            description = "how many models a synthetic built-in scenario has (synthetic-day: 1000)")
        Integer models;

        @Option(names = "--rate", paramLabel = "R",
            description = "the mean arrival rate of a synthetic built-in scenario over a whole day, requests per"
                + " second (synthetic-day: 150); a shorter run sees the part of the day's cycle it covers, the first"
                + " hour at about 40 %% of it")
        Double rate;

        @Option(names = "--hours", paramLabel = "H",
            description = "how many hours a synthetic built-in scenario runs (synthetic-day: 24)")
        Integer hours;

        @Option(names = "--fidelity", paramLabel = "LEVEL",
            description = "how a built-in scenario's requests are served: full (the default: both phases from the"
                + " Splitwise measurements, least-request routing, server replicas shared at half speed at 64"
                + " requests, least-recently-used eviction beyond a replica's memory request; synthetic-day keeps its"
                + " own service times) or simple (50 ms + 20 ms per generated token, one queue per model, nothing"
                + " evicted); a scenario file says it with fidelity: in its Simulation section")
        String fidelity;

        @CommandLine.Mixin
        PrometheusOptions prometheus = new PrometheusOptions();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /**
         * The scenario the options name, checked: the built-in one by default, a built-in one by name, or a file;
         * its warnings printed, or turned into bad input under {@code --strict}. {@code --out} is checked first.
         */
        Scenario loadScenario() {
            if (seeds < 1 || seeds > 1_000) {
                throw new BadInput("--seeds " + seeds + " is out of range: expected 1 to 1000");
            }
            if (scenarioFile != null && scenarioName != null) {
                throw new BadInput("--scenario " + scenarioName + " and the scenario file " + scenarioFile
                    + " both name a scenario: expected one of them");
            }
            if (!filenames.isEmpty() && scenarioName != null) {
                throw new BadInput("--scenario " + scenarioName + " and -f " + String.join(", ", filenames)
                    + " both name a scenario: expected one of them");
            }
            if (recursive && filenames.isEmpty() && scenarioFile == null) {
                throw new BadInput("-R reads the directories given with -f: expected -f DIR");
            }
            String sizing = models != null ? "--models " + models : rate != null ? "--rate " + BuiltInScenarios.plain(rate)
                : hours != null ? "--hours " + hours : null;
            if (sizing != null && scenarioName == null) {
                throw new BadInput(sizing + " needs a synthetic built-in scenario: expected --scenario synthetic-day");
            }
            Fidelity level = Fidelity.DEFAULT;
            if (fidelity != null) {
                level = Fidelity.parse(fidelity).mapLeft(m -> "--fidelity " + m).getOrElseThrow(BadInput::new);
                if (scenarioFile != null || !filenames.isEmpty()) {
                    throw new BadInput("--fidelity " + level.label() + " applies to the built-in scenarios: expected"
                        + " fidelity: " + level.label() + " in the scenario file's Simulation section");
                }
            }
            checkOut();
            Scenario scenario = DefaultScenario.scenario(level);
            if (scenarioName != null) {
                scenario = BuiltInScenarios.of(scenarioName, io.vavr.control.Option.of(models),
                        io.vavr.control.Option.of(rate), io.vavr.control.Option.of(hours), level)
                    .getOrElseThrow(BadInput::new);
            }
            if (scenarioFile != null || !filenames.isEmpty()) {
                Seq<String> paths = List.ofAll(filenames).prependAll(io.vavr.control.Option.of(scenarioFile)
                    .map(Path::toString));
                java.io.InputStream stdin = ((Main) spec.root().userObject()).in;
                Validation<Seq<Problem>, Scenario> loaded = ScenarioSource.expand(paths, recursive, () -> {
                    try {
                        return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new BadInput("standard input cannot be read (" + e.getClass().getSimpleName() + ")");
                    }
                }).flatMap(sources -> ScenarioFile.load(sources, PolicyRegistry.standard(),
                    !prometheus.given()));
                if (loaded.isInvalid()) {
                    throw new BadInput(loaded.getError().map(p -> oneLine(p.describe())).mkString("\n"));
                }
                scenario = loaded.get();
            }
            if (prometheus.given() && replaysPrometheus()) {
                scenario = fromPrometheus(scenario, prometheus.query(Instant.now()));
            } else if (!prometheus.given() && prometheus.strayOption() != null) {
                throw new BadInput(prometheus.strayOption() + " applies to traffic read from Prometheus: expected"
                    + " --prometheus URL too");
            }
            if (strict && !scenario.warnings().isEmpty()) {
                throw new BadInput(scenario.warnings().map(w -> oneLine(w) + " (an error under --strict)").mkString("\n"));
            }
            for (String warning : scenario.warnings()) {
                if (!replaysPrometheus() && warning.contains("Simulation spec.traffic")) {
                    continue;
                }
                spec.commandLine().getErr().println("modelscale: warning: " + oneLine(warning));
            }
            spec.commandLine().getErr().flush();
            return scenario;
        }

        /**
         * Refuses {@code --out} and {@code --seeds} on a command that reads neither, so that neither is silently
         * ignored: {@code writes} says where the command's output goes instead.
         */
        void refuseOutAndSeeds(String command, String writes) {
            if (out != null) {
                throw new BadInput("--out does not apply to " + command + ": it " + writes);
            }
            if (seeds != 1) {
                throw new BadInput("--seeds does not apply to " + command + ": it uses one seed (--seed)");
            }
        }

        /**
         * Whether {@code --prometheus} replaces the scenario's traffic; not for {@code advise}, which reads it and
         * uses no traffic (nor warns of the scenario's).
         */
        boolean replaysPrometheus() {
            return true;
        }

        /** The scenario with its traffic replaced by the window {@code query} reads from Prometheus. */
        Scenario fromPrometheus(Scenario scenario, TrafficQuery query) {
            PrometheusApi api = PrometheusApi.of(query.url(), query.timeout()).getOrElseThrow(Main::failure);
            PrometheusTraffic traffic = PrometheusTraffic.read(api, query, scenario.models()
                .map(m -> m.name().value())).getOrElseThrow(Main::failure);
            Duration range = query.step().multipliedBy(traffic.steps());
            if (scenario.settings().warmup().compareTo(range) >= 0) {
                throw new BadInput("the scenario's warm-up (" + scenario.settings().warmup().toSeconds() + " s) is"
                    + " not shorter than the window read from Prometheus (" + range.toSeconds() + " s): expected a"
                    + " longer window or a shorter warm-up");
            }
            long end = range.toNanos() / 1_000;
            PrintWriter out = spec.commandLine().getOut();
            out.println("traffic: " + query.describe() + "; " + Math.round(traffic.totalRequests()) + " requests"
                + " counted over " + traffic.models().size() + " models");
            out.flush();
            return scenario.withTraffic(scenario.name() + " (traffic from Prometheus)",
                seed -> Traces.until(traffic.open(seed), end), scenario.settings().withWindow(query.start(), range),
                traffic.warnings());
        }

        /** The seeds to run: {@code --seeds} of them from {@code --seed}, else from the scenario's, else 42. */
        Seq<Long> seedList(Scenario scenario) {
            long first = this.seed != null ? this.seed : scenario.seed().getOrElse(DefaultScenario.SEED);
            if (first > Long.MAX_VALUE - (seeds - 1)) {
                throw new BadInput("--seed " + first + " with --seeds " + seeds + ": the seeds would pass "
                    + Long.MAX_VALUE + ": expected a first seed of at most " + (Long.MAX_VALUE - (seeds - 1)));
            }
            return List.range(0, seeds).map(i -> first + i);
        }

        /**
         * Makes sure {@code --out} is a directory it can write to, creating it if need be, before any simulation
         * runs: a bad path is bad input, found at once rather than after the run.
         */
        void checkOut() {
            if (out == null) {
                return;
            }
            checkOutDirectory("--out", out);
        }

    }

    /** Options of the commands that run presets side by side. */
    abstract static class RunOptions extends ScenarioOptions {
        @Option(names = "--decisions", paramLabel = "FILE",
            description = "write every scaling decision (time, model or server, from and to, the policy, its typed"
                + " reason), and every server scale-down the check refused (reason Refused, to the target refused),"
                + " to FILE: JSON Lines if it ends in .jsonl or .json, else CSV")
        Path decisions;

        @Option(names = "--model-policy", paramLabel = "POLICY",
            description = "scale models with this registered model policy instead of each preset's own: "
                + "model.inferenceLag, model.inferenceLag.seldonCore, model.demandLag, model.knative, model.hpa,"
                + " model.rayServe or model.sloAware")
        String modelPolicy;

        @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "run each preset the setting applies to with this one value of it (repeatable; the"
                + " settings are sweep's, see sweep --help), as a sweep would run that configuration; a setting that"
                + " applies to none of the presets is bad input")
        java.util.List<String> params = new java.util.ArrayList<>();

        Seq<Seq<Report>> run(java.util.function.Function<Scenario, Seq<String>> choose) throws IOException {
            checkOut();
            checkDecisions();
            Scenario chosen = loadScenario();
            PolicyRegistry registry = PolicyRegistry.standard();
            PolicyChoice policies = chosen.policies().withModelPolicy(io.vavr.control.Option.of(modelPolicy));
            Seq<String> names = choose.apply(chosen);
            Seq<Preset> presets;
            if (params.isEmpty()) {
                presets = names.map(name -> policies.resolve(registry, name)
                    .getOrElseThrow(problem -> new BadInput(problem.describe())));
            } else {
                Seq<Grid.Configuration> tuned = tuned(registry, names);
                presets = tuned.map(c -> policies.resolve(registry, c.tuned())
                    .getOrElseThrow(problem -> new BadInput(problem.describe())));
                io.vavr.control.Option<Integer> servers = tuned.head().initialServers();
                if (servers.isDefined()) {
                    io.vavr.control.Option<String> outside = Sweep.checkInitialServers(chosen, servers.get());
                    if (outside.isDefined()) {
                        throw new BadInput("--param " + outside.get());
                    }
                    chosen = Sweep.startingWith(chosen, servers.get());
                }
            }
            Scenario scenario = chosen;
            Seq<Long> seedList = seedList(scenario);
            Seq<Seq<Report>> runs = presets.map(preset -> seedList.map(s -> runOne(scenario, preset, s)));
            Seq<Report> reports = runs.map(Seq::head);
            PrintWriter out = spec.commandLine().getOut();
            out.print(Reports.seedTable(runs));
            out.flush();
            if (this.out != null) {
                AtomicFiles.writeString(this.out.resolve("report.md"), Reports.seedMarkdown(runs, chosen.warnings()));
                java.util.Set<String> written = new java.util.HashSet<>();
                for (Report report : reports) {
                    String file = "timeline-" + report.preset() + ".csv";
                    AtomicFiles.writeString(this.out.resolve(file), Reports.timelineCsv(report));
                    written.add(file);
                }
                Charts.write(reports, this.out);
                staleTimelines(written);
            }
            if (decisions != null) {
                String name = decisions.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                Seq<Report> all = runs.flatMap(seeds -> seeds);
                AtomicFiles.writeString(decisions, name.endsWith(".jsonl") || name.endsWith(".json")
                    ? Reports.decisionsJsonLines(all) : Reports.decisionsCsv(all));
            }
            return runs;
        }

        /**
         * The presets called {@code names}, each with the {@code --param} values that apply to it: the one
         * configuration per preset of a sweep over these single values.
         */
        /** The settings that tune a preset's own model policy, which {@code --model-policy} replaces. */
        private static final java.util.Set<String> MODEL_SETTINGS = java.util.Set.of("lagThreshold",
            "targetAttainment", "busySeconds", "scaleDownWindow", "targetPerReplica");

        private Seq<Grid.Configuration> tuned(PolicyRegistry registry, Seq<String> names) {
            for (String param : params) {
                int at = param.indexOf('=');
                String setting = (at < 0 ? param : param.substring(0, at)).strip();
                if (modelPolicy != null && MODEL_SETTINGS.contains(setting)) {
                    throw new BadInput("--param " + setting + " tunes the preset's own model policy, which"
                        + " --model-policy " + modelPolicy + " replaces: expected one or the other");
                }
            }
            for (String param : params) {
                int equals = param.indexOf('=');
                if (equals <= 0 || !Grid.NAMES.contains(param.substring(0, equals).strip())) {
                    throw new BadInput("--param '" + param + "': expected NAME=VALUE with NAME one of "
                        + Grid.NAMES.mkString(", "));
                }
                if (param.indexOf(',', equals) >= 0) {
                    throw new BadInput("--param '" + param + "': one value here: expected NAME=VALUE (sweep runs"
                        + " several)");
                }
            }
            for (String name : names) {
                registry.preset(name).getOrElseThrow(problem -> new BadInput(problem.describe()));
            }
            return Grid.parse(names, List.ofAll(params))
                .getOrElseThrow(BadInput::new).configurations();
        }

        /**
         * Warns of the timelines in {@code --out} this run did not write: an earlier run's, of presets not run now,
         * which a reader would take for this run's.
         */
        private void staleTimelines(java.util.Set<String> written) throws IOException {
            java.util.List<String> stale = new java.util.ArrayList<>();
            try (java.util.stream.Stream<Path> files = Files.list(this.out)) {
                files.map(f -> f.getFileName().toString())
                    .filter(f -> f.startsWith("timeline-") && f.endsWith(".csv") && !written.contains(f))
                    .sorted().forEach(stale::add);
            }
            if (!stale.isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("modelscale: warning: --out " + this.out + " also holds " + String.join(", ", stale)
                    + " from an earlier run, not written by this one");
                err.flush();
            }
        }

        private void checkDecisions() {
            if (decisions == null) {
                return;
            }
            checkOutFile("--decisions", decisions);
        }

        private Report runOne(Scenario scenario, Preset preset, long seed) {
            String task = seeds > 1 ? preset.name() + " seed " + seed : preset.name();
            if (System.console() == null) {
                PrintWriter err = spec.commandLine().getErr();
                int[] shown = {0};
                return Simulator.run(scenario, preset, seed, new Simulator.Observer() {
                    @Override
                    public void onTick(double progress) {
                        int tenths = (int) Math.floor(progress * 10 + 1e-9);
                        if (tenths > shown[0]) {
                            shown[0] = tenths;
                            err.println(task + ": " + tenths * 10 + " %");
                            err.flush();
                        }
                    }
                });
            }
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(1000)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(
                    System.err)).build()) {
                Report report = Simulator.run(scenario, preset, seed, new Simulator.Observer() {
                    @Override
                    public void onTick(double progress) {
                        bar.stepTo(Math.round(progress * 1000));
                    }
                });
                bar.stepTo(1000);
                return report;
            }
        }
    }

    /** {@code modelscale simulate}: one preset. */
    @Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Runs a scenario (by default the built-in one: an hour of the Azure LLM traces over eight models)"
            + " under one preset.")
    static final class Simulate extends RunOptions implements Callable<Integer> {
        @Option(names = "--preset", description = "documented, seldonCore, consolidating, rayServe, knative or hpa"
            + " (default: the scenario's, else documented)")
        String preset;

        @Override
        public Integer call() throws IOException {
            run(scenario -> List.of(preset != null ? preset
                : scenario.policies().preset().getOrElse(PolicyChoice.DEFAULT_PRESET)));
            return 0;
        }
    }

    /** {@code modelscale compare}: several presets side by side. */
    @Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Runs a scenario (by default the built-in one) under several presets and prints one table.")
    static final class Compare extends RunOptions implements Callable<Integer> {
        @Option(names = "--presets", split = ",",
            description = "the presets to compare (default documented,seldonCore,consolidating; also rayServe, knative, hpa)")
        java.util.List<String> presets = java.util.List.of("documented", "seldonCore", "consolidating");

        @Override
        public Integer call() throws IOException {
            Seq<String> twice = List.ofAll(presets).groupBy(name -> name).filter(e -> e._2.size() > 1).keySet()
                .toList().sorted();
            if (!twice.isEmpty()) {
                throw new BadInput("--presets: '" + twice.head() + "' is listed more than once: expected each preset"
                    + " once (a run is the same every time)");
            }
            run(scenario -> List.ofAll(presets));
            return 0;
        }
    }

    /** {@code modelscale advise}: what each preset would do now on a cluster snapshot, from live Prometheus rates. */
    @Command(name = "advise", mixinStandardHelpOptions = true,
        description = "Reads each model's request rate and mean service time now from Prometheus (--prometheus URL),"
            + " runs one control step of each preset on the cluster a snapshot describes (-f FILE, such as the output"
            + " of kubectl get models,servers,hpa -A -o yaml), and prints what each would do and why. It only reads.")
    static final class Advise extends ScenarioOptions implements Callable<Integer> {
        @Option(names = "--presets", split = ",",
            description = "the presets to ask (default: documented,seldonCore,consolidating,rayServe,knative,hpa)")
        java.util.List<String> presets = java.util.List.of("documented", "seldonCore", "consolidating", "rayServe",
            "knative", "hpa");

        @Option(names = "--at", paramLabel = "TIME",
            description = "the moment to read: RFC 3339 or seconds since 1970 (default: now)")
        String at;

        @Option(names = "--window", paramLabel = "DURATION",
            description = "how far back the rates look, as in rate(...[5m]) (default: 5m)")
        String window = "5m";

        @Option(names = "--output", paramLabel = "FORMAT", description = "text or json (default: text)")
        String output = "text";

        @Override
        boolean replaysPrometheus() {
            return false;
        }

        @Override
        public Integer call() throws IOException {
            refuseOutAndSeeds("advise", "prints to standard output (--output json for one JSON document)");
            if (!prometheus.given()) {
                throw new BadInput("advise reads the rates from Prometheus: expected --prometheus URL");
            }
            if (!output.equals("text") && !output.equals("json")) {
                throw new BadInput("--output " + output + ": expected text or json");
            }
            String stray = prometheus.start != null ? "--start" : prometheus.end != null ? "--end"
                : prometheus.range != null ? "--range" : prometheus.step != null ? "--step" : null;
            if (stray != null) {
                throw new BadInput(stray + " sets a replay's window: advise reads one moment (--at) over --window");
            }
            Instant moment = at == null ? Instant.now() : TrafficQuery.time(at).mapLeft(m -> "--at " + m)
                .getOrElseThrow(BadInput::new);
            Duration lookBack = TrafficQuery.duration(window).mapLeft(m -> "--window " + m)
                .getOrElseThrow(BadInput::new);
            Scenario scenario = loadScenario();
            if (scenario.models().isEmpty()) {
                throw new BadInput("the snapshot has no Model: expected the models to advise on");
            }
            PolicyRegistry registry = PolicyRegistry.standard();
            Seq<Preset> chosen = List.ofAll(presets).map(name -> scenario.policies().resolve(registry, name)
                .getOrElseThrow(problem -> new BadInput(problem.describe())));
            TrafficQuery query = prometheus.query(moment);
            PrometheusApi api = PrometheusApi.of(query.url(), query.timeout()).getOrElseThrow(Main::failure);
            io.modelscale.simulation.prometheus.LiveSignals live = io.modelscale.simulation.prometheus.LiveSignals
                .read(api, query, lookBack, moment, scenario.models().map(m -> m.name().value()))
                .getOrElseThrow(Main::failure);
            for (String warning : live.warnings()) {
                spec.commandLine().getErr().println("modelscale: warning: " + oneLine(warning));
            }
            spec.commandLine().getErr().flush();
            long seed = seedList(scenario).head();
            Seq<io.modelscale.simulation.engine.Advice> advice = chosen.map(preset -> io.modelscale.simulation.engine
                .Advice.of(scenario, preset, moment, live.rates(), live.meanServiceSeconds(), seed));
            PrintWriter out = spec.commandLine().getOut();
            out.print(output.equals("json") ? AdviceOutput.json(live, advice) : AdviceOutput.text(live, advice));
            out.flush();
            return 0;
        }
    }

    /** {@code modelscale openmetrics}: a scenario's traffic as Seldon's agent metrics, for promtool. */
    @Command(name = "openmetrics", mixinStandardHelpOptions = true,
        description = "Writes a scenario's traffic (by default the built-in one's, first seed) as Seldon Core 2's"
            + " agent counters seldon_model_infer_total and seldon_model_infer_seconds_total in the OpenMetrics"
            + " format, which 'promtool tsdb create-blocks-from openmetrics FILE DIR' turns into a Prometheus data"
            + " directory to replay with --prometheus.")
    static final class OpenMetrics extends ScenarioOptions implements Callable<Integer> {
        @Option(names = "--metrics", paramLabel = "FILE", required = true,
            description = "the OpenMetrics file to write")
        Path metrics;

        @Option(names = "--scrape", paramLabel = "DURATION",
            description = "the interval between samples (default: 15s)")
        String scrape = "15s";

        @Override
        public Integer call() throws IOException {
            refuseOutAndSeeds("openmetrics", "writes the file --metrics names");
            Duration interval = TrafficQuery.duration(scrape).mapLeft(m -> "--scrape " + m)
                .getOrElseThrow(BadInput::new);
            if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new BadInput("--scrape " + scrape + ": expected at least 1s");
            }
            checkOutFile("--metrics", metrics);
            Scenario scenario = loadScenario();
            if (interval.compareTo(scenario.settings().duration()) > 0
                || scenario.settings().duration().toMillis() % interval.toMillis() != 0) {
                throw new BadInput("--scrape " + scrape + " does not divide the scenario's "
                    + scenario.settings().duration().toSeconds() + " s: expected an interval that does");
            }
            Seq<String> names = scenario.models().map(m -> m.name().value());
            String fallback = scenario.servers().headOption().map(s -> s.spec().name().value()).getOrElse("mlserver");
            Seq<String> servers = scenario.models().map(m -> m.requestedServer().map(n -> n.value())
                .getOrElse(fallback));
            long seed = seedList(scenario).head();
            java.io.StringWriter text = new java.io.StringWriter();
            long written = io.modelscale.simulation.prometheus.SeldonMetrics.write(scenario.traffic().apply(seed),
                names, servers, scenario.settings().start(), scenario.settings().duration(), interval, text);
            AtomicFiles.writeString(metrics, text.toString());
            PrintWriter out = spec.commandLine().getOut();
            out.println("wrote " + written + " requests of " + names.size() + " models from "
                + scenario.settings().start() + " to " + scenario.settings().start().plus(scenario.settings()
                .duration()) + ", a sample every " + interval.toSeconds() + " s, to " + metrics);
            out.flush();
            return 0;
        }
    }

    /** {@code modelscale scenarios}: the built-in scenarios, one line each. */
    @Command(name = "scenarios", mixinStandardHelpOptions = true,
        description = "Lists the built-in scenarios that --scenario NAME runs, one line each.")
    static final class Scenarios implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            int width = BuiltInScenarios.all().map(e -> e.name().length()).max().getOrElse(0);
            for (BuiltInScenarios.Entry entry : BuiltInScenarios.all()) {
                out.println(String.format(java.util.Locale.ROOT, "%-" + width + "s  %s%s", entry.name(),
                    entry.description(), entry.name().equals(BuiltInScenarios.DEFAULT) ? " (default)" : ""));
            }
            out.flush();
            return 0;
        }
    }

    /** {@code modelscale sweep}: a grid of preset settings, with Pareto fronts of cost against service. */
    @Command(name = "sweep", mixinStandardHelpOptions = true, subcommands = {Main.Merge.class},
        description = {"Runs every combination of the given preset settings over a scenario, in parallel, and writes"
            + " sweep.csv, sweep.md, bound.csv (the clairvoyant bound) and the Pareto charts pareto-slo.png and"
            + " pareto-p99.png into --out.",
            "Settings (--param NAME=V1,V2,...): lagThreshold (documented and seldonCore), packingPercentage"
                + " (seldonCore), targetAttainment, scaleDownWindow, consolidationWindow, busySeconds,"
                + " memoryScaleUp and retryWhenRoomFrees (true or false) (consolidating),"
                + " targetPerReplica (rayServe, knative, hpa), initialServers (every server's starting replicas,"
                + " every preset); each preset runs with every"
                + " combination of the"
                + " settings that apply to it; a scenario file's Simulation spec.sweep gives defaults.",
            "--shard I/N runs the configurations whose index is I modulo N; `sweep merge` combines shards into what"
                + " one process writes."})
    static final class SweepCommand extends ScenarioOptions implements Callable<Integer> {
        @Option(names = "--presets", split = ",",
            description = "the presets to sweep (default documented,seldonCore,consolidating; also rayServe, knative, hpa)")
        java.util.List<String> presets = java.util.List.of("documented", "seldonCore", "consolidating");

        @Option(names = "--param", paramLabel = "NAME=V1,V2",
            description = "a setting and the values to try; repeat for several settings (a scenario file's"
                + " Simulation spec.sweep gives defaults, which these replace setting by setting)")
        java.util.List<String> params = new java.util.ArrayList<>();

        @Option(names = "--threads", paramLabel = "N",
            description = "runs at once (default: every core; each run also reads its requests on a thread of its own);"
                + " the output does not depend on it")
        Integer threads;

        @Option(names = "--shard", paramLabel = "I/N",
            description = "run only shard I of N (0 <= I < N); writes sweep.csv, bound.csv, grid.txt and shard.txt for"
                + " merging")
        String shard;

        @Override
        public Integer call() throws IOException {
            if (out == null) {
                throw new BadInput("sweep needs --out DIR: expected a directory for sweep.csv, sweep.md and the charts");
            }
            if (threads != null && (threads < 1 || threads > 1024)) {
                throw new BadInput("--threads " + threads + " is out of range: expected 1 to 1024");
            }
            Sweep.Shard part = shard == null ? Sweep.Shard.whole() : shard(shard);
            if (shard != null && prometheus.given() && prometheus.end == null) {
                throw new BadInput("--shard with --prometheus needs --end: expected a fixed window, so that every"
                    + " shard replays the same requests");
            }
            Scenario scenario = loadScenario();
            Seq<String> given = List.ofAll(params);
            Seq<String> fromFile = scenario.sweep().filter(p -> !given.exists(g -> g.split("=")[0].strip()
                .equals(p.split("=")[0])));
            Seq<String> fileNames = fromFile.map(p -> p.split("=")[0]);
            Grid grid = Grid.parse(List.ofAll(presets), fromFile.appendAll(given)).getOrElseThrow(message ->
                new BadInput(fileNames.exists(n -> message.startsWith("--param " + n + " ")
                    || message.startsWith("--param " + n + "="))
                    ? "the scenario's sweep section: " + message.substring("--param ".length()) : message));
            Sweep.check(scenario, grid).forEach(problem -> {
                throw new BadInput("--param " + problem);
            });
            Seq<Long> seedList = seedList(scenario);
            int total = grid.configurations().count(c -> c.index() % part.count() == part.index()) * seedList.size();
            PrintWriter err = spec.commandLine().getErr();
            int[] shown = {0};
            Seq<SweepRow> rows = Sweep.run(scenario, grid, seedList, part, threads != null ? threads
                : Runtime.getRuntime().availableProcessors(), done -> {
                    synchronized (shown) {
                        int tenths = done * 10 / Math.max(1, total);
                        if (tenths > shown[0]) {
                            shown[0] = tenths;
                            err.println("sweep: " + tenths * 10 + " % (" + done + " of " + total + " runs)");
                            err.flush();
                        }
                    }
                });
            Seq<io.modelscale.simulation.sweep.BoundRow> bound = Sweep.bound(scenario, seedList);
            AtomicFiles.writeString(out.resolve("grid.txt"), gridText(scenario.name(), grid, seedList));
            AtomicFiles.writeString(out.resolve("sweep.csv"), SweepOutput.csv(grid, rows));
            AtomicFiles.writeString(out.resolve("bound.csv"), SweepOutput.boundCsv(bound));
            if (shard != null) {
                AtomicFiles.writeString(out.resolve("shard.txt"), part.index() + "/" + part.count() + "\n");
            } else {
                writeReport(out, scenario.name(), grid, seedList, rows, bound);
            }
            spec.commandLine().getOut().println((shard == null ? "sweep: " : "sweep shard " + shard + ": ")
                + rows.size() + (rows.size() == 1 ? " configuration" : " configurations") + " written to " + out);
            spec.commandLine().getOut().flush();
            return 0;
        }

        private static Sweep.Shard shard(String text) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})/(\\d{1,6})").matcher(text.strip());
            if (!m.matches() || Integer.parseInt(m.group(1)) >= Integer.parseInt(m.group(2))) {
                throw new BadInput("--shard '" + text + "': expected I/N with 0 <= I < N, such as 0/3");
            }
            return new Sweep.Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
    }

    /** {@code modelscale sweep merge}: the shards of one sweep, combined. */
    @Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Combines the output directories of every shard of one sweep into what the sweep writes when run"
            + " in one process.")
    static final class Merge implements Callable<Integer> {
        @CommandLine.Parameters(arity = "1..*", paramLabel = "SHARD_DIR", description = "each shard's --out directory")
        java.util.List<Path> shards;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "where the merged sweep goes")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (out.toString().isBlank()) {
                // (the directory is made only once the shards are read: a merge that fails leaves nothing behind)
                throw new BadInput("--out '" + out + "': an empty path: expected a directory that exists or can be"
                    + " created, and can be written to");
            }
            String gridText = null;
            java.util.Map<Integer, Path> seen = new java.util.TreeMap<>();
            int count = -1;
            List<SweepRow> rows = List.empty();
            for (Path dir : shards) {
                String text = read(dir, "grid.txt");
                if (gridText != null && !gridText.equals(text)) {
                    throw new BadInput(dir.resolve("grid.txt") + " differs from " + shards.get(0).resolve("grid.txt")
                        + ": expected the shards of one sweep");
                }
                gridText = text;
                String shardLine = read(dir, "shard.txt").strip();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)/(\\d+)").matcher(shardLine);
                if (!m.matches()) {
                    throw new BadInput(dir.resolve("shard.txt") + ": '" + shardLine + "' is not I/N");
                }
                int index = Integer.parseInt(m.group(1));
                int of = Integer.parseInt(m.group(2));
                if (count >= 0 && of != count) {
                    throw new BadInput(dir.resolve("shard.txt") + " says " + shardLine + ", another shard says of "
                        + count + ": expected the shards of one sweep");
                }
                count = of;
                if (seen.containsKey(index)) {
                    throw new BadInput("shard " + index + "/" + of + " is given twice: " + seen.get(index) + " and "
                        + dir);
                }
                seen.put(index, dir);
            }
            Seq<Integer> missing = List.range(0, count).filter(i -> !seen.containsKey(i));
            if (!missing.isEmpty()) {
                throw new BadInput((missing.size() == 1 ? "shard " + missing.head() + " (of 0 to " + (count - 1)
                    + ") is missing" : "shards " + missing.mkString(", ") + " (of 0 to " + (count - 1) + ") are missing")
                    + ": expected every shard's directory");
            }
            Path target = out.toAbsolutePath().normalize();
            for (Path dir : seen.values()) {
                if (dir.toAbsolutePath().normalize().equals(target)) {
                    throw new BadInput("--out " + out + " is one of the shards' directories: expected a directory of"
                        + " its own, so that no shard is overwritten");
                }
            }
            GridFile grid = GridFile.parse(gridText).getOrElseThrow(BadInput::new);
            String boundText = null;
            for (Path dir : seen.values()) {
                String text = read(dir, "bound.csv");
                if (boundText != null && !boundText.equals(text)) {
                    throw new BadInput(dir.resolve("bound.csv") + " differs from the other shards': expected the"
                        + " shards of one sweep");
                }
                boundText = text;
            }
            String boundSource = seen.values().iterator().next().resolve("bound.csv").toString();
            Seq<io.modelscale.simulation.sweep.BoundRow> bound = SweepOutput.readBound(boundSource, boundText)
                .getOrElseThrow(BadInput::new);
            for (Path dir : seen.values()) {
                rows = rows.appendAll(SweepOutput.read(dir.resolve("sweep.csv").toString(), new java.io.StringReader(
                    read(dir, "sweep.csv")), grid.grid()).getOrElseThrow(BadInput::new));
            }
            Seq<SweepRow> sorted = rows.sortBy(SweepRow::index);
            int expected = grid.grid().configurations().size();
            if (!sorted.map(SweepRow::index).equals(List.range(0, expected))) {
                throw new BadInput("the shards hold configurations " + sorted.map(SweepRow::index).mkString(",")
                    + ": expected each of 0 to " + (expected - 1) + " once");
            }
            try {
                Files.createDirectories(out);
                AtomicFiles.writeString(out.resolve("grid.txt"), gridText);
                AtomicFiles.writeString(out.resolve("sweep.csv"), SweepOutput.csv(grid.grid(), sorted));
                AtomicFiles.writeString(out.resolve("bound.csv"), boundText);
                writeReport(out, grid.scenario(), grid.grid(), grid.seeds(), sorted, bound);
            } catch (IOException e) {
                throw new BadInput("--out '" + out + "' cannot be written (" + e.getClass().getSimpleName() + "): expected"
                    + " a directory that exists or can be created, and can be written to");
            }
            spec.commandLine().getOut().println("sweep merge: " + sorted.size() + " configurations from " + count
                + " shards written to " + out);
            spec.commandLine().getOut().flush();
            return 0;
        }

        private static String read(Path dir, String name) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new BadInput(file + " not found: expected a shard's output directory (sweep --shard I/N --out"
                    + " DIR)");
            }
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new BadInput(file + " cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    /** What {@code grid.txt} records: the scenario, the seeds and the grid, enough to merge shards. */
    record GridFile(String scenario, Seq<Long> seeds, Grid grid) {
        static io.vavr.control.Either<String, GridFile> parse(String text) {
            String scenario = null;
            Seq<Long> seeds = List.empty();
            Seq<String> presets = List.empty();
            Seq<String> params = List.empty();
            try {
                for (String line : text.split("\n")) {
                    if (line.startsWith("scenario: ")) {
                        scenario = line.substring("scenario: ".length());
                    } else if (line.startsWith("seeds: ")) {
                        seeds = List.of(line.substring("seeds: ".length()).split(",")).map(Long::parseLong);
                    } else if (line.startsWith("presets: ")) {
                        presets = List.of(line.substring("presets: ".length()).split(","));
                    } else if (line.startsWith("param: ")) {
                        params = params.append(line.substring("param: ".length()));
                    }
                }
            } catch (NumberFormatException e) {
                return io.vavr.control.Either.left("grid.txt: a seed is not a number (" + e.getMessage() + ")");
            }
            if (scenario == null || seeds.isEmpty() || presets.isEmpty()) {
                return io.vavr.control.Either.left("grid.txt: expected scenario, seeds and presets lines");
            }
            String name = scenario;
            Seq<Long> seedList = seeds;
            return Grid.parse(presets, params).map(g -> new GridFile(name, seedList, g))
                .mapLeft(message -> "grid.txt: " + message);
        }
    }

    static String gridText(String scenario, Grid grid, Seq<Long> seeds) {
        return "scenario: " + scenario + "\nseeds: " + seeds.mkString(",") + "\npresets: " + grid.presets().mkString(",")
            + "\n" + grid.axes().map(a -> "param: " + a.name() + "=" + a.values().mkString(",") + "\n").mkString();
    }

    static void writeReport(Path out, String scenario, Grid grid, Seq<Long> seeds, Seq<SweepRow> rows,
                            Seq<io.modelscale.simulation.sweep.BoundRow> bound) throws IOException {
        AtomicFiles.writeString(out.resolve("sweep.md"), SweepOutput.markdown(scenario, grid, seeds, rows, bound));
        SweepOutput.charts(scenario, rows, bound, out);
    }
}
