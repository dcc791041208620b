package io.rally.gate.internal.session;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rally.gate.internal.metrics.GateMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The open connections by id: ids handed out, look-ups, and a close that is forgotten once. */
class ConnectionRegistryTest {

	private final ConnectionRegistry registry = new ConnectionRegistry(new GateMetrics(new SimpleMeterRegistry()),
			5000);

	private final List<EmbeddedChannel> channels = new ArrayList<>();

	@AfterEach
	void release() {
		this.channels.forEach(EmbeddedChannel::finishAndReleaseAll);
	}

	@Test
	void eachConnectionGetsItsOwnIdAndCanBeFound() {
		Session first = open();
		Session second = open();
		assertThat(first.id()).isNotEqualTo(second.id());
		assertThat(second.transport()).isEqualTo("tcp");
		assertThat(this.registry.get(first.id())).isSameAs(first);
		assertThat(this.registry.find(second.id())).containsSame(second);
		assertThat(this.registry.find(second.id() + 100)).isEmpty();
		assertThat(this.registry.count()).isEqualTo(2);
	}

	@Test
	void aClosedConnectionIsForgottenOnceAndItsIdNeverReused() {
		Session session = open();
		assertThat(this.registry.remove(session)).isTrue();
		assertThat(this.registry.remove(session)).isFalse();
		assertThat(this.registry.get(session.id())).isNull();
		assertThat(this.registry.count()).isZero();
		assertThat(open().id()).isGreaterThan(session.id());
	}

	@Test
	void outboundTotalsAreZeroWhenEverythingWasFlushed() {
		Session session = open();
		session.send(io.rally.protocol.Packet.oneWay(1, new byte[] { 1, 2, 3 }));
		this.channels.get(0).runPendingTasks();
		assertThat(this.registry.queuedPackets()).isZero();
		assertThat(this.registry.pendingBytes()).isZero();
		assertThat((Object) this.channels.get(0).readOutbound()).isNotNull();
	}

	private Session open() {
		EmbeddedChannel channel = new EmbeddedChannel();
		this.channels.add(channel);
		return this.registry.open(channel, "tcp");
	}

}
