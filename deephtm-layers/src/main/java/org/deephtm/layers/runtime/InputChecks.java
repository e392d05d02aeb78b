package org.deephtm.layers.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

import java.util.Arrays;

/** Checks on layer inputs that turn native crashes and silent garbage into clear messages. */
final class InputChecks {

    private InputChecks() {
    }

    static void requireShape(INDArray input, String layer, int rank, long width, String expected) {
        if (input.rank() != rank || input.size(1) != width) {
            throw new IllegalArgumentException(layer + " expects input of shape " + expected + ", got "
                    + Arrays.toString(input.shape()) + shapeHint(input, rank, width));
        }
    }

    /** Fails on NaN or infinite entries, naming the first one. One reduction when the input is fine. */
    static void requireFinite(INDArray input, String layer) {
        if (Double.isFinite(input.sumNumber().doubleValue())) {
            return;
        }
        INDArray flat = input.dup('c').reshape(input.length());
        long nan = BooleanIndexing.firstIndex(flat, Conditions.isNan()).getLong(0);
        long infinite = BooleanIndexing.firstIndex(flat, Conditions.isInfinite()).getLong(0);
        if (nan < 0 && infinite < 0) {
            return; // finite values whose sum overflowed
        }
        boolean nanFirst = nan >= 0 && (infinite < 0 || nan < infinite);
        long first = nanFirst ? nan : infinite;
        throw new IllegalArgumentException(layer + " input contains " + (nanFirst ? "NaN" : "an infinite value")
                + " at " + Arrays.toString(Shape.ind2subC(input.shape(), first)) + " of an array of shape "
                + Arrays.toString(input.shape()) + "; clean or impute the data before it reaches the network");
    }

    private static String shapeHint(INDArray input, int rank, long width) {
        if (input.rank() != rank) {
            return rank == 3 ? " (a " + input.rank() + "-D array; recurrent input is [minibatch, size, time])"
                    : " (a " + input.rank() + "-D array)";
        }
        return " (size " + input.size(1) + " where " + width + " is configured)";
    }
}
