package org.deephtm.examples.csv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A file written through AtomicFiles is the old one or the new one, never a part of either. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void aWriterThatFailsHalfWayLeavesThePreviousFileAndNoPartOfTheNewOne() throws IOException {
        Path file = dir.resolve("results").resolve("deephtm_series.csv");
        AtomicFiles.write(file, out -> out.println("timestamp,anomaly_score"));
        assertEquals("timestamp,anomaly_score\n", Files.readString(file).replace("\r\n", "\n"));

        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.println("half of a new file");
            throw new IOException("the disk filled up");
        }));

        assertEquals("timestamp,anomaly_score\n", Files.readString(file).replace("\r\n", "\n"));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no partial file is left beside it");
        }
    }

    @Test
    void aWrittenFileHasThePermissionsOfAFileCreatedNormallyInItsFolder() throws IOException {
        Path normal = Files.writeString(dir.resolve("normal.txt"), "made as any program makes a file");
        Path written = AtomicFiles.write(dir.resolve("written.csv"), out -> out.println("a,b"));
        assertEquals(Files.getPosixFilePermissions(normal), Files.getPosixFilePermissions(written),
                "the user's umask applies, not a temporary file's 0600");
    }

    @Test
    void aCompleteWriteReplacesTheFileWhole() throws IOException {
        Path file = dir.resolve("scores.csv");
        AtomicFiles.write(file, out -> out.println("old"));
        AtomicFiles.write(file, out -> {
            for (int i = 0; i < 10_000; i++) {
                out.println("row " + i);
            }
        });
        assertEquals(10_000, Files.readAllLines(file).size());
    }
}
