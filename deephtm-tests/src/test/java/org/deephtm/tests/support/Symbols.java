package org.deephtm.tests.support;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One-hot symbols, the discrete inputs of the sequence memory tests. */
public final class Symbols {

    private Symbols() {
    }

    /** [1, vocabulary] one-hot row for {@code symbol}. */
    public static INDArray oneHot(int symbol, int vocabulary) {
        INDArray v = Nd4j.zeros(DataType.FLOAT, 1, vocabulary);
        v.putScalar(0, symbol, 1.0);
        return v;
    }

    /** [1, vocabulary, length] one-hot sequence. */
    public static INDArray sequence(int[] symbols, int vocabulary) {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 1, vocabulary, symbols.length);
        for (int t = 0; t < symbols.length; t++) {
            x.putScalar(0, symbols[t], t, 1.0);
        }
        return x;
    }
}
