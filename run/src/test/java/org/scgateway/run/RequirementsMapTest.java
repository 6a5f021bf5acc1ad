package org.scgateway.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Test;

/** docs/requirements.md names only classes and tests the tree has. */
public class RequirementsMapTest {

    /** A class name in backticks: `CapitalisedName`. */
    private static final Pattern CLASS = Pattern.compile("`([A-Z][A-Za-z0-9]+)`");

    @Test
    public void everyClassAndTestNamedExists() throws IOException {
        Path top = Paths.get("..").toAbsolutePath().normalize();
        String doc = Files.readString(top.resolve("docs/requirements.md"));
        Set<String> sources = new TreeSet<>();
        for (String folder : List.of("bundles", "itests/src", "run/src")) {
            try (Stream<Path> files = Files.walk(top.resolve(folder))) {
                sources.addAll(files.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/target/"))
                        .map(p -> p.getFileName().toString().replace(".java", "")).collect(Collectors.toSet()));
            }
        }
        Set<String> named = new TreeSet<>();
        Matcher m = CLASS.matcher(doc);
        while (m.find()) {
            named.add(m.group(1));
        }
        assertTrue("the map names classes and tests", named.size() > 40);
        assertTrue("and the tests of each requirement", named.stream().filter(n -> n.endsWith("Test") || n.endsWith("IT")).count() > 20);
        named.removeAll(sources);
        assertEquals("named in docs/requirements.md but not in the tree", Set.of(), named);
    }
}
