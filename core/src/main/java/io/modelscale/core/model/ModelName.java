package io.modelscale.core.model;

import io.modelscale.core.KubernetesName;
import io.modelscale.core.Problem;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * The name of a model: a Kubernetes resource name ({@link KubernetesName#SUBDOMAIN}).
 *
 * @param value the name
 */
public record ModelName(String value) implements Comparable<ModelName> {

    public ModelName {
        KubernetesName.SUBDOMAIN.require("model name", value);
    }

    /** The model called {@code value}; throws for a name that breaks the rule, see {@link #parse(String)}. */
    public static ModelName of(String value) {
        return new ModelName(value);
    }

    /** The model called {@code value}, or the problem with the name. */
    public static Either<Problem, ModelName> parse(String value) {
        Option<Problem> problem = KubernetesName.SUBDOMAIN.check("name", value);
        return problem.isDefined() ? Either.left(problem.get()) : Either.right(new ModelName(value));
    }

    /** Version {@code version} of this model. */
    public ModelVersionId version(int version) {
        return new ModelVersionId(this, version);
    }

    @Override
    public int compareTo(ModelName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
