package org.deephtm.examples.watch;

/**
 * Where a run without an online learner (frames) draws its pictures: asked on the run's thread,
 * inside {@link RunWatch#stepped}, only when a watcher wants one, so that a run nobody watches
 * computes none.
 */
@FunctionalInterface
public interface PictureSource {

    /** A picture of the run now. */
    Picture picture();

    /**
     * @param memory the memory at a step, null when there is none to show
     * @param frame  a frame beside the prediction of it, null when the run has none
     */
    record Picture(MemoryPicture memory, FramePair frame) {
    }

    /**
     * A true frame beside the frame the network predicted for it, grey levels in [0, 1], row by row.
     *
     * @param caption   which frame this is
     * @param width     pixels per row
     * @param height    rows
     * @param truth     the frame
     * @param predicted the frame the network predicted for that step, from the frames before it
     */
    record FramePair(String caption, int width, int height, float[] truth, float[] predicted) {
        public FramePair {
            if (truth.length != width * height || predicted.length != width * height) {
                throw new IllegalArgumentException("frames of " + width + "x" + height + " hold " + width * height
                        + " pixels, got " + truth.length + " and " + predicted.length);
            }
        }
    }
}
