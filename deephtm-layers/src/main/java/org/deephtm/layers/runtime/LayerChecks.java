package org.deephtm.layers.runtime;

import org.deephtm.learning.TrainingDivergedException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

import java.util.Arrays;
import java.util.Map;

/**
 * Checks on the runtime layers' inputs, outputs and gradients that turn native crashes and silent
 * garbage into clear messages. Each costs one reduction when the values are fine.
 *
 * <p>Positions are named in the user's terms. A time series reaches a feed-forward layer as rows:
 * DL4J's {@code RnnToFeedForwardPreProcessor} turns {@code [b, n, T]} into {@code [b * T, n]},
 * example {@code e} of step {@code t} at row {@code e + b * t}; the layer knows {@code b} (DL4J
 * tells every layer the network's minibatch), so the row maps back to the example and the step.
 */
final class LayerChecks {

    private LayerChecks() {
    }

    /**
     * The layer a check runs in.
     *
     * @param name      as the user named it ({@code SpatialPooler "sp"})
     * @param index     its index in the network
     * @param minibatch the network's minibatch (its input's examples), 0 when DL4J did not say
     */
    record Site(String name, int index, int minibatch) {
    }

    static void requireShape(INDArray input, String layer, int rank, long width, String expected) {
        if (input.rank() != rank || input.size(1) != width) {
            throw new IllegalArgumentException(layer + " expects input of shape " + expected + ", got "
                    + Arrays.toString(input.shape()) + shapeHint(input, rank, width));
        }
    }

    /**
     * Fails on a NaN or infinite input entry, naming the first. In the first layer the input is the
     * network's: the message gives its position there. In a later layer the value came from the
     * layers below, from the network's input or from parameters that are not finite: the message
     * gives the example and step, and both causes.
     */
    static void requireFiniteInput(INDArray input, Site layer) {
        long first = firstNonFinite(input);
        if (first < 0) {
            return;
        }
        String name = layer.name();
        String what = describe(input, first);
        Position at = Position.of(input, first, layer.minibatch());
        if (layer.index() == 0) {
            throw new IllegalArgumentException(name + " (layer 0): the network's input holds " + what + " at "
                    + at.inInput() + "; clean or impute the data before it reaches the network");
        }
        throw new IllegalArgumentException(name + " (layer " + layer.index() + ") received " + what
                + " from layer " + (layer.index() - 1) + " at " + at.exampleAndStep() + ": the network's input "
                + "holds NaN or infinity at that example and step, or the parameters of the layers below are not "
                + "finite (training that diverged leaves them so); check the input, then net.params()");
    }

    /**
     * Fails when the layer computed a NaN or infinite output from its (finite) input: its own
     * parameters are not finite, which the message says, naming the first; or the output overflowed.
     */
    static void requireFiniteOutput(INDArray output, INDArray input, Site layer, Map<String, INDArray> params) {
        if (firstNonFinite(output) < 0) {
            return;
        }
        for (Map.Entry<String, INDArray> p : params.entrySet()) {
            long first = firstNonFinite(p.getValue());
            if (first >= 0) {
                throw new IllegalStateException(layer.name() + " (layer " + layer.index() + "): its parameter "
                        + p.getKey() + " is not finite (" + describe(p.getValue(), first) + " at "
                        + Arrays.toString(Shape.ind2subC(p.getValue().shape(), first)) + "), so its output is not "
                        + "either; the input is finite. Training diverged earlier (labels that held NaN or "
                        + "infinity, or a learning rate too large), or the parameters were set or loaded so: "
                        + "restore the network from a save, or initialise it again");
            }
        }
        throw new IllegalStateException(layer.name() + " (layer " + layer.index() + "): its output overflowed to "
                + describe(output, firstNonFinite(output)) + " from finite input and parameters; scale the input "
                + "down (the largest input magnitude reaching it is " + input.amaxNumber() + ")");
    }

    /**
     * Fails on a NaN or infinite gradient arriving in the backward pass, before the layer changes
     * anything: DL4J applies the updates after every layer's backward pass, so the parameters stay
     * as they were. A finite input with a non-finite gradient means a non-finite loss.
     */
    static void requireFiniteGradient(INDArray epsilon, Site layer) {
        long first = firstNonFinite(epsilon);
        if (first < 0) {
            return;
        }
        Position at = Position.of(epsilon, first, layer.minibatch());
        throw new TrainingDivergedException(layer.name() + " (layer " + layer.index() + "): the gradient of the loss "
                + "is " + describe(epsilon, first) + " at " + at.exampleAndStep() + ", so nothing was learned from "
                + "this minibatch and no parameter changed: the labels hold NaN or infinity, or the learning rate "
                + "is too large and training diverged. Clean the labels, or lower the learning rate");
    }

    /** The flat C-order index of the first NaN or infinite entry, -1 when all are finite. */
    private static long firstNonFinite(INDArray values) {
        if (values == null || Double.isFinite(values.sumNumber().doubleValue())) {
            return -1;
        }
        INDArray flat = values.dup('c').reshape(values.length());
        long nan = BooleanIndexing.firstIndex(flat, Conditions.isNan()).getLong(0);
        long infinite = BooleanIndexing.firstIndex(flat, Conditions.isInfinite()).getLong(0);
        if (nan < 0 || infinite < 0) {
            return Math.max(nan, infinite); // -1 both: finite values whose sum overflowed
        }
        return Math.min(nan, infinite);
    }

    private static String describe(INDArray values, long flatIndex) {
        double v = values.dup('c').reshape(values.length()).getDouble(flatIndex);
        return Double.isNaN(v) ? "NaN" : v > 0 ? "+infinity" : "-infinity";
    }

    /**
     * Where an entry of a layer's array lies in the network's input: a row of a time series that a
     * preprocessor flattened maps back to its example and step.
     */
    private record Position(long[] index, long[] shape, boolean flattenedSeries, long minibatch) {

        static Position of(INDArray values, long flatIndex, int minibatch) {
            long[] index = Shape.ind2subC(values.shape(), flatIndex);
            boolean flattened = values.rank() == 2 && minibatch > 0 && values.size(0) != minibatch
                    && values.size(0) % minibatch == 0;
            return new Position(index, values.shape(), flattened, minibatch);
        }

        long example() {
            return flattenedSeries ? index[0] % minibatch : index[0];
        }

        /** The step, -1 for input without time. */
        long step() {
            if (flattenedSeries) {
                return index[0] / minibatch;
            }
            return shape.length == 3 ? index[2] : -1;
        }

        String inInput() {
            if (!flattenedSeries) {
                return Arrays.toString(index) + " of an input of shape " + Arrays.toString(shape);
            }
            long steps = shape[0] / minibatch;
            return "[" + example() + ", " + index[1] + ", " + step() + "] (example, input, time step) of a time "
                    + "series of " + minibatch + (minibatch == 1 ? " example, " : " examples, ") + shape[1]
                    + (shape[1] == 1 ? " input and " : " inputs and ") + steps + (steps == 1 ? " step" : " steps");
        }

        String exampleAndStep() {
            return "example " + example() + (step() < 0 ? "" : ", time step " + step());
        }
    }

    private static String shapeHint(INDArray input, int rank, long width) {
        if (input.rank() != rank) {
            return rank == 3 ? " (a " + input.rank() + "-D array; recurrent input is [minibatch, size, time])"
                    : " (a " + input.rank() + "-D array)";
        }
        return " (size " + input.size(1) + " where " + width + " is configured)";
    }
}
