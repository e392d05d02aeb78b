package org.deephtm.networks;

/**
 * The seed to give DL4J for a user's seed. ND4J 1.0.0-M2.1's random generator set to seed 0
 * does not repeat itself: each {@code setSeed(0)} starts a different sequence, so a network
 * configured with {@code .seed(0)} initialises differently every time (a seed of 0 is the default
 * of several of the commands). Seed 0 is therefore passed on as another constant; every other
 * seed as it is. {@code Dl4jDefectsTest.seedZeroDoesNotRepeat} notices when ND4J mends it.
 */
public final class RepeatableSeed {

    /** What seed 0 becomes: a value nobody types. */
    static final long INSTEAD_OF_ZERO = 0x5DEECE66DL;

    private RepeatableSeed() {
    }

    public static long of(long seed) {
        return seed == 0 ? INSTEAD_OF_ZERO : seed;
    }
}
