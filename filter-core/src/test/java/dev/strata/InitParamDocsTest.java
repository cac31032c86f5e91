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
            String def = p.defaultValue().isEmpty() ? "(none)" : p.defaultValue();
            assertTrue(javadoc.contains("<tr><td>" + p.paramName() + "</td><td>" + def + "</td>"),
                    "InitParam Javadoc table row for " + p.paramName());
            String readmeDefault = p.defaultValue().isEmpty() ? "none" : "`" + p.defaultValue() + "`";
            assertTrue(readme.contains("| `" + p.paramName() + "` | " + readmeDefault + " |"),
                    "README table row for " + p.paramName());
        }
    }
}
