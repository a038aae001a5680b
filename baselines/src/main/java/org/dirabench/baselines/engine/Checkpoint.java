package org.dirabench.baselines.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.dirabench.baselines.method.SelfSupervisedMethod;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A resumable checkpoint folder: {@code params.bin} (the flat parameter vector, batch-norm running statistics
 * included), {@code updater.bin} (the optimiser state), {@code method/} (the method's own state: momentum encoder,
 * queue, discriminator...), {@code state.json} ({@link TrainingState}) and {@code configuration.json} (the graph, for
 * reference). The folder is replaced atomically ({@link AtomicFiles#replaceFolder}), so a run killed while
 * checkpointing resumes from the previous checkpoint.
 */
public final class Checkpoint {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Checkpoint() {
    }

    /**
     * Writes a checkpoint.
     *
     * @param dir    the checkpoint folder (replaced)
     * @param graph  the trainable graph
     * @param method the method whose state to save
     * @param state  the counters
     */
    public static void save(Path dir, ComputationGraph graph, SelfSupervisedMethod method, TrainingState state)
            throws IOException {
        AtomicFiles.replaceFolder(dir, tmp -> {
            writeArray(tmp.resolve("params.bin"), graph.params());
            INDArray updater = graph.getUpdater() == null ? null : graph.getUpdater().getStateViewArray();
            if (updater != null) {
                writeArray(tmp.resolve("updater.bin"), updater);
            }
            Files.createDirectories(tmp.resolve("method"));
            method.save(tmp.resolve("method"));
            Files.writeString(tmp.resolve("configuration.json"), graph.getConfiguration().toJson());
            JSON.writeValue(tmp.resolve("state.json").toFile(), state);
        });
    }

    /**
     * Loads a checkpoint into an initialised graph and an attached method.
     *
     * @param dir    the checkpoint folder
     * @param graph  a graph built from the same configuration
     * @param method the attached method
     * @return the counters, or empty when there is no checkpoint
     * @throws IOException when the checkpoint is unreadable or was written for a different network
     */
    public static Optional<TrainingState> load(Path dir, ComputationGraph graph, SelfSupervisedMethod method)
            throws IOException {
        if (!AtomicFiles.recover(dir)) {
            return Optional.empty();
        }
        loadWeights(dir, graph);
        Path upd = dir.resolve("updater.bin");
        if (Files.exists(upd)) {
            INDArray state = graph.getUpdater().getStateViewArray();
            INDArray saved = readArray(upd);
            if (state == null || saved.length() != state.length()) {
                throw new IOException(upd + ": optimiser state has " + saved.length() + " values, the graph's has "
                        + (state == null ? 0 : state.length()) + " (different optimiser?)");
            }
            state.assign(saved.reshape(state.shape()));
        }
        method.load(dir.resolve("method"));
        TrainingState s = JSON.readValue(dir.resolve("state.json").toFile(), TrainingState.class);
        graph.getConfiguration().setIterationCount((int) s.step());
        graph.getConfiguration().setEpochCount(s.epoch());
        return Optional.of(s);
    }

    /**
     * Loads only the weights (and running statistics) of a checkpoint, as DiRA's stage 2 starts from stage 1.
     *
     * @throws IOException when missing or of a different size
     */
    public static void loadWeights(Path dir, ComputationGraph graph) throws IOException {
        Path p = dir.resolve("params.bin");
        INDArray saved = readArray(p);
        if (saved.length() != graph.params().length()) {
            throw new IOException(p + ": " + saved.length() + " parameters, the network has "
                    + graph.params().length() + " (checkpoint of a different network or width?)");
        }
        graph.params().assign(saved.reshape(graph.params().shape()).castTo(graph.params().dataType()));
    }

    /** Saves a graph as a standard DL4J model zip (configuration + parameters, no optimiser state), atomically. */
    public static void saveModel(Path file, ComputationGraph graph) throws IOException {
        AtomicFiles.write(file, out -> ModelSerializer.writeModel(graph, out, false));
    }

    /** Writes an array in ND4J's binary format. */
    public static void writeArray(Path file, INDArray a) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
                Files.newOutputStream(file)))) {
            Nd4j.write(a, out);
        }
    }

    /** Reads an array written by {@link #writeArray}; errors name the file. */
    public static INDArray readArray(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file);
                DataInputStream din = new DataInputStream(new java.io.BufferedInputStream(in))) {
            return Nd4j.read(din);
        } catch (NoSuchFileException e) {
            throw new IOException("checkpoint file missing: " + file, e);
        } catch (RuntimeException e) {
            throw new IOException("cannot read array from " + file + " (truncated or not an ND4J array file): "
                    + e.getMessage(), e);
        }
    }

    /** @return the counters of a checkpoint folder, without loading weights */
    public static Optional<TrainingState> peek(Path dir) throws IOException {
        if (!AtomicFiles.recover(dir)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(dir.resolve("state.json").toFile(), TrainingState.class));
    }

    /** @return a map view of a state for manifests */
    public static Map<String, Object> describe(TrainingState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", s.step());
        m.put("epoch", s.epoch());
        m.put("batch", s.batch());
        m.put("seed", s.seed());
        return m;
    }
}
