package org.scgateway.teep;

import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/** Component ids as text, for the fuzz tests' comparisons. */
final class FuzzIds {

    private FuzzIds() {
    }

    static String text(List<byte[]> id) {
        return id.stream().map(HexFormat.of()::formatHex).collect(Collectors.joining("/", "[", "]"));
    }
}
