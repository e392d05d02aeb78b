package org.deephtm.layers.ops;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Local inhibition over convolutional feature maps {@code [b, C, H, W]}: units compete with the
 * units of their inhibition area instead of the whole layer.
 *
 * <pre>
 *   PER_POSITION:  area(c, h, w) = { (c', h, w) : every channel c' }                      C units
 *   NEIGHBOURHOOD: area(c, h, w) = { (c', h', w') : |h' - h| &lt;= r, |w' - w| &lt;= r }      C (2r+1)^2 units
 *   mask(u)       = 1  if u is among the k largest of area(u), else 0
 * </pre>
 *
 * Both reduce to {@link KWinners#mask} on rows: one row per position, holding the values of the
 * position's area in reading order (window rows top to bottom, left to right, channels inner).
 * A unit's verdict is read at its own position's row, so "among the k largest of its own area"
 * is exact. Ties at the k-th value go to the unit that comes first in reading order (upper row,
 * then left column, then lower channel), one global order, so that two tied units never both
 * claim the last slot. Window edges: positions outside the map are not in the area; they are
 * padded with {@link #OUTSIDE}, below any real value, so they never win. An area cut by the
 * edge has fewer units and the same k, so edge units win more often than interior ones.
 *
 * <p>Cost per example: PER_POSITION O(C H W); NEIGHBOURHOOD builds the (2r+1)^2 shifted copies
 * of the map, O(C H W (2r+1)^2) memory and time (a selection, comparisons and a cumulative sum
 * per row of C (2r+1)^2 values).
 */
public final class LocalInhibition {

    /** The value of positions outside the map: lower than any activation a network produces. */
    public static final double OUTSIDE = -1e30;

    private LocalInhibition() {
    }

    /** The channels of every position as rows: {@code [b, C, H, W] -> [b*H*W, C]}. */
    public static SDVariable positions(SDVariable maps, long channels) {
        return maps.permute(0, 2, 3, 1).reshape(-1, channels);
    }

    /** The inverse of {@link #positions}: {@code [b*H*W, C] -> [b, C, H, W]}. */
    public static SDVariable maps(SDVariable rows, long channels, long height, long width) {
        return rows.reshape(-1, height, width, channels).permute(0, 3, 1, 2);
    }

    /**
     * The neighbourhood of every position as rows: {@code [b, C, H, W] -> [b*H*W, (2r+1)^2 C]},
     * window positions in reading order, channels inner; positions outside the map hold
     * {@link #OUTSIDE}. The values keep their gradient.
     */
    public static SDVariable windows(SameDiff sd, SDVariable maps, long channels, long height, long width,
            int radius) {
        int side = 2 * radius + 1;
        SDVariable padding = sd.constant(Nd4j.createFromArray(new int[][] {{0, 0}, {0, 0}, {radius, radius},
                {radius, radius}}));
        SDVariable padded = sd.nn.pad(maps, padding, PadMode.CONSTANT, OUTSIDE);
        SDVariable[] shifted = new SDVariable[side * side];
        for (int dh = 0; dh < side; dh++) {
            for (int dw = 0; dw < side; dw++) {
                shifted[dh * side + dw] = padded.get(SDIndex.all(), SDIndex.all(),
                        SDIndex.interval((long) dh, dh + height), SDIndex.interval((long) dw, dw + width));
            }
        }
        // [b, S, C, H, W] -> [b, H, W, S, C] -> one row per position
        return sd.stack(1, shifted).permute(0, 3, 4, 1, 2).reshape(-1, (long) side * side * channels);
    }

    /** The entries of the centre position of {@link #windows} rows: {@code [rows, (2r+1)^2 C] -> [rows, C]}. */
    public static SDVariable centre(SDVariable windowRows, long channels, int radius) {
        int side = 2 * radius + 1;
        long first = (long) (side * side / 2) * channels;
        return windowRows.get(SDIndex.all(), SDIndex.interval(first, first + channels));
    }

    /**
     * The transpose of {@link #windows}: the gradient of the maps given that of their window rows,
     * {@code [b*H*W, (2r+1)^2 C] -> [b, C, H, W]}. Each window entry is a copy of one unit of the map,
     * so its gradient goes back to that unit, summed over the windows the unit appears in; entries
     * outside the map are dropped. Written as forward ops: each shift's slice is padded back to where
     * it was cut from, the padded maps summed and cropped to the map.
     */
    public static SDVariable windowsBackward(SameDiff sd, SDVariable dRows, long channels, long height, long width,
            int radius) {
        int side = 2 * radius + 1;
        // [b*H*W, S*C] -> [b, H, W, S, C] -> [b, S, C, H, W]
        SDVariable perShift = dRows.reshape(-1, height, width, (long) side * side, channels).permute(0, 3, 4, 1, 2);
        SDVariable sum = null;
        for (int dh = 0; dh < side; dh++) {
            for (int dw = 0; dw < side; dw++) {
                SDVariable shift = perShift.get(SDIndex.all(), SDIndex.point(dh * side + dw), SDIndex.all(),
                        SDIndex.all(), SDIndex.all());
                SDVariable padding = sd.constant(Nd4j.createFromArray(new int[][] {{0, 0}, {0, 0},
                        {dh, 2 * radius - dh}, {dw, 2 * radius - dw}}));
                SDVariable placed = sd.nn.pad(shift, padding, PadMode.CONSTANT, 0.0);
                sum = sum == null ? placed : sum.add(placed);
            }
        }
        return sum.get(SDIndex.all(), SDIndex.all(), SDIndex.interval((long) radius, radius + height),
                SDIndex.interval((long) radius, radius + width));
    }
}
