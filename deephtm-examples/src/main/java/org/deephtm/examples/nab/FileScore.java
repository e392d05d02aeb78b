package org.deephtm.examples.nab;

/**
 * One file's NAB score under one profile, at the profile's corpus-wide threshold. The counts are
 * NAB's: rows after the probationary period, a row being positive when its score reaches the threshold.
 *
 * @param key             the data file, {@code "category/file.csv"}
 * @param score           the file's raw NAB score
 * @param windows         the file's labelled windows
 * @param detectedWindows windows with at least one detection (after the probationary period)
 * @param tp              detected rows inside windows
 * @param fp              detected rows outside windows
 * @param fn              undetected rows inside windows
 * @param tn              undetected rows outside windows
 */
public record FileScore(String key, double score, int windows, int detectedWindows, int tp, int fp, int fn, int tn) {
}
