package org.deephtm.examples.frames;

import org.deephtm.networks.RepeatableSeed;
import org.deephtm.examples.plot.Plots;
import org.deephtm.examples.watch.RunLayout;
import org.deephtm.examples.watch.RunWatch;
import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.SpatialPooler2D;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.layers.preprocessing.ImageSequencePreProcessor;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Images through the memory: a convolutional encoder feeds a spatial pooler with local inhibition
 * and a temporal memory, and a deconvolutional decoder draws the next frame.
 *
 * <pre>
 *   frame t (size x size, 1 channel)
 *   -> Conv 5x5 8 ReLU -> max pool 2 -> Conv 3x3 16 ReLU -> max pool 2
 *   -> Conv 3x3 `channels` -> max pool 2                         learned encoder, size/8 x size/8 maps
 *   -> SpatialPooler2D, k winners per position or neighbourhood  channels*(size/8)^2 columns
 *   -> TemporalMemory, 4 cells per column, PREDICTIVE             the cells predicted for t+1
 *   -> Dense 256 ReLU -> Dense 16*(size/8)^2 ReLU -> Deconv 2x2/2 16 ReLU
 *   -> Upsampling x2 -> Conv 3x3 8 ReLU -> Deconv 2x2/2 1 sigmoid   learned decoder
 *   => predicted frame t+1; loss: squared error against the true frame t+1
 * </pre>
 *
 * Training runs over windows: each update is one minibatch of whole episodes (ten frames of one
 * clip from {@link FrameSequences}), the memory starting from zero cells at each episode's first
 * frame and learning by backpropagation through the episode.
 *
 * <p>What you will see: the held-out next-frame error starts at the level of a blank prediction
 * and falls below the copy-the-last-frame baseline once the encoder, memory and decoder have learned
 * the motions; the PNG grid shows true frames, predicted next frames and their difference. In the
 * high-order repertoire the two sevens turn identically at the centre and then leave in different
 * directions: only the memory of how each entered tells which way it goes, and the report says how
 * often the prediction at that step is closer to the true exit than to the other one.
 */
public final class FramesExperiment {

    /**
     * @param size          frame side in pixels, a multiple of 8, &gt;= 16
     * @param repertoire    the clips to learn
     * @param noise         pixel noise of the frames (standard deviation)
     * @param jitter        largest shift of an episode in pixels
     * @param updates       training minibatches
     * @param batch         episodes per minibatch
     * @param learningRate  Adam's learning rate
     * @param inhibition    the spatial pooler's inhibition area
     * @param channels      feature maps the spatial pooler receives (its columns per position)
     * @param activeColumns k, winners per inhibition area
     * @param cellsPerColumn the temporal memory's cells per column
     * @param cells         the temporal memory's cells: DECIMAL or BINARY predictions
     * @param connectivity  the temporal memory's: DENSE (at most 4096 cells) or SEGMENTS (at most
     *                      {@link #MAX_SEGMENT_CELLS})
     * @param burstMatch    SEGMENTS: the share of a segment's synapses that lets it learn in a bursting column
     *                      (the memory's {@code burstMatchFraction}, HTM's minThreshold); 0 is off
     * @param columnPredictionLoss weight of the temporal memory's column prediction loss
     * @param representationLearning whether the convolutional encoder learns; false keeps its random
     *                      initial weights (the spatial pooler has none, only its duty cycles)
     * @param evaluateEvery updates between two held-out evaluations
     * @param heldOut       held-out episodes (another seed of the same generator)
     * @param seed          seed of the data and of the network
     * @param outputDir     where the PNGs go; null writes none
     */
    public record Options(int size, Repertoire repertoire, double noise, int jitter, int updates, int batch,
                          double learningRate, SpatialPooler2D.Inhibition inhibition, int channels,
                          int activeColumns, int cellsPerColumn, TemporalMemory.Cells cells,
                          TemporalMemory.Connectivity connectivity, double burstMatch, double columnPredictionLoss,
                          boolean representationLearning, int evaluateEvery, int heldOut, long seed,
                          Path outputDir) {
        public Options {
            require(size >= 16 && size % 8 == 0, "size must be a multiple of 8 and >= 16, got " + size);
            require(repertoire != null, "repertoire must be given");
            require(updates >= 1, "updates must be >= 1, got " + updates);
            require(batch >= 1, "batch must be >= 1, got " + batch);
            require(learningRate > 0, "learning rate must be > 0, got " + learningRate);
            require(inhibition != null, "inhibition must be given");
            require(channels >= 2, "channels must be >= 2, got " + channels);
            require(evaluateEvery >= 1, "evaluateEvery must be >= 1, got " + evaluateEvery);
            require(heldOut >= 1, "heldOut must be >= 1, got " + heldOut);
            require(connectivity != null, "connectivity must be given");
            require(burstMatch >= 0 && burstMatch <= MATCH_FRACTION, "--burst-match must be in [0, "
                    + MATCH_FRACTION + "] (0: off), got " + burstMatch);
            require(burstMatch == 0 || connectivity == TemporalMemory.Connectivity.SEGMENTS,
                    "--burst-match needs --connectivity segments, got --burst-match " + burstMatch + " with "
                            + connectivity.toString().toLowerCase(java.util.Locale.ROOT));
            long side = size / 8;
            long cellCount = (long) channels * side * side * cellsPerColumn;
            if (connectivity == TemporalMemory.Connectivity.DENSE) {
                require(cellCount <= 4096, "the temporal memory would have " + cellCount + " cells (channels "
                        + channels + " x " + side + "x" + side + " positions x " + cellsPerColumn + " cells); its "
                        + "distal matrix is cells^2: keep it at most 4096");
            } else {
                require(cellCount <= MAX_SEGMENT_CELLS, "the segment memory would have " + cellCount + " cells "
                        + "(channels " + channels + " x " + side + "x" + side + " positions x " + cellsPerColumn
                        + " cells); through DL4J every segment's synapses are gathered for every episode and frame "
                        + "(1024 cells took 1 GB): keep it at most " + MAX_SEGMENT_CELLS);
            }
        }

        /** The settings `deephtm frames` uses by default. */
        public static Options defaults(Path outputDir) {
            return new Options(32, Repertoire.STANDARD, 0.05, 0, 400, 16, 2e-3,
                    SpatialPooler2D.Inhibition.PER_POSITION, 16, 2, 4, TemporalMemory.Cells.DECIMAL,
                    TemporalMemory.Connectivity.DENSE, 0, 1.0, false, 25, 50, 7, outputDir);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    /**
     * @param updates held-out evaluation points: updates done
     * @param mse     held-out next-frame MSE at those points
     */
    public record Curve(double[] updates, double[] mse) {
    }

    /**
     * How the two sevens' exits were predicted, at the first frame after their shared turn.
     *
     * @param episodes      held-out sevens scored
     * @param disambiguated share whose prediction is closer to the true exit than to the other seven's
     * @param mse           model MSE at that step
     * @param baselineMse   copy-last-frame MSE at that step
     * @param averageMse    MSE of the mean of both exits, the best a memory without context can do
     * @param sharedColumns over the frames both sevens show alike, the share of a frame's active columns
     *                      that two held-out episodes of the same seven have in common (1 without noise)
     * @param cellsWithin   per input step, how alike the memory's predicted cells are in two held-out
     *                      episodes of the same seven (weighted Jaccard index, averaged over the pairs)
     * @param cellsAcross   the same for an episode of each seven: where it nears {@code cellsWithin} the
     *                      memory no longer tells the sevens apart
     */
    public record Parting(int episodes, double disambiguated, double mse, double baselineMse, double averageMse,
                          double sharedColumns, double[] cellsWithin, double[] cellsAcross) {
    }

    /**
     * @param mse             final held-out next-frame MSE
     * @param baselineMse     held-out MSE of copying the last frame
     * @param perClip         final held-out MSE per clip name
     * @param curve           held-out MSE during training
     * @param parting         the sevens' exits (null when the repertoire has no sevens)
     * @param framesPerSecond training frames per second, wall clock
     * @param parameters      trained and state parameters of the network
     * @param plots           the PNGs written
     */
    public record Result(double mse, double baselineMse, Map<String, Double> perClip, Curve curve, Parting parting,
                         double framesPerSecond, long parameters, List<Path> plots) {
    }

    /**
     * The segment memory's size limit here: the layer's SameDiff path, which trains this network,
     * gathers every segment's synapses for every episode and frame.
     */
    public static final int MAX_SEGMENT_CELLS = 2048;

    /**
     * The segment memory's caps here, small for the same reason: 2 segments of 16 synapses per
     * cell, 12 grown at a time (the step before has 32 winners).
     */
    static final int FRAME_SEGMENTS = 2;
    static final int FRAME_SYNAPSES = 16;
    static final int FRAME_NEW_SYNAPSES = 12;
    /** The segments' match fraction: the memory's default, the ceiling of {@code --burst-match}. */
    static final double MATCH_FRACTION = 0.5;

    private FramesExperiment() {
    }

    /** The temporal memory: dense (the default), or HTM's segments, grown by the rule while the episodes train. */
    private static TemporalMemory memory(Options o) {
        TemporalMemory.Builder memory = new TemporalMemory.Builder().cellsPerColumn(o.cellsPerColumn())
                .output(TemporalMemory.Output.PREDICTIVE).cells(o.cells())
                .columnPredictionLoss(o.columnPredictionLoss()).connectivity(o.connectivity());
        if (o.connectivity() == TemporalMemory.Connectivity.SEGMENTS) {
            return memory.segmentsPerCell(FRAME_SEGMENTS).synapsesPerSegment(FRAME_SYNAPSES)
                    .newSynapses(FRAME_NEW_SYNAPSES).matchFraction(MATCH_FRACTION).burstMatchFraction(o.burstMatch())
                    .build();
        }
        return memory.biasInit(-2.0).weightInit(WeightInit.XAVIER).build();
    }

    /** The network: input {@code [episodes, size*size, frames]}, output the predicted next frames, same shape. */
    public static MultiLayerConfiguration configuration(Options o) {
        int side = o.size() / 8;
        // Sgd(0) keeps the weights (DL4J's NoOp would apply the raw gradient)
        IUpdater representation = o.representationLearning() ? new Adam(o.learningRate()) : new Sgd(0);
        return new NeuralNetConfiguration.Builder()
                .seed(RepeatableSeed.of(o.seed()))
                .updater(new Adam(o.learningRate()))
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .list()
                // encoder: frames -> size/8 x size/8 feature maps
                .inputPreProcessor(0, new ImageSequencePreProcessor(o.size(), o.size(), 1))
                .layer(new ConvolutionLayer.Builder(4, 4).stride(2, 2).nOut(8).activation(Activation.RELU)
                        .updater(representation).build())
                .layer(new ConvolutionLayer.Builder(4, 4).stride(2, 2).nOut(16).activation(Activation.RELU)
                        .updater(representation).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(o.channels()).activation(Activation.IDENTITY)
                        .updater(representation).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                // spatial pooler and temporal memory (every option the experiment relies on is set here)
                .layer(new SpatialPooler2D.Builder().inhibition(o.inhibition()).inhibitionRadius(1)
                        .activeColumns(o.activeColumns()).output(SpatialPooler.Output.DECIMAL)
                        .activation(Activation.SIGMOID).boostStrength(1.0).dutyCyclePeriod(1000).build())
                .layer(memory(o))
                // decoder: predicted cells -> next frame
                .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(16 * side * side).activation(Activation.RELU).build())
                .inputPreProcessor(8, new FeedForwardToCnnPreProcessor(side, side, 16))
                .layer(new Upsampling2D.Builder(2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(16).activation(Activation.RELU).build())
                .layer(new Deconvolution2D.Builder(4, 4).stride(2, 2).nOut(8).activation(Activation.RELU).build())
                // the frames are mostly black: start the output there (sigmoid(-3) = 0.05)
                .layer(new Deconvolution2D.Builder(4, 4).stride(2, 2).nOut(1).activation(Activation.SIGMOID)
                        .biasInit(-3).build())
                .layer(new RnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent((long) o.size() * o.size()))
                .build();
    }

    /** Runs the experiment with nobody watching. */
    public static Result run(Options o, LongConsumer progress) throws IOException {
        return run(o, progress, RunWatch.NONE);
    }

    /** What a watcher is shown at each update: the training loss, the held-out error when measured, its baseline. */
    public static RunLayout layout(Options o) {
        return new RunLayout("frames: " + o.repertoire().toString().toLowerCase(java.util.Locale.ROOT) + " clips, "
                + o.size() + "x" + o.size() + ", " + o.batch() + " episodes per update",
                List.of("training loss", "held-out MSE", "copy the last frame"),
                List.of(RunLayout.Chart.of("Held-out next-frame MSE (every " + o.evaluateEvery() + " updates)",
                                RunLayout.Line.value("held-out MSE"), RunLayout.Line.value("copy the last frame")),
                        RunLayout.Chart.of("Training loss per update", RunLayout.Line.value("training loss"))));
    }

    /**
     * Runs the experiment.
     *
     * @param progress told the number of updates done, now and then
     * @param watch    shown each update ({@link #layout}), and on request a held-out frame beside its
     *                 prediction with the memory at that step
     */
    public static Result run(Options o, LongConsumer progress, RunWatch watch) throws IOException {
        // 1. The network's configuration (its layers check their options), and the data: a training
        //    stream and a held-out stream of the same clips (another seed).
        MultiLayerConfiguration conf = configuration(o);
        FrameSequences train = FrameSequences.builder().repertoire(o.repertoire()).size(o.size(), o.size())
                .noise(o.noise()).jitter(o.jitter()).seed(o.seed()).build();
        FrameSequences heldOutStream = FrameSequences.builder().repertoire(o.repertoire()).size(o.size(), o.size())
                .noise(o.noise()).jitter(o.jitter()).seed(o.seed() + 1_000_003).build();
        List<FrameSequences.Episode> heldOut = heldOutStream.next(o.heldOut());
        INDArray heldOutSeries = FrameSequences.timeSeries(heldOut);
        INDArray heldOutInputs = inputs(heldOutSeries);
        INDArray heldOutTargets = targets(heldOutSeries);
        double baseline = mse(heldOutInputs, heldOutTargets);

        // 2. The network.
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();

        // 3. Training over windows: one minibatch of whole episodes per update.
        List<Double> evaluatedAt = new ArrayList<>(List.of(0.0));
        List<Double> curve = new ArrayList<>(List.of(mse(net.output(heldOutInputs), heldOutTargets)));
        watch.begin(layout(o));
        watch.pictures(new FramesPictures(net, heldOutInputs, heldOutTargets,
                heldOut.stream().map(FrameSequences.Episode::name).toList(), o.size()));
        double[] watched = new double[3];
        long frames = 0;
        long start = System.nanoTime();
        for (int update = 1; update <= o.updates(); update++) {
            INDArray series = FrameSequences.timeSeries(train.next(o.batch()));
            net.fit(inputs(series), targets(series));
            frames += series.size(0) * (series.size(2) - 1);
            watched[0] = net.score();
            watched[1] = Double.NaN;
            watched[2] = baseline;
            if (update % o.evaluateEvery() == 0 || update == o.updates()) {
                evaluatedAt.add((double) update);
                curve.add(mse(net.output(heldOutInputs), heldOutTargets));
                watched[1] = curve.get(curve.size() - 1);
                progress.accept(update);
            }
            watch.stepped(update, watched);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        // 4. Evaluation on the held-out episodes: overall, per clip, and where the sevens part ways.
        // one pass gives the predicted frames (the last layer's output) and the pooler's columns
        List<INDArray> activations = net.feedForward(heldOutInputs, false);
        INDArray predicted = activations.get(activations.size() - 1);
        double mse = mse(predicted, heldOutTargets);
        Map<String, Double> perClip = new LinkedHashMap<>();
        for (int c = 0; c < train.clips().size(); c++) {
            int[] rows = rowsOfClip(heldOut, c);
            if (rows.length > 0) {
                INDArrayIndex pick = NDArrayIndex.indices(toLong(rows));
                perClip.put(train.clips().get(c).name(), mse(predicted.get(pick, NDArrayIndex.all(), NDArrayIndex.all()),
                        heldOutTargets.get(pick, NDArrayIndex.all(), NDArrayIndex.all())));
            }
        }
        Parting parting = hasSevens(train) ? parting(heldOutStream, heldOut, heldOutInputs, heldOutTargets, predicted,
                sharedColumns(net, activations, heldOut), sharedCells(activations.get(POOLER_LAYER + 2), heldOut))
                : null;

        // 5. Figures: the held-out error during training, and a grid of frames for each clip.
        List<Path> plots = new ArrayList<>();
        if (o.outputDir() != null) {
            String stem = o.repertoire() == Repertoire.HIGH_ORDER ? "frames-high-order" : "frames";
            plots.add(curvePlot(o, stem, evaluatedAt, curve, baseline));
            plots.add(FrameGrid.write(o.outputDir().resolve(stem + "-grid.png"),
                    gridSequences(train, heldOut, heldOutSeries, predicted)));
        }
        return new Result(mse, baseline, perClip, new Curve(toArray(evaluatedAt), toArray(curve)), parting,
                frames / seconds, net.numParams(), plots);
    }

    /** Frames 0..T-2 of each episode: what the network sees. */
    public static INDArray inputs(INDArray series) {
        return series.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, series.size(2) - 1)).dup();
    }

    /** Frames 1..T-1: the next frame of every input step. */
    public static INDArray targets(INDArray series) {
        return series.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(1, series.size(2))).dup();
    }

    /** Mean squared error over every pixel, step and episode. */
    public static double mse(INDArray prediction, INDArray truth) {
        return prediction.castTo(DataType.DOUBLE).squaredDistance(truth.castTo(DataType.DOUBLE)) / truth.length();
    }

    private static boolean hasSevens(FrameSequences stream) {
        return stream.clips().size() >= 2 && stream.clips().get(0).equals(Repertoire.SEVEN_ACROSS)
                && stream.clips().get(1).equals(Repertoire.SEVEN_DOWN);
    }

    /** Scores the prediction of the first frame after the sevens' shared turn. */
    private static Parting parting(FrameSequences stream, List<FrameSequences.Episode> heldOut, INDArray inputs,
            INDArray targets, INDArray predicted, double sharedColumns, double[][] sharedCells) {
        int step = Repertoire.SEVENS_PART_WAYS - 1; // input step whose target is the first frame after the turn
        int count = 0;
        int closer = 0;
        double model = 0;
        double baseline = 0;
        double average = 0;
        for (int i = 0; i < heldOut.size(); i++) {
            FrameSequences.Episode e = heldOut.get(i);
            if (e.clip() > 1) {
                continue;
            }
            INDArray own = exitFrame(stream, e.clip(), e);
            INDArray other = exitFrame(stream, 1 - e.clip(), e);
            INDArray p = predicted.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.point(step));
            INDArray truth = targets.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.point(step));
            INDArray last = inputs.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.point(step));
            count++;
            closer += p.squaredDistance(own) < p.squaredDistance(other) ? 1 : 0;
            model += mse(p, truth);
            baseline += mse(last, truth);
            average += mse(own.add(other).muli(0.5), truth);
        }
        return new Parting(count, (double) closer / count, model / count, baseline / count, average / count,
                sharedColumns, sharedCells[0], sharedCells[1]);
    }

    /** The spatial pooler's index among the layers of {@link #configuration}; the memory follows it. */
    static final int POOLER_LAYER = 4;

    /**
     * How stable the pooler's columns are from episode to episode: over the frames both sevens show
     * alike, the share of a frame's active columns that two held-out episodes of the same seven have
     * in common, averaged over the pairs. Pixel noise moves some of them; the memory sees each moved
     * column as one no context predicted.
     */
    private static double sharedColumns(MultiLayerNetwork net, List<INDArray> activations,
            List<FrameSequences.Episode> heldOut) {
        INDArray pooled = activations.get(POOLER_LAYER + 1); // [episodes * steps, channels, h, w]
        // the memory's own view of them: [episodes, columns, steps]
        INDArray columns = net.getLayerWiseConfigurations().getInputPreProcess(POOLER_LAYER + 1)
                .preProcess(pooled, heldOut.size(), LayerWorkspaceMgr.noWorkspaces());
        double shared = 0;
        int pairs = 0;
        for (int i = 0; i < heldOut.size(); i++) {
            for (int j = i + 1; j < heldOut.size(); j++) {
                if (heldOut.get(i).clip() > 1 || heldOut.get(i).clip() != heldOut.get(j).clip()) {
                    continue;
                }
                for (int t = Repertoire.SEVENS_MEET; t < Repertoire.SEVENS_PART_WAYS; t++) {
                    INDArray a = active(columns, i, t);
                    INDArray b = active(columns, j, t);
                    double count = a.sumNumber().doubleValue();
                    if (count > 0) {
                        shared += a.mul(b).sumNumber().doubleValue() / count;
                        pairs++;
                    }
                }
            }
        }
        return pairs == 0 ? Double.NaN : shared / pairs;
    }

    /**
     * How alike the memory's predicted cells are, step by step, in two held-out episodes of the same
     * seven (row 0) and in an episode of each (row 1): {@code sum min(a, b) / sum max(a, b)} over the
     * cells (the Jaccard index, weighted by how strongly each cell is predicted), averaged over the
     * pairs. It shows at which step the memory loses the sevens' context.
     */
    private static double[][] sharedCells(INDArray cells, List<FrameSequences.Episode> heldOut) {
        int steps = (int) cells.size(2);
        double[][] shared = new double[2][steps];
        for (int t = 0; t < steps; t++) {
            List<double[]> predicted = new ArrayList<>();
            List<Integer> clips = new ArrayList<>();
            for (int i = 0; i < heldOut.size(); i++) {
                if (heldOut.get(i).clip() <= 1) {
                    predicted.add(cells.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.point(t))
                            .toDoubleVector());
                    clips.add(heldOut.get(i).clip());
                }
            }
            double[] sum = new double[2];
            int[] pairs = new int[2];
            for (int i = 0; i < predicted.size(); i++) {
                for (int j = i + 1; j < predicted.size(); j++) {
                    int kind = clips.get(i).equals(clips.get(j)) ? 0 : 1;
                    sum[kind] += weightedJaccard(predicted.get(i), predicted.get(j));
                    pairs[kind]++;
                }
            }
            for (int kind = 0; kind < 2; kind++) {
                shared[kind][t] = pairs[kind] == 0 ? Double.NaN : sum[kind] / pairs[kind];
            }
        }
        return shared;
    }

    /** sum min(a, b) / sum max(a, b) of two non-negative vectors; 1 for two that are all 0. */
    static double weightedJaccard(double[] a, double[] b) {
        double low = 0;
        double high = 0;
        for (int i = 0; i < a.length; i++) {
            low += Math.min(a[i], b[i]);
            high += Math.max(a[i], b[i]);
        }
        return high == 0 ? 1 : low / high;
    }

    /** 1 where a column of episode {@code e} is active at step {@code t}, else 0. */
    private static INDArray active(INDArray columns, int e, int t) {
        return columns.get(NDArrayIndex.point(e), NDArrayIndex.all(), NDArrayIndex.point(t)).gt(0)
                .castTo(DataType.DOUBLE);
    }

    /** The noiseless exit frame of a seven, shifted like episode {@code e}, flattened. */
    private static INDArray exitFrame(FrameSequences stream, int clip, FrameSequences.Episode e) {
        return stream.cleanFrames(clip, e.shiftX(), e.shiftY())
                .get(NDArrayIndex.point(Repertoire.SEVENS_PART_WAYS)).reshape(-1);
    }

    private static List<FrameGrid.Sequence> gridSequences(FrameSequences stream, List<FrameSequences.Episode> heldOut,
            INDArray series, INDArray predicted) {
        List<FrameGrid.Sequence> sequences = new ArrayList<>();
        long side = stream.height();
        for (int c = 0; c < stream.clips().size(); c++) {
            int[] rows = rowsOfClip(heldOut, c);
            if (rows.length == 0) {
                continue;
            }
            int i = rows[0];
            INDArray truth = FrameSequences.framesOf(series, i, side, side);
            // The prediction made at step t is drawn under frame t+1; frame 0 has none.
            INDArray shifted = Nd4j.valueArrayOf(truth.shape(), Double.NaN, truth.dataType());
            shifted.get(NDArrayIndex.interval(1, truth.size(0))).assign(FrameSequences.framesOf(predicted, i, side, side));
            sequences.add(new FrameGrid.Sequence(stream.clips().get(c).name() + " (held-out episode " + i + ")", truth,
                    shifted));
        }
        return sequences;
    }

    private static Path curvePlot(Options o, String stem, List<Double> updates, List<Double> curve, double baseline)
            throws IOException {
        double[] x = toArray(updates);
        double[] flat = new double[x.length];
        java.util.Arrays.fill(flat, baseline);
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("network (held-out)", toArray(curve));
        series.put("copy the last frame", flat);
        return Plots.lines(o.outputDir().resolve(stem + "-mse.png"), "Next-frame MSE, " + o.repertoire()
                + " clips, " + o.size() + "x" + o.size(), "updates (" + o.batch() + " episodes each)", "MSE", x, series);
    }

    private static int[] rowsOfClip(List<FrameSequences.Episode> episodes, int clip) {
        return java.util.stream.IntStream.range(0, episodes.size()).filter(i -> episodes.get(i).clip() == clip)
                .toArray();
    }

    private static long[] toLong(int[] values) {
        return java.util.Arrays.stream(values).asLongStream().toArray();
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
