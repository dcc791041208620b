package io.rally.protocol.transport;

import io.netty.buffer.ByteBufAllocator;
import io.rally.protocol.KcpSettings;
import kcp.Kcp;
import kcp.KcpOutput;

/**
 * Sets up the KCP state machine of one conversation from {@link KcpSettings}. The client and
 * the gate both start theirs here, so that the two ends translate the same settings into the
 * same calls of the KCP reference API. Needs {@code kcp-base} on the class path, which
 * common-protocol declares optional: only the modules that speak KCP bring it. Stateless.
 */
public final class KcpConversations {

	private KcpConversations() {
	}

	/**
	 * A new KCP state machine for conversation {@code conv}, tuned by {@code settings}, that
	 * allocates from {@code allocator} and hands the datagrams it sends to {@code output}. The
	 * caller drives its clock, runs it on one thread and releases it.
	 */
	public static Kcp newKcp(int conv, KcpSettings settings, KcpOutput output, ByteBufAllocator allocator) {
		Kcp kcp = new Kcp(conv, output);
		// The reference's last nodelay argument (nc) turns congestion control off.
		kcp.nodelay(settings.noDelay(), (int) settings.interval().toMillis(), settings.fastResend(),
				!settings.congestionControl());
		kcp.setSndWnd(settings.sendWindow());
		kcp.setRcvWnd(settings.receiveWindow());
		kcp.setMtu(settings.mtu());
		kcp.setByteBufAllocator(allocator);
		return kcp;
	}

}
