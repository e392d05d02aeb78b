package org.deephtm.examples.frames;

import java.awt.BasicStroke;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/**
 * What a frame shows: a digit or a simple shape, drawn in a unit box centred on the origin
 * ({@code [-0.5, 0.5]} on both axes, y pointing down).
 *
 * <p>Digits are drawn as pen strokes defined here, not with a font: the installed fonts differ
 * from machine to machine, these paths do not, so the same seed gives the same frames everywhere
 * (on the same Java version: the antialiasing comes from Java2D's rasteriser).
 */
public enum Glyph {
    ZERO, ONE, TWO, THREE, FOUR, FIVE, SIX, SEVEN, EIGHT, NINE,
    SQUARE, CIRCLE, TRIANGLE, CROSS;

    /** Pen width of the digits, in units of the glyph's size. */
    static final float PEN = 0.16f;

    /** The glyph as a filled outline in the unit box. */
    public Shape outline() {
        return switch (this) {
            case SQUARE -> new Rectangle2D.Double(-0.4, -0.4, 0.8, 0.8);
            case CIRCLE -> new Ellipse2D.Double(-0.4, -0.4, 0.8, 0.8);
            case TRIANGLE -> polygon(0, -0.45, 0.45, 0.4, -0.45, 0.4);
            case CROSS -> {
                Area cross = new Area(new Rectangle2D.Double(-0.45, -0.14, 0.9, 0.28));
                cross.add(new Area(new Rectangle2D.Double(-0.14, -0.45, 0.28, 0.9)));
                yield cross;
            }
            default -> new BasicStroke(PEN, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND).createStrokedShape(stroke());
        };
    }

    /** true for the ten digits. */
    public boolean isDigit() {
        return ordinal() <= NINE.ordinal();
    }

    /** The pen path of a digit. */
    private Shape stroke() {
        Path2D.Double p = new Path2D.Double();
        switch (this) {
            case ZERO -> p.append(new Ellipse2D.Double(-0.28, -0.45, 0.56, 0.9), false);
            case ONE -> {
                p.moveTo(-0.16, -0.28);
                p.lineTo(0.06, -0.45);
                p.lineTo(0.06, 0.45);
            }
            case TWO -> {
                p.moveTo(-0.28, -0.2);
                p.quadTo(-0.24, -0.45, 0, -0.45);
                p.quadTo(0.28, -0.45, 0.28, -0.18);
                p.quadTo(0.26, 0.04, -0.28, 0.45);
                p.lineTo(0.3, 0.45);
            }
            case THREE -> {
                p.moveTo(-0.26, -0.36);
                p.quadTo(0, -0.55, 0.22, -0.34);
                p.quadTo(0.32, -0.06, -0.06, -0.02);
                p.quadTo(0.38, 0.02, 0.24, 0.32);
                p.quadTo(0, 0.56, -0.28, 0.36);
            }
            case FOUR -> {
                p.moveTo(0.14, 0.45);
                p.lineTo(0.14, -0.45);
                p.lineTo(-0.3, 0.15);
                p.lineTo(0.3, 0.15);
            }
            case FIVE -> {
                p.moveTo(0.28, -0.45);
                p.lineTo(-0.22, -0.45);
                p.lineTo(-0.26, -0.04);
                p.quadTo(0.34, -0.18, 0.28, 0.2);
                p.quadTo(0.2, 0.52, -0.28, 0.38);
            }
            case SIX -> {
                p.moveTo(0.22, -0.42);
                p.quadTo(-0.28, -0.38, -0.27, 0.18);
                p.append(new Ellipse2D.Double(-0.27, -0.06, 0.54, 0.51), false);
            }
            case SEVEN -> {
                p.moveTo(-0.28, -0.45);
                p.lineTo(0.3, -0.45);
                p.lineTo(-0.08, 0.45);
            }
            case EIGHT -> {
                p.append(new Ellipse2D.Double(-0.2, -0.45, 0.4, 0.42), false);
                p.append(new Ellipse2D.Double(-0.26, -0.03, 0.52, 0.48), false);
            }
            case NINE -> {
                p.append(new Ellipse2D.Double(-0.27, -0.45, 0.54, 0.51), false);
                p.moveTo(0.27, -0.2);
                p.quadTo(0.28, 0.38, -0.22, 0.42);
            }
            default -> throw new IllegalStateException(this + " is not a digit");
        }
        return p;
    }

    private static Shape polygon(double... xy) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            p.lineTo(xy[i], xy[i + 1]);
        }
        p.closePath();
        return p;
    }

    /** The digit {@code d}, 0 to 9. */
    public static Glyph digit(int d) {
        if (d < 0 || d > 9) {
            throw new IllegalArgumentException("a digit must be in [0, 9], got " + d);
        }
        return values()[d];
    }
}
