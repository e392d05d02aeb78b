package org.deephtm.layers.ops;

import org.deephtm.layers.runtime.LayerGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * KWinners over many rows (every position of a feature map is a row) without DL4J 1.0.0-M2.1's
 * native memory leaks in {@code cumsum} along an axis and in {@code nth_element}, which both lose
 * memory per row and call. The two defect tests measure the process's native memory (Linux);
 * when one of them fails, DL4J has fixed that op and the workaround in {@link KWinners} can go.
 */
class KWinnersMemoryTest {

    private static final Path STATUS = Path.of("/proc/self/status");

    @BeforeAll
    static void floatPrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /**
     * Native memory in MB: the process's resident memory less what the JVM has committed for its
     * heap and its own non-heap areas, after a garbage collection, so that neither a growing Java
     * heap nor JIT-compiled code counts as a leak (in whatever order the tests run).
     */
    private static long nativeMegabytes() throws Exception {
        System.gc();
        Thread.sleep(200);
        MemoryMXBean jvm = ManagementFactory.getMemoryMXBean();
        long committed = jvm.getHeapMemoryUsage().getCommitted() + jvm.getNonHeapMemoryUsage().getCommitted();
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS")) {
                return (Long.parseLong(line.replaceAll("\\D", "")) * 1024 - committed) / (1024 * 1024);
            }
        }
        throw new IOException("no VmRSS in " + STATUS);
    }

    private static long growth(int calls, Runnable call) throws Exception {
        for (int i = 0; i < 20; i++) {
            call.run(); // warm up caches and workspaces
        }
        long before = nativeMegabytes();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        return nativeMegabytes() - before;
    }

    @Test
    void cumsumAlongRowsLeaksInThisDl4jVersion() throws Exception {
        assumeTrue(Files.exists(STATUS), "needs Linux's /proc");
        INDArray rows = Nd4j.rand(DataType.FLOAT, 4096, 4);
        // alone in a JVM: about 800 MB over 100 calls; after other tests, less (but far above the bound)
        long grown = growth(60, () -> rows.cumsum(1));
        assertTrue(grown > 20, "cumsum along 4096 rows no longer leaks (" + grown + " MB over 60 calls): "
                + "KWinners.rowCumsum can go back to sd.cumsum(x, false, false, 1)");
    }

    @Test
    void nthElementLeaksInThisDl4jVersion() throws Exception {
        assumeTrue(Files.exists(STATUS), "needs Linux's /proc");
        INDArray rows = Nd4j.rand(DataType.FLOAT, 4096, 4);
        // alone in a JVM: about 45 MB per 100 calls; 400 calls keep the signal far above the noise
        long grown = growth(400, () -> Nd4j.exec(new NthLargest(rows, 1)));
        assertTrue(grown > 40, "nth_element over 4096 rows no longer leaks (" + grown + " MB over 400 calls): "
                + "KWinners.kthLargest can use NthLargest for every k");
    }

    @Test
    void kWinnersOverManyRowsKeepsMemoryFlat() throws Exception {
        assumeTrue(Files.exists(STATUS), "needs Linux's /proc");
        // run the way the layers run it: a LayerGraph, in its workspace
        LayerGraph graph = LayerGraph.build(DataType.FLOAT, Map.of(), Set.of(),
                g -> g.output("m", KWinners.mask(g.sameDiff(), g.input("x", -1, 8), 3)));
        INDArray rows = Nd4j.rand(DataType.FLOAT, 4096, 8);
        INDArray mask = Nd4j.create(DataType.FLOAT, 4096, 8);
        long grown = growth(200, () -> graph.forward(Map.of("x", rows), Map.of("m", mask)));
        // with sd.cumsum along the rows it grew by gigabytes
        assertTrue(grown < 60, "KWinners.mask over 4096 rows grew resident memory by " + grown + " MB in 200 calls");
    }

    @Test
    void theIterativeKthLargestEqualsNthElementWithTies() {
        Nd4j.getRandom().setSeed(5);
        // values from a small set: many ties in every row
        INDArray x = Transforms.floor(Nd4j.rand(DataType.FLOAT, 50, 20).muli(6), false);
        for (int k = 1; k <= KWinners.ITERATIVE_MAX_K + 1; k++) {
            SameDiff sd = SameDiff.create();
            SDVariable in = sd.placeHolder("x", DataType.FLOAT, -1, 20);
            SDVariable kth = KWinners.kthLargest(sd, in, k);
            INDArray iterative = sd.output(Map.of("x", x), kth.name()).get(kth.name());
            INDArray reference = Nd4j.exec(new NthLargest(x, k - 1))[0].reshape(50, 1);
            assertEquals(reference, iterative, "k = " + k);
        }
    }

    @Test
    void rowCumsumCountsWithinEachRow() {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("x", DataType.FLOAT, -1, 4);
        SDVariable sums = KWinners.rowCumsum(sd, in);
        INDArray x = Nd4j.createFromArray(new float[][] {{1, 0, 1, 1}, {0, 0, 0, 1}, {1, 1, 1, 1}});
        INDArray expected = Nd4j.createFromArray(new float[][] {{1, 1, 2, 3}, {0, 0, 0, 1}, {1, 2, 3, 4}});
        assertEquals(expected, sd.output(Map.of("x", x), sums.name()).get(sums.name()));
    }
}
