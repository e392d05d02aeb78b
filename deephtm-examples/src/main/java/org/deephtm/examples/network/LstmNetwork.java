package org.deephtm.examples.bench;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The comparison network: the seed network with its SpatialPooler and TemporalMemory replaced by
 * one DL4J LSTM layer, the rest (Dense encoder, Dense decoder, output layer, Adam, truncated BPTT)
 * unchanged.
 * <pre>
 *   x_t (1 value) -> Dense 256 ReLU -> Dense 256 ReLU -> LSTM n (tanh) -> Dense 256 ReLU -> RnnOutputLayer 1
 *   parameters(n) = 66,817 + 4 n (n + 257) + 256 n          (the Dense layers without the decoder's weights: 66,817)
 * </pre>
 * {@link #sizeMatching} picks the {@code n} whose count is closest to a given one.
 */
public final class LstmNetwork {

    private static final int ENCODER = 256;
    private static final int DECODER = 256;

    private LstmNetwork() {
    }

    /** The configuration with an LSTM of {@code size} units, truncated BPTT over {@code window} steps. */
    public static MultiLayerConfiguration configuration(int size, int window, long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(1e-3))
                .list()
                .layer(new DenseLayer.Builder().nOut(ENCODER).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(ENCODER).activation(Activation.RELU).build())
                .layer(new LSTM.Builder().nOut(size).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(DECODER).activation(Activation.RELU).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(1))
                .backpropType(BackpropType.TruncatedBPTT)
                .tBPTTLength(window)
                .build();
    }

    /** The parameter count of {@link #configuration} with an LSTM of {@code size} units. */
    public static long parameters(int size) {
        long encoder = (1 + 1) * ENCODER + (ENCODER + 1) * ENCODER;
        long lstm = 4L * size * (ENCODER + size + 1);
        long decoder = (size + 1L) * DECODER;
        long output = DECODER + 1;
        return encoder + lstm + decoder + output;
    }

    /** The LSTM size whose network has the parameter count closest to {@code parameters}. */
    public static int sizeMatching(long parameters) {
        int size = 1;
        while (parameters(size + 1) <= parameters) {
            size++;
        }
        long below = Math.abs(parameters - parameters(size));
        long above = Math.abs(parameters(size + 1) - parameters);
        return above < below ? size + 1 : size;
    }
}
