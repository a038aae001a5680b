package org.dirabench.reports.results;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The names a reader sees for methods, DiRA variants, tasks and metrics, following the paper's spelling
 * ("MoCo v2", "DiRA_MoCo-v2") and the conventions of {@code docs/FORMATS.md}; also the order rows and columns are
 * printed in. Ids that are not listed here are shown as they are and sorted after the known ones.
 */
public final class DisplayNames {
    /** Methods in the order of the paper's tables, {@code random_init} first. */
    public static final List<String> METHOD_ORDER = List.of("random_init", "moco_v2", "barlow_twins", "simsiam",
            "transvw");
    /** DiRA variants, baseline first. */
    public static final List<String> DIRA_ORDER = List.of("none", "dis+res", "dis+res+adv");
    /** Tasks, 2D then 3D, in the paper's order. */
    public static final List<String> TASK_ORDER = List.of("chestxray14", "chestxray14_abnormal", "chexpert",
            "siim_acr", "montgomery", "luna16", "lidc_idri", "pe_cad", "lits", "brats");

    private static final Map<String, String> BASELINE = Map.of("random_init", "Random init", "moco_v2", "MoCo v2",
            "barlow_twins", "Barlow Twins", "simsiam", "SimSiam", "transvw", "TransVW");
    /** The suffix after {@code DiRA_} in the paper's names. */
    private static final Map<String, String> DIRA_SUFFIX = Map.of("moco_v2", "MoCo-v2", "barlow_twins",
            "BarlowTwins", "simsiam", "SimSiam", "transvw", "TransVW");
    private static final Map<String, String> TASK = Map.ofEntries(Map.entry("chestxray14", "ChestX-ray14"),
            Map.entry("chestxray14_abnormal", "ChestX-ray14 normal/abnormal"), Map.entry("chexpert", "CheXpert"),
            Map.entry("siim_acr", "SIIM-ACR"), Map.entry("montgomery", "Montgomery"),
            Map.entry("luna16", "LUNA16 (NCC)"), Map.entry("lidc_idri", "LIDC-IDRI (NCS)"),
            Map.entry("pe_cad", "PE-CAD (ECC)"), Map.entry("lits", "LiTS (LCS)"), Map.entry("brats", "BraTS (BMS)"));

    private DisplayNames() {
    }

    /**
     * @param method a method id
     * @param dira a DiRA variant
     * @return "MoCo v2", "DiRA_MoCo-v2", "DiRA_MoCo-v2 (dis+res)", "Random init", ...
     */
    public static String method(String method, String dira) {
        if (ResultRow.NO_DIRA.equals(dira)) {
            return BASELINE.getOrDefault(method, method);
        }
        String name = "DiRA_" + DIRA_SUFFIX.getOrDefault(method, method);
        return "dis+res+adv".equals(dira) ? name : name + " (" + dira + ")";
    }

    /** @return the baseline's name, e.g. "MoCo v2" for {@code moco_v2} */
    public static String baseline(String method) {
        return BASELINE.getOrDefault(method, method);
    }

    /** @return the task's name, e.g. "ChestX-ray14" */
    public static String task(String task) {
        return TASK.getOrDefault(task, task);
    }

    /** @return "AUC", "Dice", "IoU", or "AUC: Hernia" for a per-class metric */
    public static String metric(String metric) {
        int colon = metric.indexOf(':');
        String head = colon < 0 ? metric : metric.substring(0, colon);
        String name = switch (head) {
            case "auc" -> "AUC";
            case "dice" -> "Dice";
            case "iou" -> "IoU";
            default -> head.toUpperCase(Locale.ROOT);
        };
        return colon < 0 ? name : name + ": " + metric.substring(colon + 1);
    }

    /**
     * @param order the known ids in order
     * @param id an id
     * @return its position, or {@code order.size()} when unknown (so unknown ids sort last)
     */
    public static int rank(List<String> order, String id) {
        int i = order.indexOf(id);
        return i < 0 ? order.size() : i;
    }
}
