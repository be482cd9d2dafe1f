package org.iocity.model.records;

/**
 * Level of service of an urban street segment from its travel speed as a share of its free-flow speed,
 * by the Highway Capacity Manual urban-street thresholds: above 80% A, above 67% B, above 50% C,
 * above 40% D, above 30% E, otherwise F.
 */
public enum LevelOfService {
    A, B, C, D, E, F;

    public static LevelOfService fromSpeedRatio(double speedRatio) {
        if (speedRatio > 0.80) return A;
        if (speedRatio > 0.67) return B;
        if (speedRatio > 0.50) return C;
        if (speedRatio > 0.40) return D;
        if (speedRatio > 0.30) return E;
        return F;
    }

    /** E and F are the levels an operator treats as congested. */
    public boolean congested() {
        return this == E || this == F;
    }
}
