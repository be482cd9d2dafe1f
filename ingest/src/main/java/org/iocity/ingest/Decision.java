package org.iocity.ingest;

import java.util.List;
import org.iocity.model.contract.DeviceContract;

/**
 * What the gateway does with one device message: the records it writes to Kafka — a normalised record, or the
 * message's raw bytes as a dead letter, or (a controller batch with bad events) the normalised record of the good
 * events and one dead letter per bad event. The MQTT message is acknowledged once Kafka took all of them.
 *
 * @param records at least one; the first is the forwarded record when there is one
 * @param seq the device's sequence number of a forwarded record, {@link DeviceContract#NO_SEQ} if it has none or was refused
 * @param vendorCodes event codes outside the Indiana enumeration in the forwarded record, one per event
 */
public record Decision(List<Out> records, long seq, List<Integer> vendorCodes) {

    /** One record to write: to {@code kafkaTopic}, a dead letter when {@code rejected} (with its {@code reason}). */
    public record Out(String kafkaTopic, String key, byte[] value, boolean rejected, String reason) {}

    public Decision {
        if (records.isEmpty()) throw new IllegalArgumentException("a decision writes at least one record");
        records = List.copyOf(records);
        vendorCodes = List.copyOf(vendorCodes);
    }

    public static Decision forward(String kafkaTopic, String key, byte[] value, long seq) {
        return new Decision(List.of(new Out(kafkaTopic, key, value, false, null)), seq, List.of());
    }

    public static Decision deadLetter(String kafkaTopic, String key, byte[] value, String reason) {
        return new Decision(List.of(new Out(kafkaTopic, key, value, true, reason)), DeviceContract.NO_SEQ, List.of());
    }

    private Out first() {
        return records.get(0);
    }

    /** The first record's topic: the forwarded record's, or the dead letters' when nothing was forwarded. */
    public String kafkaTopic() {
        return first().kafkaTopic();
    }

    public String key() {
        return first().key();
    }

    public byte[] value() {
        return first().value();
    }

    /** Whether nothing of the message was forwarded. */
    public boolean rejected() {
        return first().rejected();
    }

    /** The reason of the first dead letter when nothing was forwarded, else null. */
    public String reason() {
        return first().reason();
    }

    /** The dead letters among the records (none, some events of a batch, or the whole message). */
    public List<Out> deadLetters() {
        return records.stream().filter(Out::rejected).toList();
    }
}
