package org.iocity.model.records;

/** Why an input was refused; each is counted and carried by its dead-letter record. */
public enum RejectReason {
    MALFORMED_JSON,
    OVERSIZE,
    UNSUPPORTED_VERSION,
    MISSING_FIELD,
    WRONG_TYPE,
    OUT_OF_RANGE,
    UNKNOWN_DEVICE,
    DEVICE_MISMATCH,
    UNKNOWN_TOPIC,
    /** Events of a batch not in time order. */
    OUT_OF_ORDER,
    /** HTTP: a missing or wrong API key (the key itself is never recorded). */
    UNAUTHORIZED,
    /** Open311: a service code the catalogue does not list. */
    UNKNOWN_SERVICE,
    /** HTTP: a body in a format the endpoint does not read (415). */
    UNSUPPORTED_MEDIA_TYPE
}
