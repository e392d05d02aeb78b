package org.deephtm.learning;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Map;
import java.util.Objects;

/**
 * Adam whose moments and weights move only where this step's gradient is not zero: a sparse
 * ("lazy") Adam, as TensorFlow's LazyAdam and PyTorch's SparseAdam are for embeddings.
 *
 * <pre>
 *   where |g| &gt; 2^-56:    m = beta1 m + (1 - beta1) g
 *                        v = beta2 v + (1 - beta2) g^2
 *                        w = w - alpha_t m / (sqrt(v) + epsilon),   alpha_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)
 *   elsewhere:           m, v and w stay as they are
 * </pre>
 *
 * <p>Gradients no larger than {@link #SMALLEST_GRADIENT} (2^-56, about 1.4e-17) count as zero. In
 * float, squaring a gradient below about 1e-18 gives a denormal number, and x86 CPUs compute
 * with denormals tens of times slower than with normal numbers. A temporal memory makes such
 * gradients by the thousand once it has learned (the sigmoid of a cell it firmly does not predict
 * is below 1e-20), and with them a long online stream slowed down by half over 400,000 steps
 * ({@code deephtm soak}). A step of such a gradient would move a weight by less than
 * {@code alpha_t 1e-17 / epsilon}, about 1e-9 of the learning rate.
 *
 * <p>How it differs from {@link org.nd4j.linalg.learning.config.Adam}: Adam moves every weight at
 * every step, those without a gradient by their momentum, and decays every moment. In an HTM
 * network most weights have no gradient at a given step (the temporal memory's rows of inactive
 * cells, the spatial pooler's losing columns, the weights of ReLU units that are off), so Adam
 * spends its time on weights that are not learning: a dense sweep over all of them that is
 * memory-bound on a CPU. LazyAdam touches only the weights that learn, and their moments keep
 * their values until the weight is used again (no decay for the steps it skipped). The bias
 * correction uses the network's step count, as Adam's does. Its state (m, then v) has Adam's
 * layout, so a network can switch between the two and keep its moments.
 *
 * <p>DL4J runs it through {@link LazyAdamUpdater} (ND4J ops, any backend); DeepHTM's online
 * engine runs the same rule in its own loops.
 *
 * <pre>{@code
 * new NeuralNetConfiguration.Builder().updater(new LazyAdam(1e-3))...
 * }</pre>
 */
public final class LazyAdam implements IUpdater {

    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;
    /** Gradients up to 2^-56 count as zero: the square of a larger one times {@code 1 - beta2} is a normal float. */
    public static final float SMALLEST_GRADIENT = 0x1p-56f;

    private double learningRate = DEFAULT_LEARNING_RATE;
    private ISchedule learningRateSchedule;
    private double beta1 = DEFAULT_BETA1;
    private double beta2 = DEFAULT_BETA2;
    private double epsilon = DEFAULT_EPSILON;

    /** Adam's defaults: learning rate 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-8. */
    public LazyAdam() {
    }

    public LazyAdam(double learningRate) {
        this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    public LazyAdam(ISchedule learningRateSchedule) {
        this(Double.NaN, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
        this.learningRateSchedule = learningRateSchedule;
    }

    public LazyAdam(double learningRate, double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta1 and beta2 must be in [0, 1), got " + beta1 + " and " + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
        }
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public long stateSize(long numParams) {
        return 2 * numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        LazyAdamUpdater updater = new LazyAdamUpdater(this);
        INDArray flat = viewArray.reshape(viewArray.length());
        updater.setStateViewArray(flat, new long[] {flat.length() / 2}, flat.ordering(), initializeViewArray);
        return updater;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        LazyAdamUpdater updater = new LazyAdamUpdater(this);
        updater.setState(updaterState, initializeStateArrays);
        return updater;
    }

    @Override
    public LazyAdam clone() {
        LazyAdam copy = new LazyAdam(learningRate, beta1, beta2, epsilon);
        copy.learningRateSchedule = learningRateSchedule == null ? null : learningRateSchedule.clone();
        return copy;
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    public double getLearningRate() {
        return learningRate;
    }

    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }

    public void setLearningRateSchedule(ISchedule learningRateSchedule) {
        this.learningRateSchedule = learningRateSchedule;
    }

    public double getBeta1() {
        return beta1;
    }

    public void setBeta1(double beta1) {
        this.beta1 = beta1;
    }

    public double getBeta2() {
        return beta2;
    }

    public void setBeta2(double beta2) {
        this.beta2 = beta2;
    }

    public double getEpsilon() {
        return epsilon;
    }

    public void setEpsilon(double epsilon) {
        this.epsilon = epsilon;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LazyAdam that)) {
            return false;
        }
        return Double.compare(learningRate, that.learningRate) == 0 && Double.compare(beta1, that.beta1) == 0
                && Double.compare(beta2, that.beta2) == 0 && Double.compare(epsilon, that.epsilon) == 0
                && Objects.equals(learningRateSchedule, that.learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, learningRateSchedule, beta1, beta2, epsilon);
    }

    @Override
    public String toString() {
        return "LazyAdam(learningRate=" + (learningRateSchedule != null ? learningRateSchedule : learningRate)
                + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon + ")";
    }
}
