package org.deephtm.examples.network;

import java.nio.file.Path;

/**
 * Where a streaming command saves its learner and what it resumes from.
 *
 * @param save      the file to save to after the run (and every {@code saveEvery} rows), null for none
 * @param saveEvery rows between saves during the run, 0 for a save at the end only
 * @param resume    a file an earlier run saved, to continue its stream; null to start afresh
 */
public record Checkpoints(Path save, int saveEvery, Path resume) {

    public Checkpoints {
        if (saveEvery < 0) {
            throw new IllegalArgumentException("--save-every must be >= 0, got " + saveEvery);
        }
        if (saveEvery > 0 && save == null) {
            throw new IllegalArgumentException("--save-every needs --save FILE");
        }
    }

    /** No saving, no resuming. */
    public static Checkpoints none() {
        return new Checkpoints(null, 0, null);
    }

    /** Whether to save after {@code rows} rows of this run, {@code last} when they are all of them. */
    public boolean saveAfter(int rows, boolean last) {
        return save != null && (last || (saveEvery > 0 && rows % saveEvery == 0));
    }
}
