package org.deephtm.examples.frames;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A PNG of image sequences side by side: for each sequence a row of true frames, a row of the
 * frames predicted for the same steps, and a row of their absolute difference (white is a large
 * error), one column per time step, each pixel drawn as a block.
 */
public final class FrameGrid {

    private static final int SCALE = 4;
    private static final int GAP = 4;
    private static final int LABEL_WIDTH = 110;
    private static final String[] ROWS = {"true", "predicted", "|difference|"};

    /**
     * One sequence of the grid.
     *
     * @param title     shown above its rows
     * @param truth     [T, 1, H, W] in [0, 1]
     * @param predicted [T, 1, H, W] in [0, 1]; a step without a prediction holds NaN and stays blank
     */
    public record Sequence(String title, INDArray truth, INDArray predicted) {
    }

    private FrameGrid() {
    }

    /** Writes the grid of {@code sequences} as a PNG (its folder is created) and returns the file. */
    public static Path write(Path file, List<Sequence> sequences) throws IOException {
        INDArray first = sequences.get(0).truth();
        int steps = (int) first.size(0);
        int h = (int) first.size(2) * SCALE;
        int w = (int) first.size(3) * SCALE;
        int titleHeight = 18;
        int blockHeight = titleHeight + ROWS.length * (h + GAP) + GAP;
        BufferedImage image = new BufferedImage(LABEL_WIDTH + steps * (w + GAP), sequences.size() * blockHeight,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(40, 40, 70));
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int s = 0; s < sequences.size(); s++) {
                Sequence seq = sequences.get(s);
                int top = s * blockHeight;
                g.setColor(Color.WHITE);
                g.drawString(seq.title(), 4, top + 13);
                INDArray difference = Transforms.abs(seq.truth().sub(seq.predicted()), false);
                INDArray[] rows = {seq.truth(), seq.predicted(), difference};
                for (int r = 0; r < rows.length; r++) {
                    int y = top + titleHeight + r * (h + GAP);
                    g.setColor(Color.LIGHT_GRAY);
                    g.drawString(ROWS[r], 4, y + h / 2 + 4);
                    for (int t = 0; t < steps; t++) {
                        drawFrame(g, rows[r].slice(t).slice(0), LABEL_WIDTH + t * (w + GAP), y);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    /** One [H, W] frame in [0, 1] as grey blocks; NaN frames (no prediction) are left as background. */
    private static void drawFrame(Graphics2D g, INDArray frame, int left, int top) {
        int rows = (int) frame.size(0);
        int columns = (int) frame.size(1);
        if (Double.isNaN(frame.getDouble(0, 0))) {
            return;
        }
        float[] grey = Transforms.min(Transforms.max(frame, 0), 1, false).muli(255).dup('c').data().asFloat();
        BufferedImage small = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
        small.getRaster().setPixels(0, 0, columns, rows, grey);
        g.drawImage(small, left, top, columns * SCALE, rows * SCALE, null);
    }
}
