package org.dirabench.datasets.batch;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The last {@code capacity} prepared volumes of a {@link CubeLoader}, least recently used first out. A volume asked
 * for by several workers at once is read once (the others wait for it); a failed read is not kept, so it is tried
 * again next time.
 */
final class VolumeCache {
    /** Reads and prepares one volume. */
    interface Loader {
        CubeLoader.Box load(int source) throws IOException;
    }

    private final int capacity;
    private final Loader loader;
    private final Map<Integer, FutureTask<CubeLoader.Box>> map;
    private int loads;

    VolumeCache(int capacity, Loader loader) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.loader = loader;
        this.map = new LinkedHashMap<>(16, 0.75f, true);
    }

    CubeLoader.Box get(int source) throws IOException {
        FutureTask<CubeLoader.Box> task;
        boolean mine = false;
        synchronized (this) {
            task = map.get(source);
            if (task == null) {
                task = new FutureTask<>(() -> loader.load(source));
                map.put(source, task);
                mine = true;
                loads++;
                var it = map.entrySet().iterator();
                while (map.size() > capacity && it.hasNext()) {
                    if (it.next().getKey() != source) {
                        it.remove();
                    }
                }
            }
        }
        if (mine) {
            task.run();
        }
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading volume " + source, e);
        } catch (ExecutionException e) {
            synchronized (this) {
                map.remove(source, task);
            }
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        }
    }

    /** @return how many volume reads were started so far */
    synchronized int loads() {
        return loads;
    }
}
