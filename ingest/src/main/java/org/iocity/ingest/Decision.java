package org.iocity.ingest;

import org.iocity.model.contract.DeviceContract;

/**
 * What the gateway does with one device message: forward a normalised record, or dead-letter the raw bytes.
 *
 * @param seq the device's sequence number of a forwarded record, {@link DeviceContract#NO_SEQ} if it has none or was refused
 */
public record Decision(String kafkaTopic, String key, byte[] value, boolean rejected, String reason, long seq) {

    public static Decision forward(String kafkaTopic, String key, byte[] value, long seq) {
        return new Decision(kafkaTopic, key, value, false, null, seq);
    }

    public static Decision deadLetter(String kafkaTopic, String key, byte[] value, String reason) {
        return new Decision(kafkaTopic, key, value, true, reason, DeviceContract.NO_SEQ);
    }
}
