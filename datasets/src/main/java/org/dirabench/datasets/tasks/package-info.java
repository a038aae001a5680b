/**
 * The target tasks: each dataset read in place from its native layout, with its labels, its official (or a
 * documented) split and its metric, given to the harness in one of four shapes, all {@link
 * org.dirabench.datasets.tasks.TargetTask}s ({@code id()}, {@code data()}, {@code metric()}, {@code split()},
 * {@code splitNote()}, patients):
 *
 * <table>
 * <caption>Task shapes</caption>
 * <tr><th>shape</th><th>sample</th><th>metric</th><th>batches</th></tr>
 * <tr><td>{@link org.dirabench.datasets.tasks.ClassificationTask}</td><td>{@link
 *     org.dirabench.datasets.tasks.ImageRecord}</td><td>AUC (mean over the evaluated labels)</td><td>{@code
 *     ClassificationLoader.builder(task, part, S, N, views)}: [N, 3, S, S], labels [N, L]</td></tr>
 * <tr><td>{@link org.dirabench.datasets.tasks.SegmentationTask2d}</td><td>{@link
 *     org.dirabench.datasets.tasks.MaskedImage} ({@code read(channels)}: image [C, H, W], mask [1, H, W])</td>
 *     <td>Dice</td><td>{@code SegmentationLoader2d.builder(part, S, N, views)}: [N, 3, S, S], masks
 *     [N, 1, S, S]</td></tr>
 * <tr><td>{@link org.dirabench.datasets.tasks.ClassificationTask3d}</td><td>{@link
 *     org.dirabench.datasets.tasks.Candidate}</td><td>AUC</td><td>{@code CubeLoader.candidates(task, part, cube, N,
 *     mode)}: [N, 1, D, H, W], labels [N, 1]</td></tr>
 * <tr><td>{@link org.dirabench.datasets.tasks.SegmentationTask3d}</td><td>{@link
 *     org.dirabench.datasets.tasks.MaskedVolume}</td><td>IoU</td><td>{@code CubeLoader.segmentation(task, part, cube,
 *     N, mode)}: [N, 1, D, H, W], masks and weights [N, 1, D, H, W]</td></tr>
 * </table>
 *
 * <table>
 * <caption>Tasks (factory → task; REFERENCE.md §3)</caption>
 * <tr><th>task id</th><th>class, factory</th><th>split</th><th>data</th></tr>
 * <tr><td>chestxray14, chestxray14_abnormal</td><td>{@code ChestXray14.open(folder).findings()/.abnormal()}</td>
 *     <td>BTL lists, NIH lists or seeded patient split</td><td>real; stand-in:nih1000</td></tr>
 * <tr><td>chexpert</td><td>{@code CheXpert.open(folder).task()}</td><td>train.csv → train/val (patient-disjoint,
 *     0.1, seed 0); test = shipped valid.csv</td><td>real</td></tr>
 * <tr><td>siim_acr</td><td>{@code SiimAcr.open(folder).task()}</td><td>seeded patient split (test 0.2, val 0.1,
 *     seed 0)</td><td>real</td></tr>
 * <tr><td>montgomery</td><td>{@code Montgomery.open(folder).task()}; {@code CovidLungMasks.open(folder).task()}</td>
 *     <td>seeded patient split (test 0.2, val 0.1, seed 0)</td><td>real; stand-in:covid-lungvae</td></tr>
 * <tr><td>pneumoniamnist</td><td>{@code PneumoniaMnist.open(folder, variant).task()}</td><td>MedMNIST's, as
 *     shipped</td><td>stand-in:pneumoniamnist-official / -balanced</td></tr>
 * <tr><td>luna16</td><td>{@code Luna16.open(folder).task()}; {@code Luna16.fromLidc(case, options).task()}</td>
 *     <td>subsets 0-4 / 5-6 / 7-9</td><td>real; stand-in:lidc-idri-0001</td></tr>
 * <tr><td>lidc_idri</td><td>{@code LidcIdri.open(folder, options).task()}; {@code
 *     LidcIdri.openModelsGenesisCubes(folder)}</td><td>seeded patient split; MG's arrays as shipped</td>
 *     <td>real</td></tr>
 * <tr><td>lits</td><td>{@code Lits.open(folder).task()}; {@code Lits.fromTotalSegmentator(folder).task()}</td>
 *     <td>volumes 0-99 / 100-114 / 115-129</td><td>real; stand-in:totalseg-abdomen-liver</td></tr>
 * <tr><td>brats</td><td>{@code Brats.open(folder, options).task()}</td><td>MG fold_1..3, Random(4)</td><td>real;
 *     stand-in:brats2023-gli-example (unlabelled)</td></tr>
 * <tr><td>pe_cad</td><td>{@code PeCad.open(folder, options).task()}; {@code PeCad.fromTotalSegmentatorCta(folder,
 *     options).task()}</td><td>3-fold CV</td><td>real; stand-in:totalseg-cta-pulmonary</td></tr>
 * </table>
 *
 * <h2>Common rules</h2>
 * Bad input throws an {@link java.io.IOException} (often {@link org.dirabench.datasets.io.ImageFormatException})
 * naming the file and the line, column, field or voxel at fault: a wrong or missing CSV column, a label outside the
 * known set, an empty dataset folder, a volume or mask of another size than its image. What a reader finds but does
 * not use (a CSV row whose image is missing, an image without a row, a scan in no subset, negatives subsampled, small
 * nodules…) is never dropped silently: it is counted and logged per reason ({@link
 * org.dirabench.datasets.tasks.LeftOut}, each class's {@code leftOut()}); a class's strict option turns a missing
 * file into an error naming the CSV line. Splits are checked patient-disjoint ({@link
 * org.dirabench.datasets.split.Split#requirePatientDisjoint()}) except where a stand-in holds one patient, which its
 * {@code splitNote()} says ("NOT patient-disjoint").
 *
 * <h2>Decisions on the points the reference leaves open</h2>
 * <ul>
 *   <li><b>CheXpert</b>: "test" is the shipped {@code valid.csv} (CheXpert's test set is not public; which split BTL
 *       used is NOT FOUND, REFERENCE.md §3.1); validation is 0.1 of {@code train.csv}, patient-disjoint, seed 0.
 *       Uncertainty: BTL's default LSR-Ones; records store the hard (binary) value so evaluation AUC is defined, and
 *       the task's {@link org.dirabench.datasets.tasks.SampleLabels} re-draws U(0.55, 0.85) at each training load,
 *       seeded by (seed, epoch, position) (BTL draws from Python's unseeded global generator, and for val and test
 *       too). Frontal and lateral images are kept, as BTL.</li>
 *   <li><b>SIIM-ACR</b>: masks from the challenge's own {@code train-rle.csv} (union of an image's rows); patients
 *       from the DICOM Patient ID; split seeded patient-disjoint, test 0.2, val 0.1, seed 0 (the paper's is not
 *       published, §4.5).</li>
 *   <li><b>Montgomery</b>: mask = {@code leftMask} ∪ {@code rightMask}; split seeded patient-disjoint, test 0.2,
 *       val 0.1, seed 0.</li>
 *   <li><b>LUNA16</b>: all negatives by default ({@code negativeFraction} keeps a seeded fraction, MG's sampling of
 *       its prepared cubes being unpublished); cubes are cut in voxels, not resampled to isotropic spacing.</li>
 *   <li><b>LUNA16 stand-in</b> (LIDC-IDRI-0001): positives are the nodules LUNA16 would accept (≥ 3 mm, ≥ 3 of 4
 *       readers: the one 23-25 mm nodule), 8 candidates each (centroid + seeded offsets up to a quarter diameter);
 *       negatives are every other reader mark (small nodules, {@code nonNodule}s) and 64 random tissue locations
 *       (> -950 HU) at least 15 mm + the largest nodule radius from every mark; candidates split at random,
 *       positives and negatives separately (val 0.25, test 0.25): not patient-disjoint.</li>
 *   <li><b>LIDC-IDRI</b>: consensus k = 2 of 4 by default (option 1-4), nodules under 3 mm left out, one sample per
 *       nodule centred on its consensus centroid; native-layout split seeded patient-disjoint (MG's NCS patient
 *       lists are not published; its prepared arrays are read as shipped by {@code openModelsGenesisCubes}).</li>
 *   <li><b>LiTS</b>: volume 130 is outside MG's lists and left out; volumes used at their own resolution (MG's were
 *       256 × 256 in plane). Stand-in: one TotalSegmentator CT, liver slice range cut at 60 % / 80 % into
 *       train / val / test bands of the same scan.</li>
 *   <li><b>BraTS</b>: FLAIR (TransVW's BMS), whole tumour by default (core, enhancing as options); without MG's fold
 *       files the cases are dealt into three folds after a seeded shuffle and MG's Random(4) rule follows. The real
 *       2023 example has no labels: it tests the loading path only.</li>
 *   <li><b>PE-CAD</b> (not public): this package defines its layout, {@code candidates.csv} (candidate_id,
 *       patient_id, volume, coord_x, coord_y, coord_z in LPS mm, label) + volume files + optional MG-style
 *       {@code train_cv-K.csv}/{@code val_cv-K.csv}/{@code test_cv-K.csv}; without lists, patients are dealt into
 *       three folds (seeded), test = fold K, val = first len // 8 of the rest. Stand-in: the real CTA crop with its
 *       model-made pulmonary-artery mask; positives in the artery, negatives ≥ 6 mm away, folds = three slice bands
 *       (not patient-disjoint; no embolus exists in that scan).</li>
 * </ul>
 *
 * <h2>Stand-ins</h2>
 * Each is marked in {@code data()} and its class Javadoc says what it can and cannot stand in for: NIH1000
 * (ChestX-ray14 subset), PneumoniaMNIST (a real small 2D classification set, its own task), the COVID-19 images with
 * lungVAE masks (Montgomery's loading and Dice path; model-made masks), LIDC-IDRI-0001 (LIDC for real; LUNA16's
 * content), TotalSegmentator abdomen CT (LiTS liver path; model-made mask, one patient), TotalSegmentator CTA crop
 * (PE-CAD input path; no emboli), the BraTS 2023 example (BraTS loading path; no labels).
 */
package org.dirabench.datasets.tasks;
