/**
 * Netty pipeline support shared by the client SDK's transports and the gate's: TLS handshake
 * gating ({@link io.rally.protocol.transport.AbstractTlsHandshakeHandler}) and the KCP
 * conversation set-up ({@link io.rally.protocol.transport.KcpConversations}). Building blocks
 * for those two modules, not an API for applications; the wire codec is in
 * {@link io.rally.protocol.codec}.
 */
package io.rally.protocol.transport;
