package org.deephtm.examples.frames;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws poses into grey-level frames with Java2D: white glyphs on black, antialiased, no display
 * needed (it works with {@code -Djava.awt.headless=true}).
 */
public final class FrameRenderer {

    private final int height;
    private final int width;

    /**
     * @param height frame height in pixels, &gt;= 4
     * @param width  frame width in pixels, &gt;= 4
     */
    public FrameRenderer(int height, int width) {
        if (height < 4 || width < 4) {
            throw new IllegalArgumentException("frames must be at least 4x4 pixels, got " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
    }

    /** One frame as an 8-bit grey image (0 background, 255 ink). */
    public BufferedImage image(Pose pose) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, width, height);
            double scale = pose.size() * Math.min(height, width);
            AffineTransform place = new AffineTransform();
            place.translate(pose.x() * width, pose.y() * height);
            place.rotate(Math.toRadians(pose.angle()));
            place.scale(scale, scale);
            g.setColor(Color.WHITE);
            g.fill(place.createTransformedShape(pose.glyph().outline()));
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The frames of {@code poses} as {@code [frames, 1, height, width]}, FLOAT values in [0, 1]. */
    public INDArray render(List<Pose> poses) {
        int size = height * width;
        float[] pixels = new float[poses.size() * size];
        for (int t = 0; t < poses.size(); t++) {
            float[] frame = image(poses.get(t)).getRaster().getPixels(0, 0, width, height, (float[]) null);
            System.arraycopy(frame, 0, pixels, t * size, size);
        }
        return Nd4j.create(pixels, new long[] {poses.size(), 1, height, width}, DataType.FLOAT).divi(255);
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }
}
