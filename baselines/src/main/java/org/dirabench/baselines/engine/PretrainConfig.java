package org.dirabench.baselines.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Settings of one pretraining run that the engine itself reads (the method and the data have their own).
 *
 * @param epochs               epochs of this run (stage)
 * @param imageSize            input size S (pixels), divisible by 32
 * @param widthDivisor         network width divisor (1 = ResNet-50)
 * @param inChannels           input channels (3: gray replicated, as the reference)
 * @param optimizer            optimiser of the trainable graph
 * @param seed                 seed of weights, data order, augmentation and method randomness
 * @param checkpointEverySteps also checkpoint every this many steps (0: only at epoch ends)
 * @param dataType             FLOAT (training) or DOUBLE (gradient checks)
 * @param stage                1, or 2 for DiRA's adversarial stage (recorded in the curves)
 */
public record PretrainConfig(int epochs, int imageSize, int widthDivisor, int inChannels, OptimizerConfig optimizer,
        long seed, int checkpointEverySteps, DataType dataType, int stage) {
    public PretrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(dataType, "dataType");
    }

    /** @return settings for the manifest */
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("image_size", imageSize);
        m.put("width_divisor", widthDivisor);
        m.put("in_channels", inChannels);
        m.put("optimizer", optimizer.settings());
        m.put("seed", seed);
        m.put("checkpoint_every_steps", checkpointEverySteps);
        m.put("data_type", dataType.toString());
        m.put("stage", stage);
        return m;
    }
}
