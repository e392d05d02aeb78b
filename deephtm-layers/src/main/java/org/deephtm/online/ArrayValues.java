package org.deephtm.online;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An INDArray's values copied into a reused {@code float[]}, at the cost of the copy: the array's
 * buffer is read in place when it holds the values one after the other in C order (what
 * {@code Nd4j.create} gives, of any floating type, and a view of whole rows), and only another
 * layout is laid out anew first.
 */
final class ArrayValues {

    private float[] values = new float[0];

    /** {@code array}'s values in C order, in a buffer this object reuses (valid until the next call). */
    float[] copy(INDArray array) {
        int length = (int) array.length();
        if (values.length != length) {
            values = new float[length];
        }
        INDArray laidOut = inCOrder(array) ? array : array.dup('c');
        DataBuffer data = laidOut.data(); // a view's buffer starts at the view's offset
        for (int i = 0; i < length; i++) {
            values[i] = data.getFloat(i);
        }
        return values;
    }

    /**
     * Whether the values lie one after the other in C order from the array's offset. ND4J's
     * {@code Shape.hasDefaultStridesForShape} says no for an array with a dimension of size 1
     * ([1, 1] has strides [1, 1]), where the stride does not matter.
     */
    private static boolean inCOrder(INDArray array) {
        long expected = 1;
        for (int d = array.rank() - 1; d >= 0; d--) {
            if (array.size(d) > 1 && array.stride(d) != expected) {
                return false;
            }
            expected *= array.size(d);
        }
        return true;
    }
}
