package org.deephtm.spark;

import org.deephtm.examples.network.Checkpoints;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of saved streams, one subfolder per series, so that each batch continues every series
 * where the last batch left it. A save is named after the batch that made it,
 * {@code <first>_<last>.zip} (its first and last timestamps), and never changes once written
 * ({@code OnlineLearner.save} writes it beside its name and renames it whole).
 * <pre>
 *   models/realKnownCause%2Fnyc_taxi/20140701T000000.000000000_20140731T233000.000000000.zip
 * </pre>
 * A batch resumes from the latest save of the rows before its first timestamp and writes its own:
 * a retried task, or a job run again on the same batch, starts from the same save and writes the
 * same file again, so that no retry sees a half-continued stream. A save of a later or overlapping
 * batch is refused: the stream has moved past these rows. Once a batch is saved, the saves before
 * the one it resumed are deleted (that one stays, for a retry).
 */
public final class ModelStore implements Serializable {

    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSSSSSSSS");
    private static final Pattern SAVE = Pattern.compile("(\\d{8}T\\d{6}\\.\\d{9})_(\\d{8}T\\d{6}\\.\\d{9})\\.zip");

    private final String folder;

    /** @param folder a folder every executor reads and writes at this path (local, or a shared mount) */
    public ModelStore(Path folder) {
        this.folder = folder.toAbsolutePath().toString();
    }

    /**
     * Where a batch's stream comes from and goes to.
     *
     * @param resume the save to continue, null for a new stream
     * @param save   the file to save the stream to after the batch
     */
    public record Batch(Path resume, Path save) {

        /** Saving at the end of the batch, resuming from {@link #resume}. */
        public Checkpoints checkpoints() {
            return new Checkpoints(save, 0, resume);
        }
    }

    /**
     * The batch of {@code series} from {@code first} to {@code last}.
     *
     * @throws IllegalArgumentException when the folder holds a save of a later or overlapping batch
     */
    public Batch batch(String series, LocalDateTime first, LocalDateTime last) {
        Path dir = Path.of(folder, fileName(series));
        Save resume = null;
        for (Save s : saves(dir)) {
            if (s.last().isBefore(first)) {
                resume = resume == null || s.last().isAfter(resume.last()) ? s : resume;
            } else if (!s.first().equals(first) || !s.last().equals(last)) {
                throw new IllegalArgumentException("series " + series + ": this batch runs from " + first + " to "
                        + last + ", but " + s.file() + " holds the stream up to " + s.last() + " (a batch from "
                        + s.first() + "): a batch must follow the last one saved; give rows after " + s.last()
                        + ", or delete the saves from that batch on to replay from there");
            }
        }
        return new Batch(resume == null ? null : resume.file(), dir.resolve(NAME.format(first) + "_"
                + NAME.format(last) + ".zip"));
    }

    /** Deletes the saves of {@code batch}'s series older than the one it resumed from. */
    public void prune(Batch batch) {
        if (batch.resume() == null) {
            return;
        }
        LocalDateTime kept = parse(batch.resume()).last();
        for (Save s : saves(batch.save().getParent())) {
            if (s.last().isBefore(kept)) {
                try {
                    Files.deleteIfExists(s.file());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete the old save " + s.file(), e);
                }
            }
        }
    }

    /**
     * The series' folder name: its id with every byte outside {@code [A-Za-z0-9_-]} written as
     * {@code %XX}, so that any id ("a/b", "..") names one folder inside the store.
     */
    static String fileName(String series) {
        StringBuilder name = new StringBuilder();
        for (byte b : series.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                name.append(c);
            } else {
                name.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        if (name.length() > 255) {
            throw new IllegalArgumentException("series id " + series + " makes a folder name of " + name.length()
                    + " characters, more than a file system allows (255): shorten the ids");
        }
        return name.toString();
    }

    private record Save(Path file, LocalDateTime first, LocalDateTime last) {
    }

    private static List<Save> saves(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Save> saves = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> SAVE.matcher(f.getFileName().toString()).matches()).map(ModelStore::parse)
                    .forEach(saves::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the saves in " + dir, e);
        }
        saves.sort(Comparator.comparing(Save::last));
        return saves;
    }

    private static Save parse(Path file) {
        Matcher m = SAVE.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(file + " is not a save of this store");
        }
        return new Save(file, LocalDateTime.parse(m.group(1), NAME), LocalDateTime.parse(m.group(2), NAME));
    }
}
