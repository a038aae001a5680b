package org.dirabench.harness.spec;

import java.util.List;

/**
 * A pretraining method as a spec names it: the self-supervised baseline, and the DiRA variant on top of it.
 * {@code moco_v2} → (moco_v2, none); {@code dira_moco_v2} → (moco_v2, dis+res+adv), DiRA's full two-stage recipe;
 * {@code dira_moco_v2:dis+res} → (moco_v2, dis+res), the restoration-only ablation (stage 1 alone);
 * {@code random_init} → no pretraining.
 *
 * @param baseline the self-supervised method id
 * @param dira     {@code none}, {@code dis+res} or {@code dis+res+adv}
 */
public record MethodId(String baseline, String dira) {
    /** Self-supervised baselines with an implementation in this version. */
    public static final List<String> BASELINES = List.of("moco_v2");

    /**
     * @param s a spec method name
     * @return the parsed id
     * @throws IllegalArgumentException for an unknown name, naming the known ones
     */
    public static MethodId parse(String s) {
        if ("random_init".equals(s)) {
            return new MethodId("random_init", "none");
        }
        String name = s;
        String variant = null;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            name = s.substring(0, colon);
            variant = s.substring(colon + 1);
        }
        boolean dira = name.startsWith("dira_");
        String base = dira ? name.substring(5) : name;
        if (!BASELINES.contains(base)) {
            throw new IllegalArgumentException("unknown method '" + s + "': expected one of " + BASELINES
                    + ", each optionally as dira_<method> or dira_<method>:dis+res, or random_init");
        }
        if (!dira) {
            if (variant != null) {
                throw new IllegalArgumentException("method '" + s + "': a variant needs the dira_ prefix");
            }
            return new MethodId(base, "none");
        }
        String v = variant == null ? "dis+res+adv" : variant;
        if (!List.of("dis+res", "dis+res+adv").contains(v)) {
            throw new IllegalArgumentException("method '" + s + "': DiRA variant must be dis+res or dis+res+adv");
        }
        return new MethodId(base, v);
    }

    /** @return the settings section holding the baseline's own options ({@code moco} for MoCo v2) */
    public String settingsSection() {
        return switch (baseline) {
            case "moco_v2" -> "moco";
            default -> baseline;
        };
    }

    /** @return whether this is a DiRA variant */
    public boolean isDira() {
        return !"none".equals(dira);
    }

    /** @return a file-name-safe label, e.g. {@code dira_moco_v2-dis_res_adv} */
    public String label() {
        return isDira() ? "dira_" + baseline + "-" + dira.replace('+', '_') : baseline;
    }
}
