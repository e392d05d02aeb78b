package org.deephtm.examples.watch;

import org.deephtm.online.StepListener;

import java.util.Optional;

/**
 * What an experiment shows to whoever watches it while it runs (the live view of {@code --live}):
 * the values of each step, named once in a {@link RunLayout}; the learner whose memory to draw;
 * pictures the watcher may ask for (the frames). The watcher may hold the run in
 * {@link #stepped} (pause, a pace); it never waits for a browser.
 *
 * <p>{@link #NONE}, what a run without {@code --live} gets, does nothing, registers no listener
 * and asks for no picture: watching costs a run nothing unless someone watches. None of the live
 * view's classes load for it.
 */
public interface RunWatch {

    /** Nobody watches. */
    RunWatch NONE = new RunWatch() {
    };

    /** Before the first step: what the run is, the values each step reports and how to chart them. */
    default void begin(RunLayout layout) {
    }

    /** A listener for the learner whose first temporal memory to draw; empty when nobody watches. */
    default Optional<StepListener> memoryListener() {
        return Optional.empty();
    }

    /**
     * For a run without an online learner (frames): where to read a picture of the memory and of
     * a frame, asked on the run's thread, inside {@link #stepped}, only when a watcher wants one.
     */
    default void pictures(PictureSource source) {
    }

    /**
     * Step {@code step} is done; {@code values} are in the layout's order (the caller's array,
     * reused: copy what you keep; NaN where a value does not exist at this step).
     */
    default void stepped(long step, double[] values) {
    }

    /** The run is over; {@code summary} is one line on how it went. */
    default void end(String summary) {
    }
}
