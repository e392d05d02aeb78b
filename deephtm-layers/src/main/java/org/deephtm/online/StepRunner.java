package org.deephtm.online;

/**
 * How an {@link OnlineLearner} runs its steps: on the online engine, or through DL4J's own
 * machinery. Both give the same results (the tests hold them equal); they differ in speed and in
 * what they can run.
 */
interface StepRunner {

    /** One step of every stream: features [streams * nIn], targets [streams * nOut], stream-major. */
    void step(float[] features, float[] target);

    /** The last step's prediction, [streams * nOut]. */
    float[] prediction();

    /** The last step's anomaly score of a stream (the network's first temporal memory). */
    float anomaly(int stream);

    /** The first temporal memory as HTM draws it (the online engine); null when it cannot be viewed. */
    org.deephtm.engine.MemoryView memory();

    /** The loss of the training pass the last step ran, NaN if none. */
    double trainingLoss();

    void reset();

    /** Makes the network's own arrays hold what was learned. */
    void writeToNetwork();

    /** Takes the network's arrays after they were changed outside the learner. */
    void readFromNetwork();

    /** The stream's bookkeeping and recurrent state, for {@link OnlineLearner#save}. */
    StreamState export(int horizon, int window, long steps);

    /** Continues from a state {@link #export} gave (with the network's arrays as they were then). */
    void restore(StreamState state);
}
