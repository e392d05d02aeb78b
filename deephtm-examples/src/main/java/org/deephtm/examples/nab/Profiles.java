package org.deephtm.examples.nab;

import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** NAB's application profiles ({@code config/profiles.json}). */
public final class Profiles {

    private Profiles() {
    }

    /**
     * NAB's three profiles:
     * <pre>
     *   standard             tp 1.0   fp 0.11   fn 1.0
     *   reward_low_FP_rate   tp 1.0   fp 0.22   fn 1.0
     *   reward_low_FN_rate   tp 1.0   fp 0.11   fn 2.0
     * </pre>
     */
    public static List<Profile> nab() {
        return List.of(new Profile("standard", 1.0, 0.11, 1.0),
                new Profile("reward_low_FP_rate", 1.0, 0.22, 1.0),
                new Profile("reward_low_FN_rate", 1.0, 0.11, 2.0));
    }

    /**
     * Reads profiles in NAB's format: name to
     * {@code {"CostMatrix": {"tpWeight": ..., "fpWeight": ..., "fnWeight": ...}}}.
     */
    public static List<Profile> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + " (no such file)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        List<Profile> profiles = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode costs = entry.getValue().path("CostMatrix");
            profiles.add(new Profile(entry.getKey(), weight(file, entry.getKey(), costs, "tpWeight"),
                    weight(file, entry.getKey(), costs, "fpWeight"), weight(file, entry.getKey(), costs, "fnWeight")));
        }
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException(file + ": no profiles");
        }
        return profiles;
    }

    private static double weight(Path file, String profile, JsonNode costs, String name) {
        JsonNode w = costs.get(name);
        if (w == null || !w.isNumber()) {
            throw new IllegalArgumentException(file + ": profile " + profile + " has no number CostMatrix." + name);
        }
        return w.asDouble();
    }
}
