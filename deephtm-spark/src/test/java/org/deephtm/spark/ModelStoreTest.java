package org.deephtm.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelStoreTest {

    private static final LocalDateTime DAY1 = LocalDateTime.of(2014, 7, 1, 0, 0);
    private static final LocalDateTime DAY2 = DAY1.plusDays(1);
    private static final LocalDateTime DAY3 = DAY1.plusDays(2);

    @TempDir
    Path dir;

    /** Stands for OnlineLearner.save: the store only looks at the file names. */
    private static ModelStore.Batch saved(ModelStore.Batch batch) throws Exception {
        Files.createDirectories(batch.save().getParent());
        Files.writeString(batch.save(), "saved");
        return batch;
    }

    @Test
    void aNewSeriesStartsAfresh() {
        assertNull(new ModelStore(dir).batch("a", DAY1, DAY1.plusHours(23)).resume());
    }

    @Test
    void aBatchResumesTheSaveOfTheBatchBefore() throws Exception {
        ModelStore store = new ModelStore(dir);
        ModelStore.Batch first = saved(store.batch("a", DAY1, DAY1.plusHours(23)));
        assertEquals(first.save(), store.batch("a", DAY2, DAY2.plusHours(23)).resume());
    }

    @Test
    void aRetriedBatchResumesWhatItsFirstAttemptResumed() throws Exception {
        ModelStore store = new ModelStore(dir);
        ModelStore.Batch first = saved(store.batch("a", DAY1, DAY1.plusHours(23)));
        ModelStore.Batch second = saved(store.batch("a", DAY2, DAY2.plusHours(23)));
        ModelStore.Batch retry = store.batch("a", DAY2, DAY2.plusHours(23));
        assertEquals(first.save(), retry.resume());
        assertEquals(second.save(), retry.save());
    }

    @Test
    void rejectsABatchOverlappingOneAlreadySaved() throws Exception {
        ModelStore store = new ModelStore(dir);
        saved(store.batch("a", DAY1, DAY2.plusHours(11)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.batch("a", DAY2, DAY2.plusHours(23)));
        assertTrue(e.getMessage().contains("series a") && e.getMessage().contains("must follow"), e.getMessage());
    }

    @Test
    void pruningKeepsTheResumedSaveAndTheNewOne() throws Exception {
        ModelStore store = new ModelStore(dir);
        ModelStore.Batch first = saved(store.batch("a", DAY1, DAY1.plusHours(23)));
        ModelStore.Batch second = saved(store.batch("a", DAY2, DAY2.plusHours(23)));
        ModelStore.Batch third = saved(store.batch("a", DAY3, DAY3.plusHours(23)));
        store.prune(third);
        assertFalse(Files.exists(first.save()));
        assertTrue(Files.exists(second.save()));
        assertTrue(Files.exists(third.save()));
    }

    @Test
    void everySeriesIdNamesOneFolderInsideTheStore() {
        assertEquals("realKnownCause%2Fnyc_taxi", ModelStore.fileName("realKnownCause/nyc_taxi"));
        assertEquals("%2E%2E", ModelStore.fileName(".."));
        assertEquals("caf%C3%A9-1", ModelStore.fileName("café-1"));
    }
}
