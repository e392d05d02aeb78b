package org.deephtm.examples.frames;

/**
 * Where a glyph is in one frame, in units of the frame, so that the same clip renders at any
 * resolution.
 *
 * @param glyph what is drawn
 * @param x     horizontal position of its centre, 0 (left edge) to 1 (right edge); outside that
 *              range the glyph is partly or wholly out of the frame
 * @param y     vertical position of its centre, 0 (top) to 1 (bottom)
 * @param angle clockwise rotation in degrees
 * @param size  side of the glyph's box as a fraction of the frame's smaller side, &gt; 0
 */
public record Pose(Glyph glyph, double x, double y, double angle, double size) {

    public Pose {
        if (glyph == null) {
            throw new IllegalArgumentException("glyph must not be null");
        }
        if (!(size > 0) || !Double.isFinite(size)) {
            throw new IllegalArgumentException("size must be > 0, got " + size);
        }
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(angle)) {
            throw new IllegalArgumentException("x, y and angle must be finite, got " + x + ", " + y + ", " + angle);
        }
    }

    /** The same pose shifted by (dx, dy), in units of the frame. */
    public Pose shifted(double dx, double dy) {
        return new Pose(glyph, x + dx, y + dy, angle, size);
    }
}
