package org.deephtm.layers.ops;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KWinnersTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static INDArray mask(INDArray x, int k) {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("x", x.dataType(), -1, x.size(1));
        SDVariable m = KWinners.mask(sd, in, k);
        return sd.output(Map.of("x", x), m.name()).get(m.name());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 31, 63})
    void keepsExactlyKWinnersPerRowOfRandomInput(int k) {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 40, 64);
        INDArray m = mask(x, k);
        assertEquals(Nd4j.valueArrayOf(new long[] {40}, (double) k), m.sum(1));
    }

    @Test
    void winnersAreTheLargestValues() {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 20, 30);
        INDArray m = mask(x, 4);
        INDArray sorted = Nd4j.sort(x.dup(), 1, false);
        for (int r = 0; r < 20; r++) {
            double smallestWinner = x.getRow(r).mul(m.getRow(r)).add(m.getRow(r).rsub(1).mul(1e9)).minNumber().doubleValue();
            assertEquals(sorted.getDouble(r, 3), smallestWinner, 0.0, "row " + r);
        }
    }

    @Test
    void keepsExactlyKWinnersWhenTiesAreBrokenTowardsTheLowestIndex() {
        INDArray x = Nd4j.createFromArray(new double[][] {
                {1, 3, 3, 3, 0, 3, 2},
                {0, 0, 0, 0, 0, 0, 0},
                {5, 1, 1, 1, 1, 1, 1},
        });
        INDArray expected = Nd4j.createFromArray(new double[][] {
                {0, 1, 1, 1, 0, 0, 0},
                {1, 1, 1, 0, 0, 0, 0},
                {1, 1, 1, 0, 0, 0, 0},
        });
        assertEquals(expected, mask(x, 3));
    }

    @Test
    void zeroWinnersGiveAnEmptyMask() {
        assertEquals(Nd4j.zeros(DataType.DOUBLE, 2, 5), mask(Nd4j.rand(DataType.DOUBLE, 2, 5), 0));
    }

    @Test
    void kthLargestCountsTies() {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("x", DataType.DOUBLE, -1, 7);
        SDVariable v = KWinners.kthLargest(sd, in, 3);
        INDArray out = sd.output(Map.of("x", Nd4j.createFromArray(new double[][] {{1, 3, 3, 3, 0, 3, 2}})), v.name())
                .get(v.name());
        assertEquals(3.0, out.getDouble(0), 0.0);
    }
}
