package org.deephtm.online;

import java.io.Serializable;
import java.util.List;

/**
 * What, besides the network's weights and updater state, decides an {@link OnlineLearner}'s next
 * steps: the examples waiting for their targets, the window's completed examples, and the
 * recurrent state predictions continue from and the next training pass starts from. Saved next
 * to the network by {@link OnlineLearner#save}; the same for both machineries, so a stream saved
 * on one can resume on the other.
 *
 * @param horizon        the learner's horizon
 * @param window         the learner's window
 * @param streams        streams, -1 before the first step
 * @param steps          steps fed so far
 * @param pending        the features of the steps whose targets have not arrived, oldest first,
 *                       each [streams * nIn]
 * @param windowFeatures the features of the window's completed examples
 * @param windowTargets  their targets, each [streams * nOut]
 * @param prediction     the recurrent state the next prediction continues from
 * @param training       the recurrent state the next training pass starts from
 */
record StreamState(int horizon, int window, int streams, long steps, List<float[]> pending,
                   List<float[]> windowFeatures, List<float[]> windowTargets, RecurrentState prediction,
                   RecurrentState training) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The entry under which {@link OnlineLearner#save} stores it in the model file. */
    static final String MODEL_FILE_KEY = "deephtm-online-learner";
}
