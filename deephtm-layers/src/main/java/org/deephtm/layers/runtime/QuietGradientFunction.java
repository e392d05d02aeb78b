package org.deephtm.layers.runtime;

import org.nd4j.autodiff.samediff.SameDiff;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Creates a SameDiff gradient function without the line per op that DL4J 1.0.0-M2.1 prints to
 * standard output ({@code "Added differentiated op ..."}, an unconditional {@code System.out.println}
 * in {@code SameDiff.createGradFunction}). Every other line written meanwhile goes through.
 */
final class QuietGradientFunction {

    static final String NOISE = "Added differentiated op ";

    private QuietGradientFunction() {
    }

    static synchronized void create(SameDiff sd, String... differentiableInputs) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(new LineFilter(original), true, StandardCharsets.UTF_8));
        try {
            sd.createGradFunction(differentiableInputs);
        } finally {
            System.out.flush();
            System.setOut(original);
        }
    }

    /** Passes through every line that is not DL4J's per-op message. */
    private static final class LineFilter extends OutputStream {
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineFilter(PrintStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            line.write(b);
            if (b == '\n') {
                flushLine();
            }
        }

        @Override
        public void flush() {
            flushLine();
        }

        private void flushLine() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (!text.startsWith(NOISE)) {
                target.print(text);
            }
        }
    }
}
