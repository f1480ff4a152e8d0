package io.modelscale.simulation.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Reads request traces from CSV, lazily, in one of two formats ({@link Format}). The text is read as RFC 4180 CSV
 * (Apache Commons CSV: quoted fields, a byte-order mark before the header, blank lines skipped). Every bad line is
 * reported with its line number, the bad value and what was expected, as a {@link TraceProblem}.
 */
public final class CsvTrace implements RequestSource {

    /** The formats understood. */
    public enum Format {
        /**
         * The Azure LLM inference trace 2023: header {@code TIMESTAMP,ContextTokens,GeneratedTokens}, timestamps
         * {@code yyyy-MM-dd HH:mm:ss.fffffff}; all requests go to one model and the service time comes from the
         * generated tokens.
         */
        AZURE_LLM("TIMESTAMP,ContextTokens,GeneratedTokens"),
        /**
         * modelscale's per-request format: header {@code arrival_seconds,model,service_seconds}, arrivals in seconds
         * from the start (non-decreasing, decimals allowed), the model by name, the service time in seconds.
         */
        REQUESTS("arrival_seconds,model,service_seconds");

        private final String header;

        Format(String header) {
            this.header = header;
        }

        /** The header line the format expects. */
        public String header() {
            return header;
        }
    }

    /**
     * The longest time a trace may express, from its start to an arrival or as a service time: 10^12 seconds (about
     * 31,700 years), so that an arrival plus a service time never overflows microseconds.
     */
    public static final long MAX_MICROS = 1_000_000_000_000L * 1_000_000L;

    /** The Azure traces' times; a day that does not exist (February 30th) is refused, not rolled back to one. */
    private static final DateTimeFormatter AZURE_TIME = new DateTimeFormatterBuilder()
        .appendPattern("uuuu-MM-dd HH:mm:ss")
        .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
        .toFormatter().withResolverStyle(java.time.format.ResolverStyle.STRICT);

    /** A number of seconds as a person writes one: digits, a point, an exponent; not Java's 1d, 1f or 0x1p3. */
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile(
        "[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final org.apache.commons.csv.CSVParser parser;
    private final java.util.Iterator<org.apache.commons.csv.CSVRecord> records;
    private final String source;
    private final Format format;
    private final java.util.function.ToIntFunction<String> models;
    private final int model;
    private final ServiceTime serviceTime;
    private final java.util.SplittableRandom random;
    private int line;
    private long first = Long.MIN_VALUE;
    private long last = Long.MIN_VALUE;

    @Override
    public io.vavr.collection.Seq<String> serviceTimes() {
        return io.vavr.collection.List.of(format == Format.AZURE_LLM
            ? serviceTime.describe() + ", from each Azure request's tokens"
            : "as the trace file's service_seconds column gives it");
    }

    private CsvTrace(BufferedReader reader, String source, Format format, java.util.function.ToIntFunction<String> models,
                     int model, ServiceTime serviceTime, long seed) {
        this.random = new java.util.SplittableRandom(seed);
        this.source = source;
        this.format = format;
        this.models = models;
        this.model = model;
        this.serviceTime = serviceTime;
        try {
            this.parser = org.apache.commons.csv.CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true).setRecordSeparator('\n').get().parse(reader);
        } catch (IOException e) {
            throw new TraceProblem(source, "cannot be read (" + e.getClass().getSimpleName() + "): expected a readable"
                + " CSV file");
        }
        this.records = parser.iterator();
        String[] header = read();
        if (header != null && header.length > 0 && header[0].startsWith("\uFEFF")) {
            header[0] = header[0].substring(1).strip();
        }
        String joined = header == null ? null : String.join(",", header);
        if (joined == null || !joined.equals(format.header())) {
            throw new TraceProblem(source + " line 1", "expected the header '" + format.header() + "', got "
                + (joined == null ? "an empty file" : "'" + joined + "'"));
        }
    }

    /** An Azure LLM trace whose requests all go to {@code model}, served in {@code serviceTime} without variation. */
    public static CsvTrace azure(BufferedReader reader, String source, int model, ServiceTime serviceTime) {
        return azure(reader, source, model, serviceTime, 0);
    }

    /**
     * An Azure LLM trace whose requests all go to {@code model}, served in {@code serviceTime}, its variation drawn
     * from a generator seeded with {@code seed}.
     */
    public static CsvTrace azure(BufferedReader reader, String source, int model, ServiceTime serviceTime, long seed) {
        return new CsvTrace(reader, source, Format.AZURE_LLM, name -> model, model, serviceTime, seed);
    }

    /**
     * A trace in the {@link Format#REQUESTS} format.
     *
     * @param models the index of each model name; return -1 for an unknown name
     */
    public static CsvTrace requests(BufferedReader reader, String source, java.util.function.ToIntFunction<String> models) {
        return new CsvTrace(reader, source, Format.REQUESTS, models, -1, new ServiceTime(0, 0), 0);
    }

    @Override
    public boolean next(Request into) {
        String[] fields = read();
        if (fields == null) {
            return false;
        }
        if (fields.length != 3) {
            throw problem("expected 3 comma-separated fields (" + format.header() + "), got " + fields.length
                + " in '" + String.join(",", fields) + "'");
        }
        long arrival;
        int target;
        long service;
        if (format == Format.AZURE_LLM) {
            String time = fields[0].strip();
            long at = parseTime(time);
            long context = parseCount("ContextTokens", fields[1]);
            long tokens = parseCount("GeneratedTokens", fields[2]);
            if (first == Long.MIN_VALUE) {
                first = at;
            }
            arrival = at - first;
            if (arrival > MAX_MICROS) {
                throw problem("TIMESTAMP '" + time + "' is more than 10^12 seconds after the first request");
            }
            target = model;
            service = serviceFor(context, tokens);
        } else {
            arrival = parseSeconds("arrival_seconds", fields[0]);
            target = models.applyAsInt(fields[1].strip());
            if (target < 0) {
                throw problem("model '" + fields[1].strip() + "' is not in the scenario");
            }
            service = parseSeconds("service_seconds", fields[2]);
        }
        if (arrival < last) {
            throw problem("arrivals must not go back in time: " + fields[0].strip() + " comes after a later one");
        }
        last = arrival;
        into.set(arrival, target, service);
        return true;
    }

    private long parseTime(String text) {
        java.time.Instant instant;
        try {
            instant = LocalDateTime.parse(text, AZURE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw problem("TIMESTAMP '" + text + "' is not a time like 2023-11-16 18:15:46.6805900");
        }
        if (Math.abs(instant.getEpochSecond()) > MAX_MICROS / 1_000_000) {
            throw problem("TIMESTAMP '" + text + "' is more than 10^12 seconds from 1970");
        }
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private long serviceFor(long context, long tokens) {
        try {
            long micros = serviceTime.micros(context, tokens, random);
            if (micros <= MAX_MICROS) {
                return micros;
            }
        } catch (ArithmeticException tooLong) {
            // reported below
        }
        throw problem("ContextTokens " + context + " and GeneratedTokens " + tokens + " give a service time of more"
            + " than 10^12 seconds");
    }

    private long parseCount(String field, String text) {
        try {
            long value = Long.parseLong(text.strip());
            if (value < 0) {
                throw problem(field + " " + value + " must not be negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw problem(field + " '" + text.strip() + "' is not a whole number");
        }
    }

    private long parseSeconds(String field, String text) {
        try {
            if (!DECIMAL.matcher(text.strip()).matches()) {
                throw new NumberFormatException(text);
            }
            double seconds = Double.parseDouble(text.strip());
            if (!(seconds >= 0) || Double.isInfinite(seconds)) {
                throw problem(field + " " + text.strip() + " must be a finite number of seconds, zero or more");
            }
            if (seconds > MAX_MICROS / 1_000_000) {
                throw problem(field + " " + text.strip() + " is more than 10^12 seconds");
            }
            return Math.round(seconds * 1_000_000);
        } catch (NumberFormatException e) {
            throw problem(field + " '" + text.strip() + "' is not a number of seconds");
        }
    }

    private TraceProblem problem(String what) {
        return new TraceProblem(source + " line " + line, what);
    }

    /** Closes the file at its end: a run reads it once. */
    private void close() {
        try {
            parser.close();
        } catch (IOException ignored) {
            // every record is read: nothing is lost by a close that fails
        }
    }

    /** The next record's fields, or null at the end; its line is kept for problems. */
    private String[] read() {
        try {
            if (!records.hasNext()) {
                close();
                return null;
            }
            org.apache.commons.csv.CSVRecord record = records.next();
            line = (int) Math.min(Integer.MAX_VALUE, parser.getCurrentLineNumber());
            return record.values();
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            while (cause.getCause() != null && !(cause instanceof java.nio.charset.CharacterCodingException)) {
                cause = cause.getCause();
            }
            if (cause instanceof StrictUtf8Reader.NotUtf8 bad) {
                throw new TraceProblem(source + " line " + bad.line(), "not UTF-8 text: " + bad.getMessage()
                    + ": expected a CSV file in UTF-8");
            }
            if (cause instanceof java.nio.charset.CharacterCodingException) {
                throw new TraceProblem(source, "not UTF-8 text: expected a CSV file in UTF-8");
            }
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw new TraceProblem(source + " line " + Math.max(1, parser.getCurrentLineNumber()), "not valid CSV ("
                + message.lines().findFirst().orElse("").strip() + "): expected RFC 4180 CSV, quotes closed");
        }
    }
}
