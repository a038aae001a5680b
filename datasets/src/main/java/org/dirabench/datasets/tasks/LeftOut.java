package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * What a dataset reader found but did not use, by reason, so that nothing is dropped silently: for each reason the
 * number of items and each item with where it came from ({@code file:line: what}). A reader records with a
 * {@link Recorder}: in strict mode the first item is an error instead; otherwise every reason is logged once (WARN)
 * with its count and the first five items when the reader finishes.
 */
public final class LeftOut {
    private final Map<String, List<String>> items;

    private LeftOut(Map<String, List<String>> items) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        items.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.items = Collections.unmodifiableMap(copy);
    }

    /** @return nothing left out */
    public static LeftOut none() {
        return new LeftOut(Map.of());
    }

    /** @return the number of items left out for {@code reason} (0 when none) */
    public int count(String reason) {
        return items.getOrDefault(reason, List.of()).size();
    }

    /** @return the items left out for {@code reason}, each as {@code where: what}, in the order found */
    public List<String> items(String reason) {
        return items.getOrDefault(reason, List.of());
    }

    /** @return count per reason, in the order the reasons first occurred */
    public Map<String, Integer> counts() {
        Map<String, Integer> c = new LinkedHashMap<>();
        items.forEach((k, v) -> c.put(k, v.size()));
        return c;
    }

    /** @return the number of items left out over all reasons */
    public int total() {
        return items.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public String toString() {
        return "LeftOut" + counts();
    }

    /** Collects what a reader leaves out. Not thread-safe. */
    public static final class Recorder {
        private final String source;
        private final boolean strict;
        private final Logger log;
        private final Map<String, List<String>> items = new LinkedHashMap<>();

        /**
         * @param source what is being read (the dataset folder), for the log lines
         * @param strict whether the first item left out is an error
         * @param log where to log
         */
        public Recorder(Object source, boolean strict, Logger log) {
            this.source = String.valueOf(source);
            this.strict = strict;
            this.log = log;
        }

        /**
         * @param reason why it is left out, e.g. "CSV rows whose image file is missing"
         * @param where the file and line (or file alone) the item comes from
         * @param what the item, e.g. the missing path
         * @throws StrictDataException in strict mode, naming {@code where}, the reason and the item
         */
        public void add(String reason, String where, String what) throws StrictDataException {
            if (strict) {
                throw new StrictDataException(where + ": " + what + " (" + reason + "; strict mode)");
            }
            items.computeIfAbsent(reason, k -> new ArrayList<>()).add(where + ": " + what);
        }

        /**
         * Records an item left out on purpose (an option asked for it, e.g. subsampled negatives): counted and
         * logged like the others, never an error, also in strict mode.
         */
        public void note(String reason, String where, String what) {
            items.computeIfAbsent(reason, k -> new ArrayList<>()).add(where + ": " + what);
        }

        /** @return the number recorded so far for {@code reason} */
        public int count(String reason) {
            return items.getOrDefault(reason, List.of()).size();
        }

        /** Logs each reason once and returns the result. */
        public LeftOut finish() {
            items.forEach((reason, list) -> log.warn("{}: left out {} ({}), e.g. {}{}", source, list.size(), reason,
                    list.subList(0, Math.min(5, list.size())), list.size() > 5 ? " ..." : ""));
            return new LeftOut(items);
        }
    }
}
