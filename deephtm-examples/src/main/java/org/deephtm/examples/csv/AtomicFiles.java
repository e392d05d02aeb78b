package org.deephtm.examples.csv;

import org.deephtm.online.AtomicFile;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Text files that appear whole or not at all, with the user's permissions: {@link AtomicFile}
 * (written beside their destination, then renamed over it) with a {@link PrintWriter}.
 */
public final class AtomicFiles {

    /** What writes the file's text. */
    @FunctionalInterface
    public interface Writer {
        void write(PrintWriter out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code file} with {@code writer}, in UTF-8; on any failure the destination is left as it was. */
    public static Path write(Path file, Writer writer) throws IOException {
        return AtomicFile.write(file, stream -> {
            PrintWriter out = new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            try {
                writer.write(out);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            out.flush();
            if (out.checkError()) {
                throw new IOException("writing " + file.toAbsolutePath() + " failed (disk full?)");
            }
        });
    }
}
