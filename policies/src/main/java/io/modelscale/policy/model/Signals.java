package io.modelscale.policy.model;

import io.modelscale.core.model.ModelName;
import io.vavr.collection.SortedMap;
import io.vavr.collection.TreeMap;
import java.util.Objects;

/**
 * Every model's {@link ModelSignals} for one stats period, looked up by model. A model that reported nothing had no
 * traffic ({@link ModelSignals#idle()}). A control plane usually builds them with {@link #of(SortedMap)} or
 * {@link #with}; a caller that holds its numbers elsewhere (the simulator, per model in arrays) implements the one
 * method, and must not change what it answers while a control step runs.
 */
@FunctionalInterface
public interface Signals {

    /** The signals of {@code model}; idle when it reported none. */
    ModelSignals of(ModelName model);

    /** The same signals with {@code model}'s replaced. */
    default Signals with(ModelName model, ModelSignals signals) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(signals, "signals");
        if (this instanceof Reported reported) {
            return new Reported(reported.byModel().put(model, signals));
        }
        Signals rest = this;
        return name -> name.equals(model) ? signals : rest.of(name);
    }

    /** No model reported anything. */
    static Signals none() {
        return new Reported(TreeMap.empty());
    }

    /** These models' signals; any other model is idle. */
    static Signals of(SortedMap<ModelName, ModelSignals> byModel) {
        return new Reported(byModel);
    }

    /**
     * Signals reported per model.
     *
     * @param byModel the signals of each model that reported any
     */
    record Reported(SortedMap<ModelName, ModelSignals> byModel) implements Signals {
        public Reported {
            Objects.requireNonNull(byModel, "byModel");
        }

        @Override
        public ModelSignals of(ModelName model) {
            return byModel.get(model).getOrElse(ModelSignals::idle);
        }
    }
}
