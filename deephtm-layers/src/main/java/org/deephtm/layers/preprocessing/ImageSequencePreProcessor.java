package org.deephtm.layers.preprocessing;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.preprocessor.RnnToCnnPreProcessor;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Arrays;

/**
 * Image sequences into convolutional layers: {@code [minibatch, channels*height*width, time]}
 * (each frame flattened in NCHW order, one frame per time step) becomes
 * {@code [minibatch*time, channels, height, width]}, like DL4J's {@link RnnToCnnPreProcessor},
 * and input of any other shape is rejected with a message that names the expected frame shape
 * (DL4J's own preprocessor fails inside a reshape). Put it in front of the first convolution of a
 * recurrent network whose input type is {@code InputType.recurrent(channels*height*width)}:
 *
 * <pre>{@code
 * .inputPreProcessor(0, new ImageSequencePreProcessor(32, 32, 1))
 * .setInputType(InputType.recurrent(32 * 32))
 * }</pre>
 */
public class ImageSequencePreProcessor extends RnnToCnnPreProcessor {

    @JsonCreator
    public ImageSequencePreProcessor(@JsonProperty("inputHeight") int inputHeight,
            @JsonProperty("inputWidth") int inputWidth, @JsonProperty("numChannels") int numChannels) {
        super(inputHeight, inputWidth, numChannels, RNNFormat.NCW);
        if (inputHeight < 1 || inputWidth < 1 || numChannels < 1) {
            throw new IllegalArgumentException("frames need height, width and channels >= 1, got " + inputHeight + "x"
                    + inputWidth + "x" + numChannels);
        }
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        long size = (long) getNumChannels() * getInputHeight() * getInputWidth();
        if (input.rank() != 3 || input.size(1) != size) {
            throw new IllegalArgumentException("expected image sequences of shape [minibatch, " + size + ", time]: "
                    + getNumChannels() + " channel(s) of " + getInputHeight() + "x" + getInputWidth()
                    + " frames (height x width), each flattened in NCHW order; got " + Arrays.toString(input.shape())
                    + hint(input));
        }
        return super.preProcess(input, miniBatchSize, workspaceMgr);
    }

    private String hint(INDArray input) {
        if (input.rank() != 3) {
            return " (a " + input.rank() + "-D array" + (input.rank() == 4 ? "; frames [time, channels, height, "
                    + "width] become one sequence as [1, channels*height*width, time]" : "") + ")";
        }
        long values = input.size(1);
        long pixels = (long) getInputHeight() * getInputWidth();
        if (values % pixels == 0) {
            return " (" + values / pixels + " channels of " + getInputHeight() + "x" + getInputWidth() + " where "
                    + getNumChannels() + " are configured)";
        }
        long side = Math.round(Math.sqrt((double) values / getNumChannels()));
        if (values % getNumChannels() == 0 && side * side * getNumChannels() == values) {
            return " (frames of " + side + "x" + side + " where " + getInputHeight() + "x" + getInputWidth()
                    + " are configured)";
        }
        return " (" + values + " values per time step)";
    }

    @Override
    public ImageSequencePreProcessor clone() {
        return new ImageSequencePreProcessor(getInputHeight(), getInputWidth(), getNumChannels());
    }

    @Override
    public String toString() {
        return "ImageSequencePreProcessor(height=" + getInputHeight() + ", width=" + getInputWidth() + ", channels="
                + getNumChannels() + ")";
    }
}
