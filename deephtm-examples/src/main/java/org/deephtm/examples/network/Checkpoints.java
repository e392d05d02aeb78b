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

    /** Whether a run stopped after {@code done} rows must save them: it saves, and has not just done so. */
    public boolean saveAtStop(int done) {
        return save != null && done > 0 && !saveAfter(done, false);
    }

    /**
     * What a run stopped by the process's signal reports: the row it stopped after and where the
     * stream's last whole save is (the rows done are saved when there is a {@code save}).
     *
     * @param done       rows of this run learned
     * @param rows       rows of the input
     * @param rowsBefore rows of the stream learned before this run (from {@code resume})
     * @param lastTime   the timestamp of the last row learned, null when the file has none or no row was
     */
    public StreamStopped stopped(int done, int rows, long rowsBefore, String lastTime) {
        String at = done == 0 ? "stopped before the first row" : "stopped after row " + done + " of " + rows
                + (lastTime == null ? "" : " (" + lastTime + ")") + (rowsBefore == 0 ? ""
                : ", row " + (rowsBefore + done) + " of the stream");
        if (save != null && done > 0) {
            return new StreamStopped(at + "; the stream up to it is saved in " + save.toAbsolutePath()
                    + ": continue it with --resume " + save + " and an --input of the rows after that one; "
                    + "no other output written");
        }
        String kept = resume == null ? "" : "; the stream is still as " + resume + " holds it";
        return new StreamStopped(at + ": nothing written" + kept + (save == null ? " (with --save FILE a stopped "
                + "run saves the rows it learned)" : ""));
    }
}
