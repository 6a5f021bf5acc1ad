package org.scgateway.tee.internal;

import java.util.Arrays;
import java.util.List;

/** Component ids compared part by part. */
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
}
