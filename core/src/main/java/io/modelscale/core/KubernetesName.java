package io.modelscale.core;

import io.vavr.control.Option;

/**
 * The two Kubernetes name rules modelscale's identifiers follow (RFC 1123): Model resources are named by
 * {@link #SUBDOMAIN} rules, Servers by {@link #LABEL} rules, because a Server's pods, {@code <server>-<ordinal>},
 * are DNS labels.
 */
public enum KubernetesName {
    /** At most 253 characters of {@code a-z 0-9 - .}, starting and ending with a letter or digit. */
    SUBDOMAIN(253, true),
    /** At most 63 characters of {@code a-z 0-9 -}, starting and ending with a letter or digit. */
    LABEL(63, false);

    private final int maxLength;
    private final boolean dotsAllowed;

    KubernetesName(int maxLength, boolean dotsAllowed) {
        this.maxLength = maxLength;
        this.dotsAllowed = dotsAllowed;
    }

    /** The problem with {@code value} as a name under this rule, if any. */
    public Option<Problem> check(String field, String value) {
        if (value == null) {
            return Option.some(Problem.of(field, Problem.MISSING, "a name is required"));
        }
        String rule = "lowercase letters, digits and '-'" + (dotsAllowed ? " or '.'" : "")
            + ", starting and ending with a letter or digit, at most " + maxLength + " characters";
        if (value.isEmpty()) {
            return Option.some(Problem.of(field, value, "the name is empty: expected " + rule));
        }
        if (value.length() > maxLength) {
            return Option.some(Problem.of(field, value,
                "the name has " + value.length() + " characters: expected " + rule));
        }
        boolean valid = isAlphanumeric(value.charAt(0)) && isAlphanumeric(value.charAt(value.length() - 1))
            && value.chars().allMatch(c -> isAlphanumeric(c) || c == '-' || (dotsAllowed && c == '.'));
        if (!valid) {
            return Option.some(Problem.of(field, value, "'" + value + "' is not a valid name: expected " + rule));
        }
        return Option.none();
    }

    /** Throws {@link IllegalArgumentException} with the problem's description if {@code value} breaks this rule. */
    public String require(String field, String value) {
        for (Problem problem : check(field, value)) {
            throw new IllegalArgumentException(problem.describe());
        }
        return value;
    }

    private static boolean isAlphanumeric(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
