package org.scgateway.tee.internal;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/** Component ids compared part by part, and written as hex parts joined by '/'. */
public final class ComponentIds {

    private ComponentIds() {
    }

    public static boolean same(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    public static String text(List<byte[]> id) {
        return id.stream().map(HexFormat.of()::formatHex).collect(Collectors.joining("/"));
    }
}
