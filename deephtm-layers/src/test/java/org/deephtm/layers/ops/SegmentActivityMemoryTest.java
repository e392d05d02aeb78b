package org.deephtm.layers.ops;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The segment memory's backward through DL4J without 1.0.0-M2.1's native memory defect in
 * {@code unsorted_segment_sum} (and {@code segment_sum}), which the layer's training pass called
 * once per step: a network with SEGMENTS trained through {@code fit} grew by about 20 MB a call
 * at 256 cells. The backward's graph is checked for the op; whether the op still leaks is measured
 * as {@link KWinnersMemoryTest} measures, in a fresh JVM beside a control, and only reported.
 */
class SegmentActivityMemoryTest {

    @BeforeAll
    static void floatPrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void theSegmentBackwardSumsByScatterAddNotBySegmentSum() {
        SameDiff sd = SameDiff.create();
        SegmentActivity.presynapticBackward(sd, sd.placeHolder("s", DataType.FLOAT, -1, 6, 1),
                sd.constant(Nd4j.createFromArray(new int[] {0, 1, 1, 2, 3, 3}).reshape(6, 1)), 3, 6);
        List<String> ops = Arrays.stream(sd.ops()).map(DifferentialFunction::opName).toList();
        assertTrue(ops.contains("scatter_add"), "the gradient onto the cells is a scatter-add: " + ops);
        assertFalse(ops.contains("unsorted_segment_sum") || ops.contains("segment_sum"),
                "no segment sum, which loses native memory on every call in this DL4J version: " + ops);
    }

    @Test
    void unsortedSegmentSumLeaksInThisDl4jVersion() throws Exception {
        assumeTrue(NativeMemoryProbe.available(), "needs Linux's /proc");
        long grown = NativeMemoryProbe.growthOverControl(NativeMemoryProbe.Op.UNSORTED_SEGMENT_SUM, 20, 200);
        assumeTrue(grown > 20, "unsorted_segment_sum does not leak on this machine (" + grown
                + " MB over the control in 200 calls); SegmentActivity.presynapticBackward keeps its scatter-add");
    }

    @Test
    void theScatterAddSumsRepeatedCellsExactly() {
        int cells = 5;
        int synapses = 4000;
        int batch = 3;
        Random random = new Random(2);
        int[] index = random.ints(synapses, 0, cells + 1).toArray();
        INDArray seen = Nd4j.rand(DataType.FLOAT, batch, synapses, 1);
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("s", DataType.FLOAT, -1, synapses, 1);
        SDVariable out = SegmentActivity.presynapticBackward(sd, in, sd.constant(Nd4j.createFromArray(index)
                .reshape(synapses, 1)), cells, synapses);
        INDArray summed = sd.output(Map.of("s", seen), out.name()).get(out.name());
        float[][] expected = new float[batch][cells];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < synapses; j++) {
                if (index[j] < cells) {
                    expected[b][index[j]] += seen.getFloat(b, j, 0);
                }
            }
        }
        for (int b = 0; b < batch; b++) {
            assertArrayEquals(expected[b], summed.getRow(b).toFloatVector(), 1e-3f, "example " + b);
        }
    }
}
