package org.deephtm.layers.ops;

import org.deephtm.layers.runtime.LayerGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Measures how much native memory one ND4J call over many rows leaves behind, in a fresh JVM.
 *
 * <p>A process that has already run other tests has its allocator's arenas in a state that
 * depends on everything that ran before (and on the machine), so the resident size it reports
 * moves by tens of megabytes either way. A fresh process that runs nothing but the op, after a
 * warm-up, and the same measurement of a control op of the same size (a row sum, which keeps
 * nothing) give numbers that mean something: the op's growth less the control's.
 *
 * <p>Run as a program: {@code NativeMemoryProbe <op> <warmUpCalls> <calls>} prints the growth of
 * native memory in MB over {@code calls} calls that follow {@code warmUpCalls} calls.
 * {@link #measure} starts it as a child process.
 */
public final class NativeMemoryProbe {

    /** What the child process can run: each over the same 4096 rows. */
    enum Op {
        /** A row sum: allocates a result per call and keeps nothing. */
        CONTROL,
        /** ND4J's cumulative sum along axis 1. */
        CUMSUM_ALONG_ROWS,
        /** ND4J's nth_element, the {@link NthLargest} op. */
        NTH_ELEMENT,
        /** {@link KWinners#mask} run the way the layers run it, in a {@link LayerGraph}. */
        KWINNERS_MASK,
        /** ND4J's unsorted_segment_sum: 8 values of each of 8 synapses per row onto 1025 cells. */
        UNSORTED_SEGMENT_SUM
    }

    private static final int ROWS = 4096;
    /** The cells the segment ops sum onto (one more, the padding's, takes the empty slots). */
    private static final int SEGMENT_CELLS = 1024;
    private static final Path STATUS = Path.of("/proc/self/status");

    private NativeMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        Op op = Op.valueOf(args[0]);
        int warmUpCalls = Integer.parseInt(args[1]);
        int calls = Integer.parseInt(args[2]);
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getRandom().setSeed(7);
        Runnable call = call(op);
        for (int i = 0; i < warmUpCalls; i++) {
            call.run();
        }
        long before = residentMegabytes();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        System.out.println("growth " + (residentMegabytes() - before));
    }

    private static Runnable call(Op op) {
        switch (op) {
            case CONTROL -> {
                INDArray rows = Nd4j.rand(DataType.FLOAT, ROWS, 4);
                return () -> rows.sum(1);
            }
            case CUMSUM_ALONG_ROWS -> {
                INDArray rows = Nd4j.rand(DataType.FLOAT, ROWS, 4);
                return () -> rows.cumsum(1);
            }
            case NTH_ELEMENT -> {
                INDArray rows = Nd4j.rand(DataType.FLOAT, ROWS, 4);
                return () -> Nd4j.exec(new NthLargest(rows, 1));
            }
            case KWINNERS_MASK -> {
                LayerGraph graph = LayerGraph.build(DataType.FLOAT, Map.of(), Set.of(),
                        g -> g.output("m", KWinners.mask(g.sameDiff(), g.input("x", -1, 8), 3)));
                INDArray rows = Nd4j.rand(DataType.FLOAT, ROWS, 8);
                INDArray mask = Nd4j.create(DataType.FLOAT, ROWS, 8);
                return () -> graph.forward(Map.of("x", rows), Map.of("m", mask));
            }
            case UNSORTED_SEGMENT_SUM -> {
                INDArray values = Nd4j.rand(DataType.FLOAT, ROWS * 8, 8);
                INDArray cells = synapseCells(ROWS * 8);
                return () -> Nd4j.exec(DynamicCustomOp.builder("unsorted_segment_sum").addInputs(values, cells)
                        .addIntegerArguments(SEGMENT_CELLS + 1).build());
            }
            default -> throw new IllegalArgumentException("unknown op " + op);
        }
    }

    /** Each synapse's cell, repeated as in a memory: {@code n} indices in [0, SEGMENT_CELLS]. */
    private static INDArray synapseCells(int n) {
        int[] cells = new int[n];
        for (int i = 0; i < n; i++) {
            cells[i] = (int) ((i * 2654435761L) % (SEGMENT_CELLS + 1));
        }
        return Nd4j.createFromArray(cells);
    }

    /**
     * Native memory: the resident size less what the JVM has committed for its heap and its own
     * areas, after a garbage collection (which frees the arrays the calls dropped), so that neither
     * a growing heap nor compiled code counts.
     */
    private static long residentMegabytes() throws Exception {
        System.gc();
        Thread.sleep(200); // ND4J's deallocator threads free what the collection released
        MemoryMXBean jvm = ManagementFactory.getMemoryMXBean();
        long committed = jvm.getHeapMemoryUsage().getCommitted() + jvm.getNonHeapMemoryUsage().getCommitted();
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS")) {
                return (Long.parseLong(line.replaceAll("\\D", "")) * 1024 - committed) / (1024 * 1024);
            }
        }
        throw new IOException("no VmRSS in " + STATUS);
    }

    /**
     * The growth of {@code op} less the control's over the same calls, in MB, each in a fresh JVM;
     * prints both.
     */
    static long growthOverControl(Op op, int warmUpCalls, int calls) throws IOException, InterruptedException {
        long grown = measure(op, warmUpCalls, calls);
        long control = measure(Op.CONTROL, warmUpCalls, calls);
        System.out.printf("%s: native memory %+d MB over %d calls (after %d), control %+d MB%n", op, grown, calls,
                warmUpCalls, control);
        return grown - control;
    }

    /** True where the probe can read a process's resident size (Linux). */
    static boolean available() {
        return Files.isReadable(STATUS);
    }

    /**
     * Runs {@code warmUpCalls + calls} calls of {@code op} in a fresh JVM with this JVM's class path.
     *
     * @return the growth of native memory over the last {@code calls} calls, in MB
     */
    static long measure(Op op, int warmUpCalls, int calls) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(NativeMemoryProbe.class.getName());
        command.add(op.name());
        command.add(Integer.toString(warmUpCalls));
        command.add(Integer.toString(calls));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the memory probe for " + op + " failed:\n" + output);
        }
        for (String line : output.split("\n")) {
            if (line.startsWith("growth ")) {
                return Long.parseLong(line.substring("growth ".length()).trim());
            }
        }
        throw new IllegalStateException("the memory probe for " + op + " printed no growth:\n" + output);
    }
}
