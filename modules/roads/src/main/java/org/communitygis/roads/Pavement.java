package org.communitygis.roads;

/** Pavement kinds the PCI standards distinguish. */
public enum Pavement {
    /** Asphalt (沥青) pavement, including chip seal. */
    ASPHALT,
    /** Cement concrete (水泥混凝土) pavement. */
    CEMENT;

    /** Returns the key prefix of this pavement in the standards' data files. */
    String key() {
        return this == ASPHALT ? "asphalt" : "cement";
    }

    /**
     * Returns the pavement of a normalized OSM surface tag ({@link Surfaces#normalize}): asphalt and chipseal
     * are asphalt, concrete and its plates and lanes forms are cement, anything else has no PCI and gives null.
     */
    static Pavement ofSurface(String surfaceTag) {
        if (surfaceTag == null) {
            return null;
        }
        if (surfaceTag.equals("asphalt") || surfaceTag.equals("chipseal")) {
            return ASPHALT;
        }
        return surfaceTag.startsWith("concrete") ? CEMENT : null;
    }
}
