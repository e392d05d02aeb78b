package org.deephtm.examples.nab;

import java.time.LocalDateTime;
import java.util.List;

/**
 * The profile-free part of NAB's scoring of one file: which window each row is in, and the
 * unweighted sweep score a detection at that row would get (see {@link NabScorer}).
 */
final class FileSweep {

    final DetectorOutput output;
    /** Rows before this index are in the probationary period. */
    final int probation;
    /** Per row, the index of its window in {@code output.windows()}, -1 outside windows. */
    final int[] window;
    /** Per row, S(position): inside a window the true-positive weight, outside it the false-positive one. */
    final double[] unweighted;
    /** Per window, whether it has rows after the probationary period (only those are scored). */
    final boolean[] scorable;

    FileSweep(DetectorOutput output) {
        this.output = output;
        int n = output.scores().length;
        this.probation = NabRules.probationaryLength(n);
        this.window = new int[n];
        this.unweighted = new double[n];
        List<Window> windows = output.windows();
        this.scorable = new boolean[windows.size()];
        java.util.Arrays.fill(window, -1);
        int previousEnd = -1;
        int previousWidth = 0;
        int next = 0; // rows before `next` are assigned
        for (int w = 0; w < windows.size(); w++) {
            int start = indexOf(windows.get(w).start(), "start of window " + windows.get(w));
            int end = indexOf(windows.get(w).end(), "end of window " + windows.get(w));
            outside(next, start, previousEnd, previousWidth);
            int width = end - start + 1;
            for (int i = start; i <= end; i++) {
                window[i] = w;
                unweighted[i] = NabRules.scaledSigmoid(-(double) (end - i + 1) / width);
            }
            scorable[w] = end >= probation;
            previousEnd = end;
            previousWidth = width;
            next = end + 1;
        }
        outside(next, n, previousEnd, previousWidth);
    }

    /** Rows [from, to) between windows: -1 before the first window, S(distance / (width - 1)) after one. */
    private void outside(int from, int to, int previousEnd, int previousWidth) {
        for (int i = from; i < to; i++) {
            if (previousEnd < 0) {
                unweighted[i] = -1.0;
            } else {
                // NAB divides by (width - 1), which is 0 for a one-row window: use 1 there
                unweighted[i] = NabRules.scaledSigmoid((double) (i - previousEnd) / Math.max(previousWidth - 1, 1));
            }
        }
    }

    private int indexOf(LocalDateTime time, String what) {
        LocalDateTime[] timestamps = output.timestamps();
        for (int i = 0; i < timestamps.length; i++) {
            if (timestamps[i].equals(time)) {
                return i;
            }
        }
        throw new IllegalArgumentException(output.key() + ": the " + what + " is not a timestamp of the file");
    }

    /** The weighted sweep score of a detection at row {@code i}. */
    double sweepScore(int i, Profile profile) {
        return window[i] >= 0
                ? profile.tpWeight() * unweighted[i] / NabRules.scaledSigmoid(-1.0)
                : profile.fpWeight() * unweighted[i];
    }
}
