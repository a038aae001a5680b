/**
 * Datasets in their native layouts and the classification tasks made from them: the common records
 * ({@link org.dirabench.datasets.tasks.ImageRecord}, {@link org.dirabench.datasets.tasks.ClassificationTask}) and
 * one class per dataset ({@link org.dirabench.datasets.tasks.ChestXray14}; CheXpert, SIIM-ACR, … follow the same
 * pattern, described on {@code ClassificationTask}).
 */
package org.dirabench.datasets.tasks;
