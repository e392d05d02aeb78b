package org.deephtm.examples.cli;

import org.deephtm.examples.frames.FramesExperiment;
import org.deephtm.examples.frames.Repertoire;
import org.deephtm.layers.SpatialPooler2D;
import org.deephtm.layers.TemporalMemory;
import picocli.CommandLine.Command;
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

    @Option(names = "--sequences", defaultValue = "STANDARD", paramLabel = "SET",
            description = "Clips to learn: ${COMPLETION-CANDIDATES} (high-order: two sevens that share their middle "
                    + "frames; default: ${DEFAULT-VALUE}).")
    Repertoire repertoire;

    @Option(names = "--size", paramLabel = "PIXELS", description = "Frame side, a multiple of 8 (default: 32).")
    Integer size;

    @Option(names = "--updates", paramLabel = "N", description = "Training minibatches (default: 400).")
    Integer updates;

    @Option(names = "--batch", paramLabel = "N", description = "Episodes per minibatch (default: 16).")
    Integer batch;

    @Option(names = "--learning-rate", paramLabel = "RATE", description = "Adam's learning rate (default: 2e-3).")
    Double learningRate;

    @Option(names = "--noise", paramLabel = "STD", description = "Pixel noise of the frames (default: 0.05).")
    Double noise;

    @Option(names = "--jitter", paramLabel = "PIXELS", description = "Largest shift of an episode (default: 0).")
    Integer jitter;

    @Option(names = "--inhibition", paramLabel = "AREA",
            description = "SpatialPooler2D inhibition: ${COMPLETION-CANDIDATES} (default: PER_POSITION).")
    SpatialPooler2D.Inhibition inhibition;

    @Option(names = "--channels", paramLabel = "N",
            description = "Feature maps into the spatial pooler, its columns at each position (default: 16).")
    Integer channels;

    @Option(names = "--active", paramLabel = "K", description = "Winners per inhibition area (default: 2).")
    Integer activeColumns;

    @Option(names = "--cells", paramLabel = "K", description = "Temporal memory cells per column (default: 4).")
    Integer cellsPerColumn;

    @Option(names = "--binary-cells", description = "Binary predicted cells (straight-through) instead of decimal.")
    boolean binaryCells;

    @Option(names = "--column-loss", paramLabel = "WEIGHT",
            description = "Weight of the temporal memory's column prediction loss (default: 1.0).")
    Double columnPredictionLoss;

    @Option(names = "--held-out", paramLabel = "N", description = "Held-out episodes (default: 50).")
    Integer heldOut;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the data and the network (default: 7).")
    Long seed;

    @Option(names = {"-o", "--output"}, defaultValue = "out/frames", paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        OutputPaths.folder(output, "--output");
        FramesExperiment.Options d = DEFAULTS;
        FramesExperiment.Options o = new FramesExperiment.Options(or(size, d.size()), repertoire, or(noise, d.noise()),
                or(jitter, d.jitter()), or(updates, d.updates()), or(batch, d.batch()),
                or(learningRate, d.learningRate()), or(inhibition, d.inhibition()), or(channels, d.channels()),
                or(activeColumns, d.activeColumns()), or(cellsPerColumn, d.cellsPerColumn()),
                binaryCells ? TemporalMemory.Cells.BINARY : d.cells(),
                or(columnPredictionLoss, d.columnPredictionLoss()), d.evaluateEvery(),
                or(heldOut, d.heldOut()), or(seed, d.seed()), output);
        FramesExperiment.Result r;
        try (Progress progress = Progress.start("frames", o.updates(), quiet)) {
            r = FramesExperiment.run(o, progress);
        }
        System.out.printf("%s clips, %dx%d frames, %d updates of %d episodes (%d parameters)%n", o.repertoire(),
                o.size(), o.size(), o.updates(), o.batch(), r.parameters());
        System.out.printf("held-out next-frame MSE: %.5f (copy the last frame: %.5f)%n", r.mse(), r.baselineMse());
        for (Map.Entry<String, Double> clip : r.perClip().entrySet()) {
            System.out.printf("  %-10s %.5f%n", clip.getKey(), clip.getValue());
        }
        if (r.parting() != null) {
            FramesExperiment.Parting p = r.parting();
            System.out.printf("sevens, first frame after the shared turn (%d held-out episodes): prediction closer to "
                    + "the true exit in %.0f%%; MSE %.5f (copy the last frame %.5f, mean of both exits %.5f)%n",
                    p.episodes(), 100 * p.disambiguated(), p.mse(), p.baselineMse(), p.averageMse());
        }
        System.out.printf("speed: %.0f frames/s in training (%s)%n", r.framesPerSecond(), Environment.describe());
        System.out.println("wrote:");
        r.plots().forEach(p -> System.out.println("  " + p.toAbsolutePath()));
        return 0;
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
