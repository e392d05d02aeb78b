package org.deephtm.examples.network;

import org.deephtm.networks.RepeatableSeed;
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
 * The comparison network: the forum thread's seed network with its SpatialPooler and
 * TemporalMemory replaced by one DL4J LSTM layer, the rest (Dense encoder, Dense decoder, output
 * layer, Adam 1e-3, truncated BPTT) unchanged. The benchmark and {@code predict --lstm} run it
 * beside DeepHTM on the same stream.
 * <pre>
 *   x_t (i values) -> Dense e ReLU -> Dense e ReLU -> LSTM n (tanh) -> Dense d ReLU -> RnnOutputLayer 1
 *   parameters = e (i + 1) + e (e + 1) + 4 n (n + e + 1) + d (n + 1) + d + 1
 * </pre>
 * The forum thread's sizes are {@code e = d = 256}; {@link #sizeMatching} picks the {@code n}
 * whose count is closest to a given one.
 *
 * @param inputs  values per step, i
 * @param encoder units of each Dense encoder layer, e
 * @param decoder units of the Dense decoder layer, d
 */
public record LstmNetwork(int inputs, int encoder, int decoder) {

    public LstmNetwork {
        if (inputs < 1 || encoder < 1 || decoder < 1) {
            throw new IllegalArgumentException("inputs, encoder and decoder sizes must be >= 1, got " + inputs + ", "
                    + encoder + ", " + decoder);
        }
    }

    /** One input, the forum thread's Dense sizes (256). */
    public static LstmNetwork forumThread() {
        return new LstmNetwork(1, 256, 256);
    }

    /** The configuration with an LSTM of {@code size} units, truncated BPTT over {@code window} steps. */
    public MultiLayerConfiguration configuration(int size, int window, long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(RepeatableSeed.of(seed))
                .dataType(DataType.FLOAT)
                .updater(new Adam(1e-3))
                .list()
                .layer(new DenseLayer.Builder().nOut(encoder).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(encoder).activation(Activation.RELU).build())
                .layer(new LSTM.Builder().nOut(size).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(decoder).activation(Activation.RELU).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(inputs))
                .backpropType(BackpropType.TruncatedBPTT)
                .tBPTTLength(window)
                .build();
    }

    /** The parameter count of {@link #configuration} with an LSTM of {@code size} units. */
    public long parameters(int size) {
        long dense = (inputs + 1L) * encoder + (encoder + 1L) * encoder;
        long lstm = 4L * size * (encoder + size + 1);
        long head = (size + 1L) * decoder + decoder + 1;
        return dense + lstm + head;
    }

    /** The LSTM size whose network has the parameter count closest to {@code parameters}. */
    public int sizeMatching(long parameters) {
        int size = 1;
        while (parameters(size + 1) <= parameters) {
            size++;
        }
        long below = Math.abs(parameters - parameters(size));
        long above = Math.abs(parameters(size + 1) - parameters);
        return above < below ? size + 1 : size;
    }
}
