package org.iocity.ingest.open311;

import java.nio.file.Path;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;

/**
 * Settings of the Open311 intake and the back-office event endpoints, checked once at start.
 *
 * @param host {@code ingest.open311.host} (default 127.0.0.1)
 * @param port {@code ingest.open311.port} (default 8091; 0 picks a free port)
 * @param keysFile {@code ingest.open311.keys.file}: API keys, {@code sha256hex role name} per line (required)
 * @param servicesFile {@code ingest.open311.services.file} (default config/open311-services.json)
 * @param holidaysFile {@code calendar.holidays.file} (default config/holidays-vn.json): public holidays for due times
 * @param maxBodyBytes {@code ingest.open311.max.body.bytes} (default 64 KB): larger bodies get 413
 * @param viewSize {@code ingest.open311.view.size} (default 100000): complaints kept for GET requests/{id}
 * @param wardRadiusM {@code ingest.open311.ward.radius.m} (default 2000): how far the nearest registry point may be
 * @param jurisdictionId {@code ingest.open311.jurisdiction.id} (default tphcm.gov.vn): the GeoReport jurisdiction_id
 *        this intake serves; a request naming another gets 404
 */
public record Open311Settings(String host, int port, Path keysFile, Path servicesFile, Path holidaysFile,
                              int maxBodyBytes, int viewSize,
                              double wardRadiusM, String jurisdictionId) {

    public static final String KEYS_FILE = "ingest.open311.keys.file";
    public static final String HOLIDAYS_FILE = "calendar.holidays.file";
    /** The city's web root without www, as GeoReport suggests for a jurisdiction_id. */
    public static final String DEFAULT_JURISDICTION = "tphcm.gov.vn";

    public static Open311Settings from(IocConfig config) {
        if (!config.has(KEYS_FILE)) {
            throw new ConfigException("missing setting " + KEYS_FILE + ": set " + IocConfig.envName(KEYS_FILE)
                    + " to a file of `sha256hex role name` lines (./ioc up writes .ioc/open311-keys)");
        }
        return new Open311Settings(
                config.string("ingest.open311.host", "127.0.0.1"),
                config.port("ingest.open311.port", 8091),
                Path.of(config.string(KEYS_FILE)),
                Path.of(config.string("ingest.open311.services.file", "config/open311-services.json")),
                Path.of(config.string(HOLIDAYS_FILE, "config/holidays-vn.json")),
                config.integer("ingest.open311.max.body.bytes", 64 * 1024, 1024, 16 * 1024 * 1024),
                config.integer("ingest.open311.view.size", 100_000, 10, 10_000_000),
                config.decimal("ingest.open311.ward.radius.m", 2000, 0, 50_000),
                config.string("ingest.open311.jurisdiction.id", DEFAULT_JURISDICTION));
    }
}
