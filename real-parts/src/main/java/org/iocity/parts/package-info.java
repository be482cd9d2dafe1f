/**
 * The real parts on loopback (module {@code real-parts}): a Kafka broker in KRaft mode, Mosquitto (with per-device
 * passwords and ACLs, {@link org.iocity.parts.MqttAuth}) and InfluxDB, each a child process on a free or given port
 * with its data in a given folder. {@code ./ioc up} starts them under {@code .ioc/data}; integration tests start them
 * in a temp folder through {@link org.iocity.parts.LocalStack}. {@link org.iocity.parts.Await} waits on a condition
 * with a deadline.
 */
package org.iocity.parts;
