package org.deephtm.examples.cli;

import org.deephtm.examples.frames.FramesExperiment;
import org.deephtm.examples.frames.Repertoire;
import org.deephtm.layers.SpatialPooler2D;
import org.deephtm.layers.TemporalMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code deephtm frames}: next-frame prediction of image sequences. */
@Command(name = "frames", mixinStandardHelpOptions = true,
        description = "Learns to predict the next frame of short image sequences (digits and shapes moving, turning, "
                + "bouncing) with a convolutional encoder, SpatialPooler2D, TemporalMemory and a deconvolutional "
                + "decoder; writes a grid of true and predicted frames and a plot of the error, and prints the "
                + "next-frame MSE against copying the last frame.")
final class FramesCommand implements Callable<Integer> {

    private static final FramesExperiment.Options DEFAULTS = FramesExperiment.Options.defaults(null);

    @Option(names = "--sequences", paramLabel = "SET",
            description = "Clips to learn: ${COMPLETION-CANDIDATES} (high-order: two sevens that share their middle "
                    + "frames; default: ${DEFAULT-VALUE}).")
    Repertoire repertoire = DEFAULTS.repertoire();

    @Option(names = "--size", paramLabel = "PIXELS",
            description = "Frame side, a multiple of 8 (default: ${DEFAULT-VALUE}).")
    int size = DEFAULTS.size();

    @Option(names = "--updates", paramLabel = "N", description = "Training minibatches (default: ${DEFAULT-VALUE}).")
    int updates = DEFAULTS.updates();

    @Option(names = "--batch", paramLabel = "N", description = "Episodes per minibatch (default: ${DEFAULT-VALUE}).")
    int batch = DEFAULTS.batch();

    @Option(names = "--learning-rate", paramLabel = "RATE",
            description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate = DEFAULTS.learningRate();

    @Option(names = "--noise", paramLabel = "STD",
            description = "Pixel noise of the frames (default: ${DEFAULT-VALUE}).")
    double noise = DEFAULTS.noise();

    @Option(names = "--jitter", paramLabel = "PIXELS",
            description = "Largest shift of an episode (default: ${DEFAULT-VALUE}).")
    int jitter = DEFAULTS.jitter();

    @Option(names = "--inhibition", paramLabel = "AREA",
            description = "SpatialPooler2D inhibition: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SpatialPooler2D.Inhibition inhibition = DEFAULTS.inhibition();

    @Option(names = "--channels", paramLabel = "N", description = "Feature maps into the spatial pooler, its "
            + "columns at each position (default: ${DEFAULT-VALUE}).")
    int channels = DEFAULTS.channels();

    @Option(names = "--active-columns", paramLabel = "K",
            description = "Winners per inhibition area (default: ${DEFAULT-VALUE}).")
    int activeColumns = DEFAULTS.activeColumns();

    @Option(names = "--cells-per-column", paramLabel = "N",
            description = "Temporal memory cells per column (default: ${DEFAULT-VALUE}).")
    int cellsPerColumn = DEFAULTS.cellsPerColumn();

    /** The old name of {@code --active-columns}, still read. */
    @Option(names = "--active", hidden = true, paramLabel = "K")
    void active(int k) {
        activeColumns = k;
    }

    /** The old name of {@code --cells-per-column}, still read. */
    @Option(names = "--cells", hidden = true, paramLabel = "N")
    void cells(int n) {
        cellsPerColumn = n;
    }

    @Option(names = "--binary-cells", description = "Binary predicted cells (straight-through) instead of decimal.")
    boolean binaryCells;

    @Option(names = "--connectivity", paramLabel = "dense|segments",
            converter = MemoryOptions.ConnectivityConverter.class,
            description = "The memory: dense (an N x N matrix, at most 4096 cells) or segments (HTM's dendritic "
                    + "segments, 2 of 16 synapses per cell, at most " + FramesExperiment.MAX_SEGMENT_CELLS
                    + " cells: DL4J's path gathers every synapse) (default: dense).")
    TemporalMemory.Connectivity connectivity = DEFAULTS.connectivity();

    @Option(names = "--burst-match", paramLabel = "SHARE",
            description = "Segments only: in a column that bursts, the share of a segment's synapses that must see "
                    + "an active cell for it to learn instead of a new segment growing (HTM's minThreshold), at most "
                    + "the 0.5 that predicts; 0 is off (default: ${DEFAULT-VALUE}).")
    double burstMatch = DEFAULTS.burstMatch();

    @Option(names = "--representation-learning", negatable = true,
            description = "The convolutional encoder learns (Adam at the learning rate); by default it keeps its "
                    + "random initial weights, which predicted the next frame better (docs/representation.md).")
    boolean representationLearning = DEFAULTS.representationLearning();

    @Option(names = "--column-loss", paramLabel = "WEIGHT",
            description = "Weight of the temporal memory's column prediction loss (default: ${DEFAULT-VALUE}).")
    double columnPredictionLoss = DEFAULTS.columnPredictionLoss();

    @Option(names = "--held-out", paramLabel = "N", description = "Held-out episodes (default: ${DEFAULT-VALUE}).")
    int heldOut = DEFAULTS.heldOut();

    @Mixin
    SeedOption seed = new SeedOption(DEFAULTS.seed());

    @Mixin
    OutputFolderOption output = new OutputFolderOption("out/frames");

    @Mixin
    LiveOptions live = new LiveOptions(0);

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() throws Exception {
        Path folder = output.folder();
        FramesExperiment.Options o = new FramesExperiment.Options(size, repertoire, noise, jitter, updates, batch,
                learningRate, inhibition, channels, activeColumns, cellsPerColumn,
                binaryCells ? TemporalMemory.Cells.BINARY : DEFAULTS.cells(), connectivity, burstMatch,
                columnPredictionLoss, representationLearning, DEFAULTS.evaluateEvery(), heldOut, seed.seed, folder);
        try (LiveOptions.Watching watching = live.start("frames", System.out, System.err)) {
            FramesExperiment.Result r;
            try (Progress progress = quiet.progress("frames", o.updates())) {
                r = FramesExperiment.run(o, progress, watching.watch());
            }
            report(o, r);
            watching.end(String.format(java.util.Locale.ROOT, "held-out next-frame MSE %.5f (copy the last frame: "
                    + "%.5f)", r.mse(), r.baselineMse()));
        }
        return 0;
    }

    private static void report(FramesExperiment.Options o, FramesExperiment.Result r) {
        System.out.printf("%s clips, %dx%d frames, %d updates of %d episodes (%d parameters; the encoder %s; the "
                + "memory %s)%n", o.repertoire(), o.size(), o.size(), o.updates(), o.batch(), r.parameters(),
                o.representationLearning() ? "learns" : "keeps its random weights",
                o.connectivity().name().toLowerCase(java.util.Locale.ROOT));
        System.out.printf("held-out next-frame MSE: %.5f (copy the last frame: %.5f)%n", r.mse(), r.baselineMse());
        for (Map.Entry<String, Double> clip : r.perClip().entrySet()) {
            System.out.printf("  %-10s %.5f%n", clip.getKey(), clip.getValue());
        }
        if (r.parting() != null) {
            FramesExperiment.Parting p = r.parting();
            System.out.printf("sevens, first frame after the shared turn (%d held-out episodes): prediction closer to "
                    + "the true exit in %.0f%%; MSE %.5f (copy the last frame %.5f, mean of both exits %.5f)%n",
                    p.episodes(), 100 * p.disambiguated(), p.mse(), p.baselineMse(), p.averageMse());
            System.out.printf("sevens, shared frames: two episodes of a seven share %.0f%% of a frame's active columns%n",
                    100 * p.sharedColumns());
            System.out.printf("sevens, the memory's predicted cells by input step (frames %d to %d are shared), alike "
                    + "(weighted Jaccard) in two episodes of one seven: %s; of the two sevens: %s%n",
                    Repertoire.SEVENS_MEET, Repertoire.SEVENS_PART_WAYS - 1, steps(p.cellsWithin()),
                    steps(p.cellsAcross()));
        }
        System.out.printf("speed: %.0f frames/s in training (%s)%n", r.framesPerSecond(), Environment.describe());
        System.out.println("wrote:");
        r.plots().forEach(p -> System.out.println("  " + p.toAbsolutePath()));
    }

    /** One value per input step, two decimals each. */
    private static String steps(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.isEmpty() ? "" : " ").append(String.format(java.util.Locale.ROOT, "%.2f", v));
        }
        return b.toString();
    }
}
