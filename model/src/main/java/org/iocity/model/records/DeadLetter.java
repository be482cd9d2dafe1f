package org.iocity.model.records;

import java.time.Instant;
import java.util.Base64;
import org.iocity.model.kafka.Topics;

/**
 * Input the system could not accept, kept whole with the reason it was refused. Written to
 * {@link Topics#DEADLETTER}, keyed by device id when one could be read, else by source topic.
 *
 * @param source where it came from: {@code mqtt} or {@code http}
 * @param topic the MQTT topic or HTTP path it arrived on
 * @param deviceId the device it names, when that could be read
 * @param reason a stable machine-readable reason
 * @param detail a human-readable explanation (which field, which value, which limit)
 * @param payloadBase64 the raw bytes exactly as received
 * @param payloadSize the size of the raw payload, in bytes
 */
public record DeadLetter(
        String source,
        String topic,
        String deviceId,
        RejectReason reason,
        String detail,
        Instant receivedAt,
        String payloadBase64,
        int payloadSize) {

    public static DeadLetter of(String source, String topic, String deviceId, Rejection rejection,
                                byte[] payload, Instant receivedAt) {
        return new DeadLetter(source, topic, deviceId, rejection.reason(), rejection.detail(), receivedAt,
                Base64.getEncoder().encodeToString(payload), payload.length);
    }

    public byte[] payload() {
        return Base64.getDecoder().decode(payloadBase64);
    }
}
