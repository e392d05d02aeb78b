package org.deephtm.examples.bench;

/**
 * Another HTM's temporal memory, timed beside DeepHTM's on the same active columns (row (e) of
 * the bench). The one there is, htm.java's ({@code org.numenta:htm.java}), is compiled only by a
 * build with the Maven profile {@code htm-java} (its sources lie in
 * {@code deephtm-examples/src/htm-java}), so that no other build downloads it.
 */
public interface ReferenceMemory {

    /** The class the {@code htm-java} profile compiles. */
    String HTM_JAVA = "org.deephtm.examples.bench.HtmJavaMemory";

    /** Names the memory and its settings, for the table. */
    String describe();

    /** One step with learning: {@code activeColumns} in increasing order. */
    void compute(int[] activeColumns);

    /** The share of {@code activeColumns} (the last step's) that the step before did not predict. */
    double anomaly();

    /** Its synapses now: what it has learned, the counterpart of a network's parameters. */
    long synapses();

    /**
     * htm.java's temporal memory at {@code columns x cellsPerColumn}.
     *
     * @throws IllegalArgumentException naming the build that adds it, when this build has not
     */
    static ReferenceMemory htmJava(int columns, int cellsPerColumn, long seed) {
        requireHtmJava();
        try {
            return (ReferenceMemory) Class.forName(HTM_JAVA).getConstructor(int.class, int.class, long.class)
                    .newInstance(columns, cellsPerColumn, seed);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("htm.java's memory could not be made: " + e, e);
        }
    }

    /** @throws IllegalArgumentException naming the build that adds htm.java, when this build has not */
    static void requireHtmJava() {
        if (!htmJavaPresent()) {
            throw new IllegalArgumentException("--htm-java: htm.java is not in this build: ./deephtm builds it when given "
                    + "--htm-java; with Maven, build with its profile: mvn -B -q -Phtm-java -DskipTests package "
                    + "-pl deephtm-examples -am");
        }
    }

    /** Whether this build has htm.java. */
    static boolean htmJavaPresent() {
        try {
            Class.forName(HTM_JAVA);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
