package org.deephtm.spark;

import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The JVM flags the launcher and the tests pass are the ones Spark's own launcher passes. */
class SparkJavaOptionsTest {

    @Test
    void launcherFlagsAreSparksOwn() throws Exception {
        String ours = Files.readString(Path.of("target/java-options.txt")).strip();
        assertEquals(Set.of(JavaModuleOptions.defaultModuleOptions().split(" ")), Set.of(ours.split(" ")),
                "update spark.java.options in deephtm-spark/pom.xml to Spark's JavaModuleOptions");
    }
}
