package io.modelscale.core.server;

import io.modelscale.core.KubernetesName;
import io.modelscale.core.Problem;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * The name of a server: a DNS label ({@link KubernetesName#LABEL}), since its replicas run as pods named
 * {@code <name>-<ordinal>}.
 *
 * @param value the name
 */
public record ServerName(String value) implements Comparable<ServerName> {

    public ServerName {
        KubernetesName.LABEL.require("server name", value);
    }

    /** The server called {@code value}; throws for a name that breaks the rule, see {@link #parse(String)}. */
    public static ServerName of(String value) {
        return new ServerName(value);
    }

    /** The server called {@code value}, or the problem with the name. */
    public static Either<Problem, ServerName> parse(String value) {
        Option<Problem> problem = KubernetesName.LABEL.check("name", value);
        return problem.isDefined() ? Either.left(problem.get()) : Either.right(new ServerName(value));
    }

    @Override
    public int compareTo(ServerName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
