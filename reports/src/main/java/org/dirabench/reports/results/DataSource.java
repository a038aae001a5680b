package org.dirabench.reports.results;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a job's images came from, the {@code data} column of {@code results.csv}: {@code real} (the dataset the
 * paper used), {@code stand-in:<name>} (a small real substitute, e.g. {@code stand-in:nih1000} for 1000 NIH
 * ChestX-ray14 images instead of the full set) or {@code phantom} (synthetic images).
 *
 * @param kind real, stand-in or phantom
 * @param name the stand-in's name; empty for the other kinds
 */
public record DataSource(Kind kind, String name) implements Comparable<DataSource> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String STAND_IN_PREFIX = "stand-in:";

    /** The three kinds of data source. */
    public enum Kind {
        /** The dataset the paper used. */
        REAL,
        /** A smaller real dataset standing in for the paper's. */
        STAND_IN,
        /** Synthetic images. */
        PHANTOM
    }

    /** The real dataset. */
    public static final DataSource REAL = new DataSource(Kind.REAL, "");
    /** Synthetic data. */
    public static final DataSource PHANTOM = new DataSource(Kind.PHANTOM, "");

    /**
     * @param kind the kind
     * @param name the stand-in's name, empty otherwise
     * @throws IllegalArgumentException when a stand-in has no valid name or another kind has one
     */
    public DataSource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (kind == Kind.STAND_IN && !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a stand-in needs a name of letters, digits, '.', '_' or '-', got '"
                    + name + "'");
        }
        if (kind != Kind.STAND_IN && !name.isEmpty()) {
            throw new IllegalArgumentException(kind + " data has no name");
        }
    }

    /**
     * @param text {@code real}, {@code phantom} or {@code stand-in:<name>}
     * @return the data source
     * @throws IllegalArgumentException for anything else
     */
    public static DataSource parse(String text) {
        if ("real".equals(text)) {
            return REAL;
        }
        if ("phantom".equals(text)) {
            return PHANTOM;
        }
        if (text.startsWith(STAND_IN_PREFIX)) {
            return new DataSource(Kind.STAND_IN, text.substring(STAND_IN_PREFIX.length()));
        }
        throw new IllegalArgumentException("expected real, phantom or stand-in:<name>, got '" + text + "'");
    }

    /** @return true for the paper's own dataset */
    public boolean isReal() {
        return kind == Kind.REAL;
    }

    /** @return a reader-facing label: {@code real}, {@code stand-in: nih1000} or {@code phantom} */
    public String label() {
        return switch (kind) {
            case REAL -> "real";
            case STAND_IN -> "stand-in: " + name;
            case PHANTOM -> "phantom";
        };
    }

    /** @return the column value as written in {@code results.csv} */
    @Override
    public String toString() {
        return kind == Kind.STAND_IN ? STAND_IN_PREFIX + name : kind == Kind.REAL ? "real" : "phantom";
    }

    @Override
    public int compareTo(DataSource o) {
        int c = kind.compareTo(o.kind);
        return c != 0 ? c : name.compareTo(o.name);
    }
}
