package org.iocity.ingest;

/** What the gateway does with one device message: forward a normalised record, or dead-letter the raw bytes. */
public record Decision(String kafkaTopic, String key, byte[] value, boolean rejected, String reason) {

    public static Decision forward(String kafkaTopic, String key, byte[] value) {
        return new Decision(kafkaTopic, key, value, false, null);
    }

    public static Decision deadLetter(String kafkaTopic, String key, byte[] value, String reason) {
        return new Decision(kafkaTopic, key, value, true, reason);
    }
}
