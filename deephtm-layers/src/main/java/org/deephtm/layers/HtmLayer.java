package org.deephtm.layers;

import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the DeepHTM layers share as DL4J SameDiff layers: a weight initialisation, and layer state
 * kept as parameters.
 *
 * <p>HTM layers own state that is not learned by the optimiser (duty cycles, a fixed potential
 * pool). Keeping it in the parameter table means DL4J saves, restores and clones it with the
 * weights ({@code ModelSerializer}, {@code MultiLayerNetwork.clone()}, transfer learning), without
 * any extra file format. {@link #stateParams()} names those entries; they get the {@link NoOp}
 * updater and no regularisation, and the layer graphs read them through a stop-gradient.
 */
public abstract class HtmLayer extends AbstractSameDiffLayer {

    protected WeightInit weightInit = WeightInit.XAVIER;

    protected HtmLayer() {
        // for JSON
    }

    protected HtmLayer(Builder<?> builder) {
        super(builder);
        this.weightInit = builder.weightInit;
    }

    /** Parameter keys that hold layer state rather than trained weights. */
    public abstract Set<String> stateParams();

    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        if (stateParams().contains(paramName)) {
            return new NoOp();
        }
        return super.getUpdaterByParam(paramName);
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        if (stateParams().contains(paramName)) {
            return Collections.emptyList();
        }
        return super.getRegularizationByParam(paramName);
    }

    public WeightInit getWeightInit() {
        return weightInit;
    }

    public void setWeightInit(WeightInit weightInit) {
        this.weightInit = weightInit;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HtmLayer) || !super.equals(o)) {
            return false;
        }
        return weightInit == ((HtmLayer) o).weightInit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), weightInit);
    }

    /** Builder options common to the DeepHTM layers, on top of DL4J's (updater, l2, name...). */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<T extends Builder<T>> extends AbstractSameDiffLayer.Builder<T> {

        protected WeightInit weightInit = WeightInit.XAVIER;

        /** Initialisation of the trained weight matrices. Default {@link WeightInit#XAVIER}. */
        public T weightInit(WeightInit weightInit) {
            this.weightInit = weightInit;
            return (T) this;
        }

        protected static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
