package org.deephtm.layers.runtime;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;

/**
 * A SameDiff inference session that forgets, between runs, which arrays it released.
 *
 * <p>DL4J 1.0.0-M2.1's {@code InferenceSession} adds the id of every intermediate array it
 * releases to a set ({@code freedArrays}) that it never clears. A layer graph keeps one session
 * for every call, so that set grows by one entry per intermediate array per call: about 11 kB of
 * heap per training step and prediction of a small network, without bound over a long stream.
 * Array ids are never reused, so a set emptied between runs prevents the same double releases
 * within a run.
 * {@code Dl4jDefectsTest.inferenceSessionKeepsTheIdOfEveryArrayItReleased} tells when DL4J no
 * longer needs this.
 */
final class ForgetfulInferenceSession extends InferenceSession {

    ForgetfulInferenceSession(SameDiff sameDiff) {
        super(sameDiff);
    }

    /** Empties the record of released arrays; call once a run is over. */
    void forgetReleasedArrays() {
        freedArrays.clear();
    }

    /** How many released arrays the session currently remembers. */
    int releasedArraysRemembered() {
        return freedArrays.size();
    }
}
