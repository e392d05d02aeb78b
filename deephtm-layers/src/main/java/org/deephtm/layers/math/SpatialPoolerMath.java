package org.deephtm.layers.math;

import org.deephtm.layers.AbstractSpatialPooler;
import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.SpatialPooler2D;
import org.deephtm.layers.ops.Boost;
import org.deephtm.layers.ops.ColumnActivity;
import org.deephtm.layers.ops.KWinners;
import org.deephtm.layers.ops.LocalInhibition;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Map;

/**
 * The spatial poolers' math, forward beside backward, one inhibition core for
 * {@link SpatialPooler} and {@link SpatialPooler2D}:
 * <pre>
 *   ob    = o + boostStrength (density - d) spread(o)    boosting (spread: std over the columns of a row, or
 *                                                        the channels of a position)
 *   m     = 1 for the k largest ob of the unit's area     inhibition
 *   y     = m f(o) | m | m sigmoid((ob - theta) / tau)    DECIMAL | BINARY | SOFT
 *   d o   = dy m f'(o) | m dy (or dy) | soft's, through ob  the backward, the mask a constant
 * </pre>
 * The two layers differ only in their areas ({@link Areas}): a {@code SpatialPooler}'s area is a
 * row of columns; a {@code SpatialPooler2D}'s the channels of a position, or of the window around
 * it. {@code SpatialPooler} adds the overlaps {@code o = x (W * P) + c} in front
 * ({@link #overlap}, {@link #overlapBackward}); {@code SpatialPooler2D} takes them as its input.
 * Both backward passes are graphs of forward ops, as the temporal memory's are.
 */
public final class SpatialPoolerMath {

    private SpatialPoolerMath() {
    }

    /** The forward quantities the backward pass needs again: the boosted overlaps, the winners, SOFT's margin and threshold. */
    public record Columns(SDVariable activity, SDVariable winners, SDVariable boosted, SDVariable margin,
                          SDVariable theta) {
    }

    /**
     * What the columns emit from their overlaps (units layout: {@code [b, C]} or {@code [b, C, H, W]}).
     *
     * @param dutyCycle [1, C], read without gradient
     */
    public static Columns columns(SameDiff sd, AbstractSpatialPooler sp, SDVariable overlap, SDVariable dutyCycle) {
        Areas areas = Areas.of(sp);
        SDVariable boosted = sp.getBoostStrength() == 0 ? overlap
                : Boost.apply(sd, overlap, areas.perChannel(dutyCycle), sp.targetDensity(), sp.getBoostStrength());
        SDVariable areaRows = areas.rows(sd, boosted);
        SDVariable winners = areas.units(KWinners.mask(sd, areaRows, sp.getActiveColumns()));
        SDVariable margin = null;
        SDVariable theta = null;
        SDVariable activity = switch (sp.getOutput()) {
            case DECIMAL -> ColumnActivity.decimal(sd, winners, overlap, sp.getActivation());
            case BINARY -> ColumnActivity.binary(winners);
            case SOFT -> {
                margin = ColumnActivity.softMargin(sd, areaRows, sp.getActiveColumns());
                theta = areas.perUnit(ColumnActivity.softThreshold(areaRows, margin));
                yield ColumnActivity.soft(sd, winners, boosted, theta, sp.getSoftTemperature());
            }
        };
        return new Columns(activity, winners, boosted, margin, theta);
    }

    /** The gradient of the overlaps given that of what the columns emit, {@code dActivity}. */
    public static SDVariable columnsBackward(SameDiff sd, AbstractSpatialPooler sp, Columns c, SDVariable overlap,
            SDVariable dutyCycle, SDVariable dActivity) {
        return switch (sp.getOutput()) {
            case DECIMAL -> ColumnActivity.decimalBackward(sd, dActivity, c.winners(), overlap, sp.getActivation());
            case BINARY -> ColumnActivity.binaryBackward(dActivity, c.winners(), sp.isMaskedStraightThrough());
            case SOFT -> {
                Areas areas = Areas.of(sp);
                SDVariable dz = ColumnActivity.softBackward(sd, dActivity, c.winners(), c.boosted(), c.theta(),
                        sp.getSoftTemperature());
                // theta = 0.5 sum(area rows * margin) of the unit's area: d area rows = -0.5 margin sum(dz over the area's units)
                SDVariable dAreaRows = c.margin().mul(areas.sumPerArea(dz).mul(-0.5));
                SDVariable dBoosted = dz.add(areas.rowsBackward(sd, dAreaRows));
                yield sp.getBoostStrength() == 0 ? dBoosted : Boost.applyBackward(sd, dBoosted, overlap,
                        areas.perChannel(dutyCycle), sp.targetDensity(), sp.getBoostStrength());
            }
        };
    }

    /** {@code o = x (W * P) + c}, a {@link SpatialPooler}'s overlaps, [b, C]. */
    public static SDVariable overlap(SpatialPooler sp, SDVariable x, Map<String, SDVariable> params) {
        SDVariable overlap = x.mmul(pooled(params));
        return sp.isHasBias() ? overlap.add(params.get(SpatialPooler.BIAS_KEY)) : overlap;
    }

    /** The gradients of {@link #overlap}: input [b, nIn], weights [nIn, C], bias [1, C] (null without one). */
    public record OverlapGradients(SDVariable input, SDVariable weights, SDVariable bias) {
    }

    public static OverlapGradients overlapBackward(SameDiff sd, SpatialPooler sp, SDVariable x, SDVariable dOverlap,
            Map<String, SDVariable> params) {
        SDVariable dInput = sd.mmul(dOverlap, pooled(params), false, true, false);
        SDVariable dWeights = sd.mmul(x, dOverlap, true, false, false);
        if (params.containsKey(SpatialPooler.POTENTIAL_POOL_KEY)) {
            dWeights = dWeights.mul(params.get(SpatialPooler.POTENTIAL_POOL_KEY));
        }
        SDVariable dBias = null;
        if (sp.isHasBias()) {
            // Summed over the minibatch by a product with ones: a reduction over an axis of length 1
            // (a minibatch of one) fails in DL4J 1.0.0-M2.1.
            SDVariable ones = sd.onesLike(dOverlap).mean(1).reshape(1, -1);
            dBias = ones.mmul(dOverlap);
        }
        return new OverlapGradients(dInput, dWeights, dBias);
    }

    /** {@code W * P}: the weights inside the potential pool. */
    private static SDVariable pooled(Map<String, SDVariable> params) {
        SDVariable weights = params.get(SpatialPooler.WEIGHT_KEY);
        return params.containsKey(SpatialPooler.POTENTIAL_POOL_KEY)
                ? weights.mul(params.get(SpatialPooler.POTENTIAL_POOL_KEY)) : weights;
    }

    /**
     * How units are grouped into the areas that compete: each area becomes a row, {@link KWinners}
     * picks each row's k winners, and a unit's verdict is read back from its own area's row.
     */
    private interface Areas {

        static Areas of(AbstractSpatialPooler sp) {
            if (sp instanceof SpatialPooler2D sp2) {
                return sp2.getInhibition() == SpatialPooler2D.Inhibition.PER_POSITION ? new Positions(sp2)
                        : new Neighbourhoods(sp2);
            }
            return new Rows();
        }

        /** The units as one row per area: [areas, A]. */
        SDVariable rows(SameDiff sd, SDVariable units);

        /** The transpose of {@link #rows}: a gradient of the rows back onto the units. */
        SDVariable rowsBackward(SameDiff sd, SDVariable dRows);

        /** Each unit's own entry of its area's row (the area at its position): [areas, A] -> units. */
        SDVariable units(SDVariable areaRows);

        /** One value per area, [areas, 1], as a shape that broadcasts over the units it serves. */
        SDVariable perUnit(SDVariable perArea);

        /** The sum over the units an area's value serves, units -> [areas, 1]. */
        SDVariable sumPerArea(SDVariable units);

        /** The duty cycles [1, C] as a shape that broadcasts over the units. */
        SDVariable perChannel(SDVariable dutyCycle);
    }

    /** Global inhibition: the area is the example's row of columns. */
    private record Rows() implements Areas {
        public SDVariable rows(SameDiff sd, SDVariable units) {
            return units;
        }

        public SDVariable rowsBackward(SameDiff sd, SDVariable dRows) {
            return dRows;
        }

        public SDVariable units(SDVariable areaRows) {
            return areaRows;
        }

        public SDVariable perUnit(SDVariable perArea) {
            return perArea;
        }

        public SDVariable sumPerArea(SDVariable units) {
            return units.sum(true, 1);
        }

        public SDVariable perChannel(SDVariable dutyCycle) {
            return dutyCycle;
        }
    }

    /** PER_POSITION: the channels of one position of the maps. */
    private record Positions(SpatialPooler2D sp) implements Areas {
        public SDVariable rows(SameDiff sd, SDVariable units) {
            return LocalInhibition.positions(units, sp.getChannels());
        }

        public SDVariable rowsBackward(SameDiff sd, SDVariable dRows) {
            return units(dRows);
        }

        public SDVariable units(SDVariable areaRows) {
            return LocalInhibition.maps(areaRows, sp.getChannels(), sp.getHeight(), sp.getWidth());
        }

        public SDVariable perUnit(SDVariable perArea) {
            return perArea.reshape(-1, 1, sp.getHeight(), sp.getWidth());
        }

        public SDVariable sumPerArea(SDVariable units) {
            return LocalInhibition.positions(units, sp.getChannels()).sum(true, 1);
        }

        public SDVariable perChannel(SDVariable dutyCycle) {
            return dutyCycle.reshape(1, sp.getChannels(), 1, 1);
        }
    }

    /** NEIGHBOURHOOD: every channel of the (2r+1) x (2r+1) window centred on a position. */
    private record Neighbourhoods(SpatialPooler2D sp) implements Areas {
        public SDVariable rows(SameDiff sd, SDVariable units) {
            return LocalInhibition.windows(sd, units, sp.getChannels(), sp.getHeight(), sp.getWidth(),
                    sp.getInhibitionRadius());
        }

        public SDVariable rowsBackward(SameDiff sd, SDVariable dRows) {
            return LocalInhibition.windowsBackward(sd, dRows, sp.getChannels(), sp.getHeight(), sp.getWidth(),
                    sp.getInhibitionRadius());
        }

        public SDVariable units(SDVariable areaRows) {
            SDVariable own = LocalInhibition.centre(areaRows, sp.getChannels(), sp.getInhibitionRadius());
            return LocalInhibition.maps(own, sp.getChannels(), sp.getHeight(), sp.getWidth());
        }

        public SDVariable perUnit(SDVariable perArea) {
            return perArea.reshape(-1, 1, sp.getHeight(), sp.getWidth());
        }

        public SDVariable sumPerArea(SDVariable units) {
            return LocalInhibition.positions(units, sp.getChannels()).sum(true, 1);
        }

        public SDVariable perChannel(SDVariable dutyCycle) {
            return dutyCycle.reshape(1, sp.getChannels(), 1, 1);
        }
    }
}
