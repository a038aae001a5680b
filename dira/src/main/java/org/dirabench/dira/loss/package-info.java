/**
 * DiRA's restoration and adversarial losses and their λ weighting, with the conventions of
 * {@link org.dirabench.baselines.loss}: stateless, closed-form gradients in the inputs' data type, inputs never
 * modified, {@link java.lang.IllegalArgumentException} naming the argument on bad input.
 *
 * <p>One generator step, as the engine runs it: forward the distorted view through G (embedding, restored x', whose
 * target is the undistorted image x); forward x' through D; {@code DiraLoss.generator(lDis, x', x, D(x'))}; backpropagate {@code gradDOfRestored} through D for its input
 * gradient only and pass that backward pass to {@code GeneratorResult.gradRestored(...)}: the result is the epsilon
 * for G's restoration output; the embedding epsilons are the SSL loss's gradients scaled by
 * {@code scaleDiscriminative}. Then the discriminator step on the same batch: D(x) and D(x'.detach()) into
 * {@code discriminator(...)}, D's own optimizer (DIRA trainer.py:L147-L178).
 */
package org.dirabench.dira.loss;
