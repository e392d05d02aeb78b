package org.deephtm.examples.watch;

import org.deephtm.engine.MemoryView;

import java.util.List;

/**
 * A temporal memory as a watcher draws it, at one step: its columns' and cells' activity and
 * predictions, read when asked. The online engine's memory gives one ({@link MemoryView}, through
 * the live view); a run without the engine (frames) makes one from its layers' activations.
 *
 * <p>A column is predicted when one of its cells' strength reaches the memory's threshold (see
 * {@link MemoryView}); an active column that was not predicted bursts.
 */
public interface MemoryPicture {

    int columns();

    int cellsPerColumn();

    double predictionThreshold();

    /** The columns active at this step (the memory's input), ascending. */
    int[] activeColumns();

    /** The columns with a cell predicted for this step, ascending. */
    int[] predictedColumns();

    /** The columns with a cell predicted for the next step, ascending. */
    int[] nextPredictedColumns();

    /** The cells active at this step, ascending; empty when the memory's output does not show them. */
    int[] activeCells();

    /** Cell {@code cell}'s activity at this step (0 when inactive, NaN when not shown). */
    float activity(int cell);

    /** Cell {@code cell}'s strength of prediction for this step. */
    float strength(int cell);

    /** Cell {@code cell}'s strength of prediction for the next step. */
    float nextStrength(int cell);

    /** Whether the memory has segments, which {@link #segments} lists. */
    boolean hasSegments();

    /** The segments of {@code cell}, with the cells they listen to; empty without segments. */
    List<MemoryView.Segment> segments(int cell);
}
