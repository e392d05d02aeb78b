package org.deephtm.tests.live;

import org.apache.commons.io.FileUtils;
import org.deephtm.examples.live.LiveView;
import org.deephtm.examples.network.Training;
import org.deephtm.examples.sine.SineExperiment;
import org.deephtm.networks.SeedNetwork;
import org.deephtm.online.OnlineLearner;
import org.deephtm.online.StepListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the live view costs a run, measured: the sine experiment's stream (the seed network on the
 * online engine, full speed) in blocks of steps, nobody watching and watched alternately, in one
 * process, so that both see the same machine: first with a page open in headless Chromium, then
 * after the page closed. A round is one block of each, their order alternating from round to
 * round. Prints, for the median block, steps per second (wall clock: with the browser and the
 * server's threads on the same cores), the run's thread's own CPU time per step, and the bytes it
 * allocated per step. Not a test: the figures depend on the machine. docs/live-view.md gives the
 * command.
 */
public final class LiveViewCost {

    private static final int BLOCK = 4_000;
    private static final int ROUNDS = 16;

    private final OnlineLearner learner;
    private final LiveView live;
    private final StepListener memory;
    private final float[] x = new float[1];
    private final double[] watched = new double[3];
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private double previous = Double.NaN;
    private long t;

    private LiveViewCost(LiveView live, Path output) {
        SineExperiment.Options options = new SineExperiment.Options(BLOCK, 20, SeedNetwork.builder(),
                Training.defaults(), output);
        MultiLayerNetwork net = new MultiLayerNetwork(Training.defaults().configure(options.network().inputs(1)
                .outputs(1)).build());
        net.init();
        this.learner = new OnlineLearner(net, 1, 1, OnlineLearner.Engine.FAST);
        this.live = live;
        live.begin(SineExperiment.layout(options));
        this.memory = live.memoryListener().orElseThrow();
    }

    /** One block: steps per second, the run's thread's CPU time per step (us), and the bytes it allocated per step. */
    private double[] block(boolean watching) {
        if (watching) {
            learner.addListener(memory);
        }
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < BLOCK; i++, t++) {
            double truth = Math.sin(2 * Math.PI * t / 20);
            x[0] = (float) truth;
            learner.step(x, x);
            if (watching) { // what SineExperiment.run gives its RunWatch
                watched[0] = truth;
                watched[1] = previous;
                watched[2] = learner.anomaly(0);
                live.stepped(t, watched);
            }
            previous = learner.prediction()[0];
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMicros = (threads.getCurrentThreadCpuTime() - cpu) / 1e3;
        double bytes = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - allocated;
        if (watching) {
            learner.removeListener(memory);
        }
        return new double[] {BLOCK / seconds, cpuMicros / BLOCK, bytes / BLOCK};
    }

    /**
     * Rounds of a block nobody watches and a watched block, in alternating order (so that a drift
     * of the machine's load falls on both); prints the median block of each and the median of the
     * rounds' differences, watched against not.
     */
    private void compare(String watchedAs) {
        double[][] plain = new double[ROUNDS][];
        double[][] seen = new double[ROUNDS][];
        double[][] difference = new double[ROUNDS][];
        for (int r = 0; r < ROUNDS; r++) {
            if (r % 2 == 0) {
                plain[r] = block(false);
                seen[r] = block(true);
            } else {
                seen[r] = block(true);
                plain[r] = block(false);
            }
            difference[r] = new double[] {seen[r][0] / plain[r][0] - 1, seen[r][1] - plain[r][1]};
        }
        System.out.printf(Locale.ROOT, "  %-16s  %,8.0f steps/s  %6.1f us CPU a step  %5.1f bytes a step%n",
                "nobody watching:", median(plain, 0), median(plain, 1), median(plain, 2));
        System.out.printf(Locale.ROOT, "  %-16s  %,8.0f steps/s  %6.1f us CPU a step  %5.1f bytes a step  "
                + "(per round: steps/s %+.1f %%, CPU %+.1f us a step)%n", watchedAs + ":", median(seen, 0),
                median(seen, 1), median(seen, 2), 100 * median(difference, 0), median(difference, 1));
    }

    private static double median(double[][] rows, int column) {
        double[] v = Arrays.stream(rows).mapToDouble(r -> r[column]).sorted().toArray();
        return (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    public static void main(String[] args) throws Exception {
        Path output = Files.createTempDirectory("live-view-cost");
        Path profile = Files.createTempDirectory("live-view-cost-browser");
        try (LiveView live = LiveView.start(InetAddress.getLoopbackAddress(), 0, 0)) {
            LiveViewCost cost = new LiveViewCost(live, output);
            for (int i = 0; i < 4; i++) { // warm-up: the JIT compiles both paths
                cost.block(false);
                cost.block(true);
            }
            ChromeOptions options = new ChromeOptions();
            options.setBinary(new File("/usr/bin/chromium"));
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--window-size=1400,1000");
            WebDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
            browser.get(live.address().toString());
            while (live.pagesOpen() == 0) {
                Thread.sleep(10);
            }
            System.out.printf(Locale.ROOT, "sine stream, seed network, online engine, %d rounds of two blocks of %,d "
                    + "steps (medians), Java %s, %d cores, load average %.1f%n", ROUNDS, BLOCK,
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            cost.compare("page open");
            browser.quit();
            while (live.pagesOpen() > 0) {
                cost.block(true); // the server finds the page gone at its next write
            }
            cost.compare("page closed");
        } finally {
            FileUtils.deleteQuietly(output.toFile());
            FileUtils.deleteQuietly(profile.toFile());
        }
    }
}
