package org.deephtm.online;

import org.deephtm.engine.MemoryView;

/**
 * An {@link OnlineLearner}'s last step, as its {@link StepListener}s see it: the prediction, the
 * target that arrived, the anomaly score and the training loss of each stream, and the first
 * temporal memory as HTM draws it. One object per learner, reused at every step; nothing is
 * copied until a listener asks, and its answers hold until the learner's next step.
 */
public final class LearnerStep {

    private final OnlineLearner learner;
    private final int outputs;
    private float[] target = new float[0];

    LearnerStep(OnlineLearner learner, int outputs) {
        this.learner = learner;
        this.outputs = outputs;
    }

    /** Called by the learner before its listeners run: keeps this step's targets (the caller may reuse its array). */
    void targetsArrived(float[] targets) {
        if (target.length != targets.length) {
            target = new float[targets.length];
        }
        System.arraycopy(targets, 0, target, 0, targets.length);
    }

    /** The step's index in the stream, from 0 (a restored learner continues the count). */
    public long index() {
        return learner.steps() - 1;
    }

    public int streams() {
        return target.length / outputs;
    }

    /** The network's outputs per stream. */
    public int outputs() {
        return outputs;
    }

    /** Output {@code i} of the prediction for {@code stream}: the target expected {@code horizon} steps ahead. */
    public float prediction(int stream, int i) {
        return learner.prediction()[flat(stream, i)];
    }

    /** Output {@code i} of the target that arrived for {@code stream} at this step: the step {@code horizon} back's. */
    public float target(int stream, int i) {
        return target[flat(stream, i)];
    }

    /** The first TemporalMemory's anomaly score for {@code stream}, NaN when the network has none. */
    public float anomaly(int stream) {
        return learner.anomaly(stream);
    }

    /** The loss of the training pass this step ran, NaN if none ran. */
    public double trainingLoss() {
        return learner.trainingLoss();
    }

    /** Whether {@link #memory()} can answer: the network has a TemporalMemory and runs on the online engine. */
    public boolean hasMemory() {
        return learner.memoryView() != null;
    }

    /**
     * The first temporal memory at this step: active, bursting and predicted columns, active and
     * predicted cells, and segments.
     *
     * @throws IllegalStateException when the network has no TemporalMemory, or steps on DL4J (the
     *                               message says which)
     */
    public MemoryView memory() {
        MemoryView view = learner.memoryView();
        if (view == null) {
            throw new IllegalStateException(learner.usesEngine()
                    ? "the network has no TemporalMemory: there is no memory to view"
                    : "the memory is viewed on the online engine; this learner steps on " + learner.path());
        }
        return view;
    }

    private int flat(int stream, int i) {
        if (stream < 0 || stream >= streams() || i < 0 || i >= outputs) {
            throw new IndexOutOfBoundsException("output " + i + " of stream " + stream + ": the learner has "
                    + streams() + " stream(s) of " + outputs + " output(s)");
        }
        return stream * outputs + i;
    }

    @Override
    public String toString() {
        return "LearnerStep(index " + index() + ", " + streams() + " stream(s), on the " + learner.path() + ")";
    }
}
