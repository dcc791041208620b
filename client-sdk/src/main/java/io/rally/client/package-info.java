/**
 * A Java client for Rally gates: {@link io.rally.client.RallyClient} and what it reports.
 * Nothing here exposes Netty; the transports live in {@code io.rally.client.internal}.
 */
package io.rally.client;
