package org.deephtm.examples.frames;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A reproducible stream of short image sequences ("episodes"): each episode is one clip of the
 * repertoire, chosen at random, rendered into small grey frames, with variations.
 *
 * <p>Variations, all drawn from the seed: which clip comes next (uniformly), a shift of the whole
 * episode by up to {@code jitter} pixels in each direction, and Gaussian pixel noise of standard
 * deviation {@code noise} (clipped to [0, 1]). The same seed and the same calls give the same
 * frames; two seeds give two streams of the same clips, which is how held-out data is made.
 *
 * <pre>{@code
 * FrameSequences frames = FrameSequences.builder().repertoire(Repertoire.STANDARD)
 *         .size(32, 32).noise(0.05).seed(1).build();
 * List<FrameSequences.Episode> batch = frames.next(16);
 * INDArray series = FrameSequences.timeSeries(batch);   // [16, 32*32, 10], one frame per time step
 * }</pre>
 */
public final class FrameSequences {

    /**
     * One sequence.
     *
     * @param clip   index of its clip in the repertoire
     * @param name   the clip's name
     * @param shiftX how many pixels the episode was shifted to the right (jitter)
     * @param shiftY how many pixels the episode was shifted down (jitter)
     * @param frames {@code [frames, 1, height, width]}, FLOAT in [0, 1]
     */
    public record Episode(int clip, String name, int shiftX, int shiftY, INDArray frames) {

        public int length() {
            return (int) frames.size(0);
        }

        /** {@code [1, height*width, frames]}: each frame flattened (NCHW order) as one time step. */
        public INDArray asTimeSeries() {
            return frames.reshape(frames.size(0), -1).transpose().reshape(1, -1, frames.size(0));
        }
    }

    private final List<Clip> clips;
    private final FrameRenderer renderer;
    private final double noise;
    private final int jitter;
    private final long seed;
    private final SplittableRandom choices;
    private final Random pixels;

    private FrameSequences(Builder b) {
        this.clips = List.copyOf(b.clips);
        this.renderer = new FrameRenderer(b.height, b.width);
        this.noise = b.noise;
        this.jitter = b.jitter;
        this.seed = b.seed;
        this.choices = new SplittableRandom(b.seed);
        this.pixels = Nd4j.getRandomFactory().getNewRandomInstance(b.seed);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The next episode of the stream. */
    public Episode next() {
        return episode(choices.nextInt(clips.size()));
    }

    /** The next {@code count} episodes. */
    public List<Episode> next(int count) {
        List<Episode> episodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            episodes.add(next());
        }
        return episodes;
    }

    /** An episode of a given clip, with this stream's variations (it advances the stream). */
    public Episode episode(int clip) {
        if (clip < 0 || clip >= clips.size()) {
            throw new IllegalArgumentException("clip must be in [0, " + clips.size() + "), got " + clip);
        }
        int shiftX = jitter == 0 ? 0 : choices.nextInt(2 * jitter + 1) - jitter;
        int shiftY = jitter == 0 ? 0 : choices.nextInt(2 * jitter + 1) - jitter;
        INDArray frames = cleanFrames(clip, shiftX, shiftY);
        if (noise > 0) {
            INDArray gaussian = Nd4j.randn(0, noise, frames.shape(), pixels).castTo(DataType.FLOAT);
            frames = Transforms.min(Transforms.max(frames.addi(gaussian), 0, false), 1, false);
        }
        return new Episode(clip, clips.get(clip).name(), shiftX, shiftY, frames);
    }

    /**
     * A clip's frames without noise, shifted by (shiftX, shiftY) pixels: what an episode shows
     * before the noise. It does not advance the stream.
     */
    public INDArray cleanFrames(int clip, int shiftX, int shiftY) {
        if (clip < 0 || clip >= clips.size()) {
            throw new IllegalArgumentException("clip must be in [0, " + clips.size() + "), got " + clip);
        }
        double dx = (double) shiftX / renderer.width();
        double dy = (double) shiftY / renderer.height();
        return renderer.render(clips.get(clip).poses().stream().map(p -> p.shifted(dx, dy)).toList());
    }

    /**
     * Episodes of equal length as one recurrent batch, {@code [episodes, height*width, frames]}: the
     * layout of DL4J's recurrent input, which {@code RnnToCnnPreProcessor} turns back into images.
     */
    public static INDArray timeSeries(List<Episode> episodes) {
        if (episodes.isEmpty()) {
            throw new IllegalArgumentException("no episodes to stack");
        }
        int length = episodes.get(0).length();
        INDArray[] series = new INDArray[episodes.size()];
        for (int i = 0; i < series.length; i++) {
            Episode e = episodes.get(i);
            if (e.length() != length) {
                throw new IllegalArgumentException("episodes must have the same length to share a batch: episode 0 has "
                        + length + " frames, episode " + i + " (" + e.name() + ") " + e.length());
            }
            series[i] = e.asTimeSeries();
        }
        return Nd4j.concat(0, series);
    }

    /** Frames of one example of a recurrent batch {@code [n, height*width, T]}: {@code [T, 1, height, width]}. */
    public static INDArray framesOf(INDArray timeSeries, int example, long height, long width) {
        INDArray one = timeSeries.slice(example); // [height*width, T]
        return one.transpose().dup('c').reshape(one.size(1), 1, height, width);
    }

    public List<Clip> clips() {
        return clips;
    }

    /** Frames per episode (every clip has this length). */
    public int length() {
        return clips.get(0).length();
    }

    public int height() {
        return renderer.height();
    }

    public int width() {
        return renderer.width();
    }

    public double noise() {
        return noise;
    }

    public int jitter() {
        return jitter;
    }

    public long seed() {
        return seed;
    }

    @Override
    public String toString() {
        return "FrameSequences(" + clips.size() + " clips of " + length() + " frames, " + height() + "x" + width()
                + ", noise=" + noise + ", jitter=" + jitter + ", seed=" + seed + ")";
    }

    /** Options of the stream; {@link #build()} rejects impossible ones. */
    public static final class Builder {
        private List<Clip> clips = Repertoire.STANDARD.clips();
        private int height = 32;
        private int width = 32;
        private double noise;
        private int jitter;
        private long seed;

        /** The clips to draw from (default {@link Repertoire#STANDARD}); all of one length, at least 2 frames. */
        public Builder clips(List<Clip> clips) {
            this.clips = clips;
            return this;
        }

        public Builder repertoire(Repertoire repertoire) {
            return clips(repertoire.clips());
        }

        /** Frame size in pixels (default 32x32), each side in [4, 1024]. */
        public Builder size(int height, int width) {
            this.height = height;
            this.width = width;
            return this;
        }

        /** Standard deviation of the Gaussian pixel noise, in [0, 1) (default 0: clean frames). */
        public Builder noise(double noise) {
            this.noise = noise;
            return this;
        }

        /** Largest shift of an episode, in pixels, in each direction (default 0). */
        public Builder jitter(int jitter) {
            this.jitter = jitter;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public FrameSequences build() {
            validate();
            return new FrameSequences(this);
        }

        private void validate() {
            require(clips != null && !clips.isEmpty(), "clips must name at least one clip, got " + clips);
            int length = clips.get(0).length();
            for (Clip c : clips) {
                require(c.length() == length, "clips must all have the same length: " + clips.get(0).name() + " has "
                        + length + " frames, " + c.name() + " " + c.length());
            }
            require(length >= 2, "clips need at least 2 frames (a frame and its successor), got " + length);
            require(height >= 4 && height <= 1024, "height must be in [4, 1024], got " + height);
            require(width >= 4 && width <= 1024, "width must be in [4, 1024], got " + width);
            require(noise >= 0 && noise < 1, "noise must be in [0, 1), got " + noise);
            require(jitter >= 0 && 2 * jitter < Math.min(height, width),
                    "jitter must be in [0, " + ((Math.min(height, width) - 1) / 2) + "] pixels for " + height + "x"
                            + width + " frames, got " + jitter);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
