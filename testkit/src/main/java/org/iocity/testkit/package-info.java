/**
 * The shared test kit (module {@code testkit}, a test-scoped dependency): device messages of the contract
 * ({@link org.iocity.testkit.DeviceMessages}), an MQTT device ({@link org.iocity.testkit.DeviceClient}), a Kafka
 * writer and reader for tests ({@link org.iocity.testkit.TopicWriter}, {@link org.iocity.testkit.TopicReader}). It
 * brings the real parts ({@link org.iocity.parts.LocalStack}) with it.
 */
package org.iocity.testkit;
