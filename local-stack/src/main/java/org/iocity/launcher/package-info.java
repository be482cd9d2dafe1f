/**
 * {@code ./ioc up} (module {@code local-stack}): {@link org.iocity.launcher.Launcher} starts the real parts and the
 * services of {@link org.iocity.launcher.ServiceCommands} on loopback; the demo secrets of {@code ./ioc up} and
 * {@code ./ioc tokens} are in {@link org.iocity.launcher.secrets}.
 */
package org.iocity.launcher;
