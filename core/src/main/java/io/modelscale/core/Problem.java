package io.modelscale.core;

import java.util.Objects;

/**
 * One thing wrong with an input: where it is, the value found there, and a sentence saying what was expected.
 *
 * <p>Problems are values, never exceptions: parsers and validators return every problem they find so that a person
 * can fix an input in one pass.
 *
 * @param field   the path of the offending field or line, such as {@code spec.memory} or {@code line 12}
 * @param value   the offending value as written, or {@code "<missing>"}
 * @param message a whole sentence naming the value and what was expected
 */
public record Problem(String field, String value, String message) {

    /** What {@link #value()} says when the field was absent. */
    public static final String MISSING = "<missing>";

    public Problem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(message, "message");
        if (field.isBlank()) {
            throw new IllegalArgumentException("field must name where the problem is, got a blank string");
        }
    }

    /** A problem with the given field, value (rendered with {@link String#valueOf}) and message. */
    public static Problem of(String field, Object value, String message) {
        return new Problem(field, String.valueOf(value), message);
    }

    /**
     * This problem as an {@link IllegalArgumentException} whose message is {@link #describe()}, for a caller that
     * treats it as a mistake in its own code: {@code registry.preset(name).getOrElseThrow(Problem::toException)}.
     */
    public IllegalArgumentException toException() {
        return new IllegalArgumentException(describe());
    }

    /**
     * The same problem, found inside a larger input: {@code prefix} is put in front of the field, so that
     * {@code memory} becomes {@code spec.memory}.
     */
    public Problem under(String prefix) {
        return new Problem(prefix + "." + field, value, message);
    }

    /** One line for a person: the field, then the message. */
    public String describe() {
        return field + ": " + message;
    }

    @Override
    public String toString() {
        return describe();
    }
}
