package org.deephtm.learning;

/**
 * A training step whose loss or gradients are not finite (NaN or infinite) was not applied: the
 * weights, the optimizer's state and the layers' state are as they were before it. With finite
 * inputs and targets this is divergence, almost always a learning rate too large for the
 * network; the message names it.
 */
public class TrainingDivergedException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
