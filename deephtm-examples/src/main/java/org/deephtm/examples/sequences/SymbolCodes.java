package org.deephtm.examples.sequences;

import java.util.Random;

/**
 * Random sparse binary codes for symbols, like HTM's category encoder: {@code bits} wide, {@code on}
 * of them set, drawn once from a seed. Two symbols share about {@code on * on / bits} bits, so the
 * spatial pooler sees overlapping but distinct inputs.
 */
public final class SymbolCodes {

    private final float[][] codes;
    private final int bits;

    /**
     * @param symbols how many symbols
     * @param bits    code width
     * @param on      set bits per code, 1..bits
     */
    public SymbolCodes(int symbols, int bits, int on, long seed) {
        if (symbols < 1 || bits < 1 || on < 1 || on > bits) {
            throw new IllegalArgumentException("need symbols >= 1 and 1 <= on <= bits, got " + symbols + " symbols, "
                    + on + " of " + bits + " bits");
        }
        this.bits = bits;
        this.codes = new float[symbols][bits];
        Random random = new Random(seed);
        for (float[] code : codes) {
            int set = 0;
            while (set < on) {
                int i = random.nextInt(bits);
                if (code[i] == 0) {
                    code[i] = 1;
                    set++;
                }
            }
        }
    }

    /** The code of {@code symbol}; callers must not change it. */
    public float[] code(int symbol) {
        return codes[symbol];
    }

    public int bits() {
        return bits;
    }

    public int symbols() {
        return codes.length;
    }
}
