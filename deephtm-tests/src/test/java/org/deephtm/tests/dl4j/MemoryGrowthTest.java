package org.deephtm.tests.dl4j;

import org.bytedeco.javacpp.Pointer;
import org.deephtm.tests.support.SmallNetworks;
import org.deephtm.tests.support.SmallNetworks.Mode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long stream does not leak: a thousand training steps and predictions later, the heap after
 * garbage collection, the size of this thread's workspaces and the process's native memory are
 * where they were after the warm-up.
 *
 * <p>Memory is sampled every {@value #SAMPLE_EVERY} iterations, after garbage collection; the
 * medians of the first and of the last three samples are compared. Native memory is what ND4J
 * holds through JavaCPP (its data buffers, {@link Pointer#totalBytes()}), which does not move with
 * the allocator's arenas, the machine or the tests that ran before; the process's resident size,
 * which does (by tens of MB), is printed but not asserted. The margins are far above the noise
 * (the heap is flat to a few kB once warm) and far below what a leak of one small array per step
 * adds up to (DL4J's inference sessions alone, before {@code ForgetfulInferenceSession}, added
 * about 11 kB of heap per step here: 6.7 MB between the windows; one leaked [2, 1280] cell state
 * per step would add 6 MB).
 */
class MemoryGrowthTest {

    private static final int WARM_UP = 200;
    private static final int ITERATIONS = 1000;
    private static final int SAMPLE_EVERY = 100;
    private static final int WINDOW = 3;

    private static final long HEAP_MARGIN = 3L << 20;
    private static final long WORKSPACE_MARGIN = 1L << 20;
    private static final long NATIVE_MARGIN = 4L << 20;

    private record Sample(long heap, long workspaces, long nativeBytes, long resident) {
    }

    private static Sample sample() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(30); // lets ND4J's deallocator threads free what the collection released
        }
        Runtime runtime = Runtime.getRuntime();
        long workspaces = 0;
        for (MemoryWorkspace workspace : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
            workspaces += workspace.getCurrentSize();
        }
        return new Sample(runtime.totalMemory() - runtime.freeMemory(), workspaces, Pointer.totalBytes(),
                Pointer.physicalBytes());
    }

    private static long median(List<Sample> samples, ToLongFunction<Sample> quantity) {
        long[] values = samples.stream().mapToLong(quantity).sorted().toArray();
        return values[values.length / 2];
    }

    @Test
    void trainingAndPredictingForAThousandStepsDoesNotGrowMemory() throws InterruptedException {
        Nd4j.getRandom().setSeed(23);
        MultiLayerNetwork net = new MultiLayerNetwork(SmallNetworks.sequence(Mode.DECIMAL_PREDICTIVE));
        net.init();
        List<INDArray[]> stream = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            stream.add(new INDArray[] {Nd4j.rand(DataType.FLOAT, 2, SmallNetworks.INPUTS, 1),
                    Nd4j.rand(DataType.FLOAT, 2, SmallNetworks.OUTPUTS, 1)});
        }

        List<Sample> samples = new ArrayList<>();
        for (int i = 1; i <= ITERATIONS; i++) {
            INDArray[] step = stream.get(i % stream.size());
            net.fit(step[0], step[1]);
            net.rnnTimeStep(step[0]);
            if (i >= WARM_UP && i % SAMPLE_EVERY == 0) {
                samples.add(sample());
            }
        }

        List<Sample> early = samples.subList(0, WINDOW);
        List<Sample> late = samples.subList(samples.size() - WINDOW, samples.size());
        long heap = median(late, Sample::heap) - median(early, Sample::heap);
        long workspaces = median(late, Sample::workspaces) - median(early, Sample::workspaces);
        long nativeBytes = median(late, Sample::nativeBytes) - median(early, Sample::nativeBytes);
        long resident = median(late, Sample::resident) - median(early, Sample::resident);
        String report = String.format("growth over %d iterations: heap %+d kB, workspaces %+d kB, ND4J buffers %+d kB "
                        + "(resident size %+d kB, not asserted); heap samples (kB) %s",
                (samples.size() - WINDOW) * SAMPLE_EVERY, heap >> 10, workspaces >> 10, nativeBytes >> 10,
                resident >> 10,
                Arrays.toString(samples.stream().mapToLong(s -> s.heap() >> 10).toArray()));
        System.out.println(report);
        assertTrue(heap < HEAP_MARGIN, "the heap grows: " + report);
        assertTrue(workspaces < WORKSPACE_MARGIN, "the workspaces grow: " + report);
        assertTrue(nativeBytes < NATIVE_MARGIN, "native memory grows: " + report);
    }
}
