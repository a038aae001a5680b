package org.dirabench.baselines.engine;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Learning-rate schedules, as DL4J {@link ISchedule}s so that the graph's own updater applies them and they are
 * saved with the model. DL4J calls {@code valueAt(iteration, epoch)} with the engine's step and epoch counters.
 */
public final class Schedules {
    private Schedules() {
    }

    /**
     * Half-cosine decay per epoch: {@code lr_e = base · ½(1 + cos(π·e/E))}, as MoCo's {@code adjust_learning_rate}
     * with {@code --cos} (moco {@code main_moco.py:L372-L379}; DiRA {@code main_DiRA_moco.py:L321-L330}) and
     * SimSiam ({@code main_simsiam.py:L359-L366}). No warm-up.
     */
    public record Cosine(@JsonProperty("base") double base, @JsonProperty("epochs") int epochs) implements ISchedule {
        public Cosine {
            if (epochs < 1 || !(base > 0)) {
                throw new IllegalArgumentException("cosine schedule needs base > 0 and epochs >= 1");
            }
        }

        @Override
        public double valueAt(int iteration, int epoch) {
            return base * 0.5 * (1 + Math.cos(Math.PI * epoch / epochs));
        }

        @Override
        public ISchedule clone() {
            return new Cosine(base, epochs);
        }
    }

    /**
     * Step decay: multiply by {@code gamma} at each milestone epoch (MoCo's default: ×0.1 at epochs 120 and 160,
     * {@code main_moco.py:L372-L379}).
     */
    public record MultiStep(@JsonProperty("base") double base, @JsonProperty("milestones") int[] milestones,
            @JsonProperty("gamma") double gamma) implements ISchedule {
        public MultiStep {
            Objects.requireNonNull(milestones, "milestones");
            milestones = milestones.clone();
            Arrays.sort(milestones);
        }

        @Override
        public double valueAt(int iteration, int epoch) {
            double lr = base;
            for (int m : milestones) {
                if (epoch >= m) {
                    lr *= gamma;
                }
            }
            return lr;
        }

        @Override
        public ISchedule clone() {
            return new MultiStep(base, milestones, gamma);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MultiStep m && m.base == base && m.gamma == gamma
                    && Arrays.equals(m.milestones, milestones);
        }

        @Override
        public int hashCode() {
            return Objects.hash(base, gamma, Arrays.hashCode(milestones));
        }

        @Override
        public String toString() {
            return "MultiStep[base=" + base + ", milestones=" + Arrays.toString(milestones) + ", gamma=" + gamma + "]";
        }
    }

    /** A constant rate. */
    public record Constant(@JsonProperty("value") double value) implements ISchedule {
        @Override
        public double valueAt(int iteration, int epoch) {
            return value;
        }

        @Override
        public ISchedule clone() {
            return new Constant(value);
        }
    }

    /**
     * @param name       {@code cosine}, {@code step} or {@code constant}
     * @param base       base learning rate
     * @param epochs     total epochs (cosine)
     * @param milestones milestone epochs (step)
     * @param gamma      decay factor (step)
     * @return the schedule
     * @throws IllegalArgumentException for an unknown name
     */
    public static ISchedule of(String name, double base, int epochs, int[] milestones, double gamma) {
        return switch (name) {
            case "cosine" -> new Cosine(base, epochs);
            case "step" -> new MultiStep(base, milestones, gamma);
            case "constant" -> new Constant(base);
            default -> throw new IllegalArgumentException("unknown schedule '" + name
                    + "': expected cosine, step or constant");
        };
    }
}
