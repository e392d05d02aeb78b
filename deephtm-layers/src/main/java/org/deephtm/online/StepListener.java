package org.deephtm.online;

/**
 * Told of every step an {@link OnlineLearner} takes, as DL4J's {@code TrainingListener} is told
 * of every iteration: what was predicted, what arrived, the anomaly score, and the memory as HTM
 * draws it ({@link LearnerStep#memory()}). A learner with no listener does none of this work.
 *
 * <pre>{@code
 * learner.addListener(step -> {
 *     if (step.anomaly(0) > 0.5) {
 *         System.out.println("step " + step.index() + ": bursting " + step.memory().burstingColumns(0));
 *     }
 * });
 * }</pre>
 *
 * <p>The listener runs on the thread that steps the learner, after the step, and the step holds
 * still until {@link #stepped} returns: keep it short, or hand a copy of what it needs to another
 * thread (as the live view does). A listener that throws stops the step's caller with its exception.
 */
@FunctionalInterface
public interface StepListener {

    /**
     * @param step the learner's last step; its answers hold until the learner's next step, on
     *             this thread, and the object is reused: copy what you keep
     */
    void stepped(LearnerStep step);
}
