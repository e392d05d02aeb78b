package org.deephtm.engine;

/**
 * One layer of the engine: its math over float rows, forward beside backward, and its update.
 * A step of the engine runs every kernel's {@link #forward}, then (when it trains) every
 * {@link #backward} from the output down, checks every {@link #gradientBound}, and only then
 * hands the gradients to the parameters ({@link #applyUpdates}): a step that would turn a weight
 * into NaN or infinity changes nothing.
 *
 * <p>Rows: example {@code b} of time step {@code t} of a call is row {@code from + t streams + b}.
 */
interface Kernel {

    /** The layer's index in the DL4J network. */
    int layer();

    /** The rows this kernel reads (the previous kernel's {@link #output()}, or the engine's inputs). */
    void setInput(float[][] rows);

    float[][] output();

    int inputSize();

    int outputSize();

    /** Rows {@code [from, from + steps streams)}; recurrent kernels carry {@code state} through the steps. */
    void forward(int from, int steps, int streams, CellState state);

    /** Gradients of the same rows from {@code dOut}; writes {@code dIn} unless it is null (the first layer). */
    void backward(float[][] dOut, float[][] dIn, int from, int steps, int streams);

    /** The largest |gradient| the last backward pass gives any parameter; NaN when one is not finite. */
    float gradientBound(int from, int to);

    /** Hands the last backward pass's gradients, divided by {@code streams}, to the parameters. */
    void applyUpdates(int from, int to, int streams);
}
