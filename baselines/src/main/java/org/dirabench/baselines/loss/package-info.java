/**
 * Self-supervised losses as stateless functions of the detached network outputs (solo-learn's {@code solo/losses}
 * style): InfoNCE (MoCo v2), Barlow Twins, negative cosine (SimSiam), TransVW's restoration + visual-word loss, MSE,
 * and the softmax cross-entropy they share.
 *
 * <p>Conventions, common to every class here:
 * <ul>
 *   <li>An instance holds configuration only (temperature, λ) and is immutable; the configuration-free losses are
 *       static methods. Nothing is cached between calls, so one instance can serve several threads.</li>
 *   <li>Each call returns a record with the scalar loss (a {@code double}), the terms worth logging, and the
 *       gradient of the loss w.r.t. each input that needs one, in closed form: the epsilons the engine pushes back
 *       through the graphs (DL4J-NOTES.md §3). Gradients are new arrays of the inputs' shape and data type.</li>
 *   <li>Inputs are never modified. All array inputs of one call must share one floating-point data type (float32 in
 *       training, float64 in tests); the computation runs in that type.</li>
 *   <li>A {@code null}, a wrong rank or shape, a data-type mismatch, or a NaN or infinite input raises an
 *       {@link java.lang.IllegalArgumentException} whose message names the argument with its shape and type
 *       ({@link org.dirabench.baselines.loss.InputChecks}). Finite inputs can still give a non-finite loss in float32
 *       (overflow); that result is returned as is and the engine must check {@code Double.isFinite(loss)}.</li>
 * </ul>
 * Every class is checked against the golden files in {@code shared/golden} and by finite differences.
 */
package org.dirabench.baselines.loss;
