package org.deephtm.examples.cli;

import org.deephtm.networks.SeedNetwork;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * The seed network of the commands that read values ({@code sine}, {@code predict}, {@code anomaly},
 * {@code nab}): which network ({@code --forum-thread}), its encoder and whether the encoder and the
 * spatial pooler learn, its sizes and its {@code --seed}, each starting at the command's preset, a
 * {@link SeedNetwork.Builder} (what {@code --help} shows).
 */
public final class NetworkOptions {

    private final SeedNetwork.Builder preset;

    @Mixin
    MemoryOptions memory;

    @Mixin
    SeedOption seed;

    @Option(names = "--forum-thread", description = "The forum thread's network instead of the defaults: a Dense "
            + "encoder, a spatial pooler that learns and boosts, the predicted cells to the decoder.")
    boolean forumThread;

    @Option(names = "--encoder", paramLabel = "scalar|dense", converter = EncoderConverter.class,
            description = "The encoder: scalar (HTM's fixed buckets) or dense (two Dense ReLU layers of "
                    + "--encoder-size) (default: the command's preset, dense for anomaly and nab and scalar for the "
                    + "others; dense with --forum-thread).")
    SeedNetwork.Encoder encoder;

    @Option(names = "--representation-learning", description = "The encoder and the spatial pooler learn by "
            + "gradient (Adam at the learning rate); without it they keep their initial weights (on with "
            + "--forum-thread).")
    boolean representationLearning;

    @Option(names = "--buckets", paramLabel = "N",
            description = "Scalar encoder buckets per input (default: ${DEFAULT-VALUE}).")
    int buckets;

    @Option(names = "--encoder-size", paramLabel = "N",
            description = "Units of each layer of a dense encoder (default: ${DEFAULT-VALUE}).")
    int encoderSize;

    @Option(names = "--decoder-size", paramLabel = "N",
            description = "Units of the Dense decoder layer (default: ${DEFAULT-VALUE}).")
    int decoderSize;

    public NetworkOptions(SeedNetwork.Builder preset) {
        this.preset = preset.copy();
        memory = new MemoryOptions(preset);
        seed = new SeedOption(preset.seed());
        buckets = preset.buckets();
        encoderSize = preset.encoderSize();
        decoderSize = preset.decoderSize();
    }

    /** The preset (or the forum thread's network) with the sizes and seed given. */
    public SeedNetwork.Builder resolve() {
        SeedNetwork.Builder network = forumThread ? SeedNetwork.forumThread() : preset.copy();
        if (encoder != null) {
            network.encoder(encoder);
        }
        if (representationLearning) {
            network.spatialPoolerLearning(true);
        }
        return memory.applyTo(network.buckets(buckets).encoderSize(encoderSize).decoderSize(decoderSize)
                .seed(seed.seed));
    }

    static final class EncoderConverter implements ITypeConverter<SeedNetwork.Encoder> {
        @Override
        public SeedNetwork.Encoder convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "scalar" -> SeedNetwork.Encoder.SCALAR;
                case "dense" -> SeedNetwork.Encoder.DENSE;
                default -> throw new IllegalArgumentException("unknown encoder '" + value
                        + "': give scalar (HTM's fixed buckets) or dense (two Dense layers)");
            };
        }
    }
}
