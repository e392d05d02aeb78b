package org.deephtm.layers.ops;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The segment memory's backward through DL4J without 1.0.0-M2.1's native memory defect in
 * {@code unsorted_segment_sum} (and {@code segment_sum}), which the layer's training pass called
 * once per step: a network with SEGMENTS trained through {@code fit} grew by about 20 MB a call
 * at 256 cells. Measured as {@link KWinnersMemoryTest} measures, in fresh JVMs beside a control.
 */
class SegmentActivityMemoryTest {

    @BeforeAll
    static void floatPrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void theSegmentBackwardKeepsNativeMemoryFlat() throws Exception {
        assumeTrue(NativeMemoryProbe.available(), "needs Linux's /proc");
        // measured here: +28 MB in 200 calls against the control's +1 (a residual we have not traced);
        // with unsorted_segment_sum in its place, about 800 MB
        long grown = NativeMemoryProbe.growthOverControl(NativeMemoryProbe.Op.SEGMENT_BACKWARD, 200, 200);
        assertTrue(grown < 60, "the segment backward grew native memory by " + grown
                + " MB more than the control in 200 calls");
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
