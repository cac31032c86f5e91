package dev.strata;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every init-param is documented, with its default, in InitParam's Javadoc table and the README table. */
class InitParamDocsTest {
    @Test
    void javadocTableAndReadmeTableListEveryInitParamWithItsDefault() throws Exception {
        String javadoc = Files.readString(Path.of("src/main/java/dev/strata/InitParam.java"));
        String readme = Files.readString(Path.of("../README.md"));
        for (InitParam p : InitParam.values()) {
            assertTrue(javadoc.contains("<tr><td>" + p.paramName() + "</td><td>"),
                    "InitParam Javadoc table row for " + p.paramName());
            assertTrue(readme.contains("| `" + p.paramName() + "` | "), "README table row for " + p.paramName());
            if (!p.defaultValue().contains(",")) {
                // one-word defaults are written out as they are; lists are spelled for reading
                String def = p.defaultValue().isEmpty() ? "" : p.defaultValue();
                assertTrue(javadoc.contains("<tr><td>" + p.paramName() + "</td><td>" + def)
                        || def.isEmpty(), "InitParam Javadoc default for " + p.paramName());
                assertTrue(def.isEmpty() || readme.contains("| `" + p.paramName() + "` | `" + def + "` |"),
                        "README default for " + p.paramName());
            }
        }
    }
}
