package org.iocity.api.config;

import java.net.URI;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;

/**
 * The settings of what {@link org.iocity.api.DashboardApp} adds around the core API: the MQTT broker that takes signal plans, the
 * audit records kept in memory and the wall's tile background.
 *
 * @param mqttUrl      {@code mqtt.url}, default {@code tcp://127.0.0.1:1883}
 * @param mqttUsername {@code mqtt.username}, optional
 * @param mqttPassword {@code mqtt.password}, optional
 * @param auditKeep    {@code api.audit.keep}, default 100: audit records kept in memory per signal controller
 * @param wallTiles    {@code api.wall.tiles}, optional: a tile URL template ({@code {z}/{x}/{y}}) drawn behind the
 *                     wall's map; unset, the wall needs no network but the API
 */
public record DeploymentSettings(String mqttUrl, String mqttUsername, String mqttPassword, int auditKeep, String wallTiles) {
    public static DeploymentSettings from(IocConfig c) {
        String url = c.string("mqtt.url", "tcp://127.0.0.1:1883");
        try {
            String scheme = URI.create(url).getScheme();
            if (!("tcp".equals(scheme) || "ssl".equals(scheme))) throw new IllegalArgumentException();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad " + IocConfig.envName("mqtt.url") + " " + url + ": expected tcp://host:port or ssl://host:port");
        }
        String tiles = c.string("api.wall.tiles", "");
        if (!tiles.isBlank() && !(tiles.contains("{z}") && tiles.contains("{x}") && tiles.contains("{y}"))) {
            throw new ConfigException("bad " + IocConfig.envName("api.wall.tiles") + ": a tile URL template needs {z}, {x} and {y}");
        }
        return new DeploymentSettings(url, c.has("mqtt.username") ? c.string("mqtt.username") : null,
                c.has("mqtt.password") ? c.string("mqtt.password") : null,
                c.integer("api.audit.keep", 100, 1, 100_000), tiles.isBlank() ? null : tiles);
    }
}
