package org.dirabench.baselines.engine;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The optimiser of the trainable graph: SGD with momentum or Adam, a learning-rate schedule and coupled weight decay.
 *
 * @param name               {@code sgd} or {@code adam}
 * @param lr                 base learning rate
 * @param momentum           SGD momentum μ (ignored by Adam)
 * @param beta1              Adam β1
 * @param beta2              Adam β2
 * @param weightDecay        coupled weight decay (added to the gradient), see {@link WeightDecay}
 * @param excludeNormAndBias no weight decay on biases and BN γ/β
 * @param schedule           {@code cosine}, {@code step} or {@code constant}
 * @param milestones         epochs of the step schedule
 * @param gamma              factor of the step schedule
 */
public record OptimizerConfig(String name, double lr, double momentum, double beta1, double beta2, double weightDecay,
        boolean excludeNormAndBias, String schedule, int[] milestones, double gamma) {

    /** @throws IllegalArgumentException naming the first setting out of its range */
    public OptimizerConfig {
        if (!"sgd".equals(name) && !"adam".equals(name)) {
            throw new IllegalArgumentException("optimizer name must be sgd or adam, got '" + name + "'");
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + lr);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        if (!java.util.List.of("cosine", "step", "constant").contains(schedule)) {
            throw new IllegalArgumentException("schedule must be cosine, step or constant, got '" + schedule + "'");
        }
        if (!(gamma > 0)) {
            throw new IllegalArgumentException("step-schedule gamma must be positive, got " + gamma);
        }
    }

    /** MoCo v2 / DiRA generator: SGD lr 0.03, momentum 0.9, wd 1e-4, cosine (REFERENCE.md §1.4, §5.1). */
    public static OptimizerConfig mocoV2() {
        return new OptimizerConfig("sgd", 0.03, 0.9, 0.9, 0.999, 1e-4, false, "cosine", new int[] {120, 160}, 0.1);
    }

    /**
     * @param epochs total epochs of the run (cosine)
     * @return the DL4J updater with its schedule
     * @throws IllegalArgumentException for an unknown optimiser
     */
    public IUpdater updater(int epochs) {
        ISchedule s = Schedules.of(schedule, lr, epochs, milestones, gamma);
        return switch (name) {
            case "sgd" -> SgdMomentum.of(s, momentum);
            case "adam" -> Adam.builder().learningRate(Double.NaN).learningRateSchedule(s).beta1(beta1).beta2(beta2)
                    .build();
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "': expected sgd or adam");
        };
    }

    /** @return the weight decay to apply before the updater */
    public WeightDecay decay() {
        return new WeightDecay(weightDecay, excludeNormAndBias);
    }

    /** @return settings for the manifest */
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("lr", lr);
        if ("sgd".equals(name)) {
            m.put("momentum", momentum);
        } else {
            m.put("beta1", beta1);
            m.put("beta2", beta2);
        }
        m.put("weight_decay", weightDecay);
        m.put("weight_decay_excludes_norm_and_bias", excludeNormAndBias);
        m.put("schedule", schedule);
        if ("step".equals(schedule)) {
            m.put("milestones", Arrays.toString(milestones));
            m.put("gamma", gamma);
        }
        return m;
    }
}
