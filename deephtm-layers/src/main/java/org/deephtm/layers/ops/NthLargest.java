package org.deephtm.layers.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;
import java.util.List;

/**
 * The {@code n}-th largest value along the last axis (0-based), through ND4J's
 * {@code nth_element} op counted from the top: {@code [b, C] -> [b]}.
 *
 * <p>ND4J ships {@code nth_element} without a SameDiff constructor, hence this class. It has no
 * gradient: it only ever feeds comparisons that build 0/1 masks. It is used instead of
 * {@code top_k}, which in DL4J 1.0.0-M2.1 ignores its {@code k} argument when called through
 * SameDiff and returns repeated indices (and wrong values) when the row has ties; ties are common
 * here (a row of zeros, a saturated activation).
 */
public class NthLargest extends DynamicCustomOp {

    public NthLargest() {
        // for op registration
    }

    public NthLargest(SameDiff sd, SDVariable input, SDVariable n) {
        super(sd, new SDVariable[] {input, n}, false);
        addIArgument(1L); // "reverse": count from the largest
    }

    /** Eager form: the n-th largest of each row of {@code input}. */
    public NthLargest(INDArray input, long n) {
        super(new INDArray[] {input, Nd4j.scalar(DataType.INT, n)}, null);
        addIArgument(1L);
    }

    @Override
    public String opName() {
        return "nth_element";
    }

    @Override
    public List<DataType> calculateOutputDataTypes(List<DataType> inputDataTypes) {
        return Collections.singletonList(inputDataTypes.get(0));
    }
}
