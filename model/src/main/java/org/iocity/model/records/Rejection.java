package org.iocity.model.records;

/** A refusal with its reason; thrown by validators, turned into a {@link DeadLetter} by the gateway. */
public final class Rejection extends Exception {
    private static final long serialVersionUID = 1L;
    private final RejectReason reason;
    private final String detail;

    public Rejection(RejectReason reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
        this.detail = detail;
    }

    public RejectReason reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }
}
