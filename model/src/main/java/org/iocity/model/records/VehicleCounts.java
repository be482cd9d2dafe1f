package org.iocity.model.records;

/**
 * Vehicles by class, as the camera contract's {@code byClass} object. Motorbikes come first: they are
 * most of Ho Chi Minh City's traffic.
 */
public record VehicleCounts(long motorbike, long car, long bus, long truck, long bicycle) {

    public static final VehicleCounts ZERO = new VehicleCounts(0, 0, 0, 0, 0);

    public long total() {
        return motorbike + car + bus + truck + bicycle;
    }

    public VehicleCounts plus(VehicleCounts other) {
        return new VehicleCounts(motorbike + other.motorbike, car + other.car, bus + other.bus,
                truck + other.truck, bicycle + other.bicycle);
    }

    /** Each class scaled by {@code factor} and rounded, e.g. counts in a window to vehicles per hour. */
    public VehicleCounts scaled(double factor) {
        return new VehicleCounts(Math.round(motorbike * factor), Math.round(car * factor), Math.round(bus * factor),
                Math.round(truck * factor), Math.round(bicycle * factor));
    }
}
