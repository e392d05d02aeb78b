package org.deephtm.learning;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link LazyAdam}'s rule in ND4J ops, for DL4J's updater (and so for every backend). A mask of
 * the gradient entries larger than {@link LazyAdam#SMALLEST_GRADIENT} selects between the Adam
 * step and the old values; the products with 0 and 1 and the sums with 0 round nothing, so the
 * moved entries get exactly Adam's values.
 */
public final class LazyAdamUpdater implements GradientUpdater<LazyAdam> {

    public static final String M_STATE = "M";
    public static final String V_STATE = "V";

    private final LazyAdam config;
    private INDArray m;
    private INDArray v;

    public LazyAdamUpdater(LazyAdam config) {
        this.config = config;
    }

    @Override
    public LazyAdam getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        if (!stateMap.containsKey(M_STATE) || !stateMap.containsKey(V_STATE) || stateMap.size() != 2) {
            throw new IllegalStateException("LazyAdam's state has the keys " + M_STATE + " and " + V_STATE
                    + ", got " + stateMap.keySet());
        }
        m = stateMap.get(M_STATE);
        v = stateMap.get(V_STATE);
        if (initialize) {
            m.assign(0);
            v.assign(0);
        }
    }

    @Override
    public Map<String, INDArray> getState() {
        Map<String, INDArray> state = new HashMap<>();
        state.put(M_STATE, m);
        state.put(V_STATE, v);
        return state;
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (initialize) {
            viewArray.assign(0);
        }
        INDArray flat = viewArray.reshape(viewArray.length());
        long half = flat.length() / 2;
        m = Shape.newShapeNoCopy(flat.get(NDArrayIndex.interval(0, half)), gradientShape, gradientOrder == 'f');
        v = Shape.newShapeNoCopy(flat.get(NDArrayIndex.interval(half, 2 * half)), gradientShape, gradientOrder == 'f');
        if (m == null || v == null) {
            throw new IllegalStateException("LazyAdam could not view its state with the gradient's shape");
        }
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (m == null || v == null) {
            throw new IllegalStateException("LazyAdam's updater has no state: call setStateViewArray first");
        }
        float beta1 = (float) config.getBeta1();
        float beta2 = (float) config.getBeta2();
        float epsilon = (float) config.getEpsilon();
        float alpha = AdamStep.alpha(config.getLearningRate(iteration, epoch), beta1, beta2, epsilon, iteration);
        INDArray g = gradient.reshape(m.shape());
        INDArray moved = Transforms.abs(g, true).gt(LazyAdam.SMALLEST_GRADIENT).castTo(g.dataType());
        g.muli(moved); // gradients up to SMALLEST_GRADIENT are zeros: no denormal squares
        INDArray kept = moved.rsub(1.0);
        INDArray newM = m.mul(beta1).addi(g.mul(1f - beta1));
        INDArray newV = v.mul(beta2).addi(g.mul(g).muli(1f - beta2));
        m.muli(kept).addi(newM.muli(moved));
        v.muli(kept).addi(newV.muli(moved));
        INDArray update = m.mul(alpha).divi(Transforms.sqrt(v, true).addi(epsilon)).muli(moved);
        g.assign(update);
    }
}
