package org.deephtm.examples.frames;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A named sequence of poses: one glyph moving, turning or bouncing, one pose per frame.
 *
 * <p>A clip starts with one frame and grows by motions, each adding the frames that follow the
 * current pose (the last of them is where the motion ends), so motions chain without repeating a
 * frame. Clips are immutable; every motion returns a new clip.
 *
 * <pre>{@code
 * Clip seven = Clip.start("seven left to right", Glyph.SEVEN, 0.5, 0.1, 0.5)   // 1 frame
 *         .moveTo(0.5, 0.5, 3)     // 3 frames, ending at the centre
 *         .turn(360, 4)            // 4 frames, one clockwise turn
 *         .moveTo(0.9, 0.5, 2);    // 2 frames: 10 in all
 * }</pre>
 */
public final class Clip {

    private final String name;
    private final List<Pose> poses;

    private Clip(String name, List<Pose> poses) {
        this.name = name;
        this.poses = Collections.unmodifiableList(poses);
    }

    /**
     * A one-frame clip: {@code glyph} upright, centred at (x, y).
     *
     * @param size side of the glyph's box as a fraction of the frame's smaller side
     */
    public static Clip start(String name, Glyph glyph, double size, double x, double y) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a clip needs a name");
        }
        List<Pose> poses = new ArrayList<>();
        poses.add(new Pose(glyph, x, y, 0, size));
        return new Clip(name, poses);
    }

    /** Moves in a straight line to (x, y) in {@code frames} equal steps. */
    public Clip moveTo(double x, double y, int frames) {
        return moveTo(x, y, 0, frames);
    }

    /** Moves in a straight line to (x, y) while turning by {@code degrees} clockwise, in equal steps. */
    public Clip moveTo(double x, double y, double degrees, int frames) {
        requireFrames(frames);
        Pose from = last();
        List<Pose> more = new ArrayList<>(poses);
        for (int i = 1; i <= frames; i++) {
            double f = (double) i / frames;
            more.add(new Pose(from.glyph(), from.x() + (x - from.x()) * f, from.y() + (y - from.y()) * f,
                    from.angle() + degrees * f, from.size()));
        }
        return new Clip(name, more);
    }

    /** Turns in place by {@code degrees} clockwise (negative: anticlockwise) in equal steps. */
    public Clip turn(double degrees, int frames) {
        Pose from = last();
        return moveTo(from.x(), from.y(), degrees, frames);
    }

    /**
     * Moves by (vx, vy) per frame, bouncing off the frame's edges: the glyph's box stays inside the
     * frame, and the velocity component towards an edge it reaches flips sign.
     */
    public Clip bounce(double vx, double vy, int frames) {
        requireFrames(frames);
        Pose p = last();
        double low = p.size() / 2;
        double high = 1 - p.size() / 2;
        if (low >= high) {
            throw new IllegalArgumentException("a glyph of size " + p.size() + " has no room to bounce in the frame");
        }
        List<Pose> more = new ArrayList<>(poses);
        double x = p.x();
        double y = p.y();
        for (int i = 0; i < frames; i++) {
            x += vx;
            y += vy;
            if (x < low || x > high) {
                x = x < low ? 2 * low - x : 2 * high - x;
                vx = -vx;
            }
            if (y < low || y > high) {
                y = y < low ? 2 * low - y : 2 * high - y;
                vy = -vy;
            }
            more.add(new Pose(p.glyph(), x, y, p.angle(), p.size()));
        }
        return new Clip(name, more);
    }

    /** This clip followed by {@code next}'s frames (a cut: the glyph may jump). */
    public Clip then(Clip next) {
        List<Pose> more = new ArrayList<>(poses);
        more.addAll(next.poses);
        return new Clip(name, more);
    }

    public String name() {
        return name;
    }

    public int length() {
        return poses.size();
    }

    /** The poses, one per frame (read-only). */
    public List<Pose> poses() {
        return poses;
    }

    private Pose last() {
        return poses.get(poses.size() - 1);
    }

    private static void requireFrames(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("a motion needs frames >= 1, got " + frames);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Clip c && name.equals(c.name) && poses.equals(c.poses);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, poses);
    }

    @Override
    public String toString() {
        return "Clip(" + name + ", " + poses.size() + " frames)";
    }
}
