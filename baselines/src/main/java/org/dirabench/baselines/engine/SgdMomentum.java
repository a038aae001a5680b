package org.dirabench.baselines.engine;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Stochastic gradient descent with heavy-ball momentum, as PyTorch's {@code torch.optim.SGD(momentum=μ,
 * dampening=0, nesterov=False)}: {@code v ← μ·v + g; θ ← θ − lr·v}, with v = 0 before the first step (so the first
 * step uses v = g, as PyTorch does). DL4J's {@code Nesterovs} is Nesterov momentum, a different method, hence this
 * updater. Weight decay is not part of it: the engine adds {@code wd·θ} to the gradient first (PyTorch's coupled
 * weight decay), see {@link WeightDecay}.
 *
 * <p>Used by MoCo v2 and DiRA (SGD lr 0.03, momentum 0.9, weight decay 1e-4; REFERENCE.md §1.4, §5.1) and SimSiam.
 */
public final class SgdMomentum implements IUpdater {
    private static final long serialVersionUID = 1L;
    private double learningRate;
    private ISchedule learningRateSchedule;
    private final double momentum;

    /**
     * @param learningRate         constant learning rate, ignored when a schedule is given ({@code NaN} then)
     * @param learningRateSchedule schedule of (iteration, epoch), or {@code null}
     * @param momentum             μ in [0, 1)
     */
    public SgdMomentum(@JsonProperty("learningRate") double learningRate,
            @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
            @JsonProperty("momentum") double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.learningRate = learningRate;
        this.learningRateSchedule = learningRateSchedule;
        this.momentum = momentum;
    }

    /** @return a constant-rate updater */
    public static SgdMomentum of(double lr, double momentum) {
        return new SgdMomentum(lr, null, momentum);
    }

    /** @return a scheduled updater */
    public static SgdMomentum of(ISchedule schedule, double momentum) {
        return new SgdMomentum(Double.NaN, Objects.requireNonNull(schedule), momentum);
    }

    public double getMomentum() {
        return momentum;
    }

    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }

    public double getLearningRate() {
        return learningRate;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater<SgdMomentum> instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        long[] shape = viewArray.shape();
        u.setStateViewArray(viewArray, shape, viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater<SgdMomentum> instantiate(Map<String, INDArray> updaterState, boolean initialize) {
        Updater u = new Updater(this);
        u.setState(updaterState, initialize);
        return u;
    }

    @Override
    public SgdMomentum clone() {
        return new SgdMomentum(learningRate, learningRateSchedule == null ? null : learningRateSchedule.clone(),
                momentum);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SgdMomentum s && Double.compare(s.learningRate, learningRate) == 0
                && s.momentum == momentum && Objects.equals(s.learningRateSchedule, learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, learningRateSchedule, momentum);
    }

    @Override
    public String toString() {
        return "SgdMomentum(lr=" + (learningRateSchedule != null ? learningRateSchedule : learningRate)
                + ", momentum=" + momentum + ")";
    }

    /** The per-block updater holding the velocity v as a view of DL4J's updater state array. */
    static final class Updater implements GradientUpdater<SgdMomentum> {
        static final String V = "V";
        private final SgdMomentum config;
        private INDArray v;

        Updater(SgdMomentum config) {
            this.config = config;
        }

        @Override
        public SgdMomentum getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> stateMap, boolean initialize) {
            if (!stateMap.containsKey(V) || stateMap.size() != 1) {
                throw new IllegalStateException("SGD momentum state must hold exactly [" + V + "], got "
                        + stateMap.keySet());
            }
            v = stateMap.get(V);
            if (initialize) {
                v.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Collections.singletonMap(V, v);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder,
                boolean initialize) {
            if (initialize) {
                viewArray.assign(0);
            }
            v = Shape.newShapeNoCopy(viewArray, gradientShape, gradientOrder == 'f');
            if (v == null) {
                throw new IllegalStateException("cannot view the momentum state as the gradient's shape");
            }
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double lr = config.getLearningRate(iteration, epoch);
            INDArray g = gradient.reshape(v.shape());
            v.muli(config.momentum).addi(g);   // v = μ v + g
            g.assign(v).muli(lr);              // the update subtracted from θ: lr · v
        }
    }
}
