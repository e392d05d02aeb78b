package org.deephtm.examples.nab;

/**
 * A NAB application profile: the weights of a detected window (true positive), a detection
 * outside any window (false positive) and a missed window (false negative). NAB's profiles also
 * carry a true-negative weight, which its scoring never uses.
 */
public record Profile(String name, double tpWeight, double fpWeight, double fnWeight) {

    public Profile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a profile needs a name");
        }
        if (!(tpWeight > 0)) {
            throw new IllegalArgumentException(name + ": tpWeight must be > 0, got " + tpWeight);
        }
        if (!(fpWeight >= 0)) {
            throw new IllegalArgumentException(name + ": fpWeight must be >= 0, got " + fpWeight);
        }
        if (!(fnWeight >= 0)) {
            throw new IllegalArgumentException(name + ": fnWeight must be >= 0, got " + fnWeight);
        }
    }
}
