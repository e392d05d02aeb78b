package org.deephtm.layers;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The DL4J version every workaround in the layers was verified against.
 *
 * <p>DL4J's version is pinned, so a defect can only be fixed upstream by a change of version. The
 * defect tests that measure native memory cannot tell "fixed" from "does not show on this
 * machine"; this test can: it fails the day any DL4J or ND4J artifact on the class path has
 * another version, and says what to re-verify.
 */
public class VerifiedDl4jVersionTest {

    /** The release the workarounds of docs/dl4j-defects.md were measured against. */
    public static final String VERIFIED_VERSION = "1.0.0-M2.1";

    @Test
    void everyDl4jArtifactHasTheVersionTheWorkaroundsWereVerifiedAgainst() throws IOException {
        List<String> artifacts = artifactVersions();
        assertFalse(artifacts.isEmpty(), "found no DL4J or ND4J artifact on the class path");
        List<String> others = artifacts.stream().filter(a -> !a.endsWith(":" + VERIFIED_VERSION)).toList();
        assertEquals(List.of(), others, "DL4J changed from " + VERIFIED_VERSION + ": re-verify every workaround in "
                + "docs/dl4j-defects.md (Dl4jDefectsTest, KWinnersMemoryTest; run the memory probes in a fresh JVM), "
                + "drop the ones that are no longer needed, then update VERIFIED_VERSION");
    }

    /** "group:artifact:version" of every DL4J and ND4J jar, from the pom.properties Maven puts in each. */
    private static List<String> artifactVersions() throws IOException {
        List<String> found = new ArrayList<>();
        for (String group : List.of("org.deeplearning4j", "org.nd4j")) {
            for (String artifact : List.of("deeplearning4j-nn", "nd4j-api", "nd4j-native", "nd4j-cuda-11.6")) {
                String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
                for (URL url : Collections.list(VerifiedDl4jVersionTest.class.getClassLoader().getResources(resource))) {
                    Properties properties = new Properties();
                    try (InputStream in = url.openStream()) {
                        properties.load(in);
                    }
                    found.add(group + ":" + artifact + ":" + properties.getProperty("version"));
                }
            }
        }
        return found;
    }
}
