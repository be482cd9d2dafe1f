package org.iocity.api.views;

import org.iocity.api.live.LiveHub;
import org.iocity.api.live.LiveProtocol;
import org.iocity.api.signals.AuditTrail;
import org.iocity.api.state.CongestionState;
import org.iocity.api.state.LiveApplier;
import org.iocity.api.state.PlanAuditRecord;
import org.iocity.api.state.ResultState;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.Json;

/**
 * What the live state's changes look like on the wire: a segment's feature (or a small confirmation), or a channel's
 * view of a changed record ({@link LiveViews#update}), broadcast on the {@link LiveHub}; plan changes are also
 * remembered by the {@link AuditTrail}. The output of the {@link LiveApplier}; lives on the hub's event loop.
 */
public final class LivePush implements LiveApplier.Output {
    private final LiveHub hub;
    private final GeoJson geoJson;
    private final LiveViews views;
    private final AuditTrail audit;

    public LivePush(LiveHub hub, GeoJson geoJson, LiveViews views, AuditTrail audit) {
        this.hub = hub;
        this.geoJson = geoJson;
        this.views = views;
        this.audit = audit;
    }

    @Override
    public void batched(Runnable apply) {
        hub.batched(apply);
    }

    /**
     * The whole feature, or, for a final result that only confirms the provisional one the wall has, a small
     * confirmation (under a key of its own, so coalescing for a slow client never puts it in the place of a feature).
     */
    @Override
    public void segment(CongestionResult r, boolean provisional, CongestionState.Change change) {
        switch (change) {
            case NEW -> hub.broadcast(LiveProtocol.CONGESTION, r.segmentId(),
                    () -> geoJson.featureJson(r, provisional).orElse(null));
            case CONFIRMED -> hub.broadcast(LiveProtocol.CONGESTION, r.segmentId() + LiveProtocol.CONFIRMED_KEY_SUFFIX,
                    () -> Json.toString(LiveProtocol.confirmation(r.segmentId(), r.windowEnd())));
            case NONE -> { }
        }
    }

    @Override
    public void changed(ResultState.Push p) {
        hub.broadcast(p.channel(), p.key(), () -> {
            var data = views.update(p);
            return data == null ? null : Json.toString(data);
        });
    }

    @Override
    public void planChange(PlanAuditRecord record) {
        audit.remember(record);
    }
}
