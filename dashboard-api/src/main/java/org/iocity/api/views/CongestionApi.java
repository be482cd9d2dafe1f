package org.iocity.api.views;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.iocity.api.state.CongestionState;
import org.iocity.model.records.Json;
import org.iocity.model.registry.Registry;

/** {@code GET /api/v1/congestion?ward=&los=}: the live picture as a GeoJSON FeatureCollection. */
public final class CongestionApi {
    private final Registry registry;
    private final CongestionState state;
    private final GeoJson geoJson;

    public CongestionApi(Registry registry, CongestionState state, GeoJson geoJson) {
        this.registry = registry;
        this.state = state;
        this.geoJson = geoJson;
    }

    public void list(RoutingContext ctx) {
        CongestionFilter filter = CongestionFilter.parse(ctx.queryParam("ward"), ctx.queryParam("los"), registry);
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, GeoJson.MEDIA_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(Json.toString(geoJson.featureCollection(state, filter)));
    }
}
