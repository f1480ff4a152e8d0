package io.modelscale.policy;

import java.util.Objects;

/**
 * A policy with the stable name it is registered under in a {@link PolicyRegistry}, as presets, scenario files and
 * reports name it.
 *
 * @param name   the registered name, such as {@code model.inferenceLag}
 * @param policy the policy, with its settings
 * @param <P>    the kind of policy
 */
public record Named<P>(String name, P policy) {

    public Named {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
    }

    @Override
    public String toString() {
        return name;
    }
}
