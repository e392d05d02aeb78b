package org.deephtm.online;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The zip an {@link OnlineLearner} saves, written in one pass: DL4J's model entries as
 * {@code ModelSerializer.writeModel(net, out, true)} writes them ({@code configuration.json},
 * {@code coefficients.bin}, {@code updaterState.bin}), and each object under
 * {@code objects/<key>} as {@code ModelSerializer.addObjectToFile} writes it, so DL4J reads the
 * file as its own.
 *
 * <p>Why not DL4J's calls: {@code addObjectToFile} copies the whole file to the temporary folder
 * and rewrites the zip for every object, and DEFLATE at its default level spends most of a save
 * on the weights' float bits, which hardly compress. Huffman coding alone keeps nearly all that
 * compression saves (the updater's moments that are still zero) at about a third of the time.
 */
final class LearnerFile {

    private LearnerFile() {
    }

    static void write(OutputStream out, MultiLayerNetwork net, Map<String, ? extends Serializable> objects)
            throws IOException {
        try (ZipOutputStream zip = new HuffmanZip(new BufferedOutputStream(out, 1 << 16))) {
            zip.putNextEntry(new ZipEntry(ModelSerializer.CONFIGURATION_JSON));
            // ModelSerializer writes and reads the JSON in the platform's charset
            zip.write(net.getLayerWiseConfigurations().toJson().getBytes(Charset.defaultCharset()));
            INDArray params = net.params();
            if (params != null && params.length() > 0) {
                writeArray(zip, ModelSerializer.COEFFICIENTS_BIN, params);
            } else {
                zip.putNextEntry(new ZipEntry(ModelSerializer.NO_PARAMS_MARKER));
            }
            INDArray updaterState = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
            if (updaterState != null && updaterState.length() > 0) {
                writeArray(zip, ModelSerializer.UPDATER_BIN, updaterState);
            }
            for (Map.Entry<String, ? extends Serializable> o : objects.entrySet()) {
                zip.putNextEntry(new ZipEntry("objects/" + o.getKey()));
                ObjectOutputStream object = new ObjectOutputStream(zip);
                object.writeObject(o.getValue());
                object.flush(); // not closed: that would close the zip
            }
        }
    }

    private static void writeArray(ZipOutputStream zip, String entry, INDArray array) throws IOException {
        zip.putNextEntry(new ZipEntry(entry));
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(zip, 1 << 16));
        Nd4j.write(array, data);
        data.flush(); // not closed: that would close the zip
    }

    /** A zip whose entries are Huffman-coded only ({@code Deflater.HUFFMAN_ONLY}). */
    private static final class HuffmanZip extends ZipOutputStream {

        HuffmanZip(OutputStream out) {
            super(out);
            def.setStrategy(Deflater.HUFFMAN_ONLY);
        }
    }
}
