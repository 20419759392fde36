package io.mayfly.benchmarks.availability;

import java.util.Locale;

/**
 * Which of the proxy's keep-alive mechanisms a configuration turns on: warm-up is on in all four
 * (it is what keeps idle instances from being reclaimed, as in InfiniCache), backup and repair vary.
 */
public enum Mechanisms {
    NONE(false, false, "no backup, no repair"),
    BACKUP(true, false, "backup only"),
    REPAIR(false, true, "repair only"),
    BOTH(true, true, "backup and repair");

    private final boolean backup;
    private final boolean repair;
    private final String description;

    Mechanisms(boolean backup, boolean repair, String description) {
        this.backup = backup;
        this.repair = repair;
        this.description = description;
    }

    public boolean backup() {
        return backup;
    }

    public boolean repair() {
        return repair;
    }

    public String description() {
        return description;
    }

    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Mechanisms ofOption(String option) {
        for (Mechanisms m : values()) {
            if (m.option().equals(option.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("configuration '" + option + "' is not one of none, backup, repair, both");
    }
}
