package org.deephtm.engine;

/**
 * One layer of the engine: its math over float rows, forward beside backward, and its update.
 * A step of the engine runs every kernel's {@link #forward}, then (when it trains) every
 * {@link #backward} from the output down, checks every {@link #gradientBound}, and only then
 * hands the gradients to the parameters ({@link #applyUpdates}): a step that would turn a weight
 * into NaN or infinity changes nothing.
 *
 * <p>Rows: example {@code b} of time step {@code t} of a call is row {@code from + t streams + b}.
 * A kernel reads its input rows from the kernel below ({@link #in}, that kernel's {@link #out})
 * and writes its own. Which kernel runs which DL4J layer is {@link KernelRegistry}'s business.
 */
abstract class Kernel {

    /** The layer's index in the DL4J network. */
    final int layer;
    final int inputSize;
    final int outputSize;
    /** The output rows, one per example-step. */
    final float[][] out;
    /** The input rows: the previous kernel's {@link #out}, or the engine's inputs. */
    float[][] in;

    Kernel(int layer, int inputSize, int outputSize, int maxRows) {
        this.layer = layer;
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.out = Vectors.rows(maxRows, outputSize);
    }

    /** Rows {@code [from, from + steps streams)}; recurrent kernels carry {@code state} through the steps. */
    abstract void forward(int from, int steps, int streams, CellState state);

    /** Gradients of the same rows from {@code dOut}; writes {@code dIn} unless it is null (the first layer). */
    abstract void backward(float[][] dOut, float[][] dIn, int from, int steps, int streams);

    /** The largest |gradient| the last backward pass gives any parameter; NaN when one is not finite. */
    abstract float gradientBound(int from, int to);

    /** Hands the last backward pass's gradients, divided by {@code streams}, to the parameters. */
    abstract void applyUpdates(int from, int to, int streams);

    /**
     * Which entries of its output's gradient this kernel's backward pass reads at row {@code r}:
     * their indices in {@code into}, and their count; -1 when it reads them all (the default). The
     * kernel above computes only those, which is what keeps a dense layer reading 65,536 cells cheap.
     */
    int gradientRequest(int r, int[] into) {
        return -1;
    }

    /**
     * The indices of the non-zero entries of output row {@code r} (a superset will do), and their
     * count; -1 when the kernel does not keep them (the default): the kernel above then scans the row.
     */
    int outputNonZeros(int r, int[] into) {
        return -1;
    }
}
