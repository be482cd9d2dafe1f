package org.iocity.model.records;

import java.time.Instant;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.kafka.Topics;

/**
 * A device's status ({@code ioc/v1/{type}/{id}/status}, retained, also its last will), validated against the
 * registry. Written to {@link Topics#DEVICE_STATUS}, keyed by device id.
 *
 * @param seq the device's sequence number, or {@link DeviceContract#NO_SEQ} when the message had none (a last will)
 * @param state {@code online} or {@code offline}
 * @param firmware firmware version, when given
 * @param battery battery charge in percent 0..100, when given
 * @param eventTime the message's {@code ts}, or the time it was received when it had none (a last will)
 */
public record DeviceStatus(String deviceId, long seq, String type, String state, String firmware, Double battery,
                           Instant eventTime, Instant receivedAt, String ward) {
}
