package org.scgateway.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median and percentiles of measured values, as bench/run prints them. */
final class Stats {

    private final List<Double> values = new ArrayList<>();

    void add(double v) {
        values.add(v);
    }

    int count() {
        return values.size();
    }

    /** The value at quantile q (nearest rank). */
    double quantile(double q) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    double median() {
        return quantile(0.5);
    }

    double min() {
        return Collections.min(values);
    }

    double max() {
        return Collections.max(values);
    }

    /** One table row for bench/run: figure|median min max|unit|command. */
    static String row(String figure, Stats s, String unit, String command) {
        return String.format("%s|%.0f %.0f %.0f|%s|%s", figure, s.median(), s.min(), s.max(), unit, command);
    }
}
