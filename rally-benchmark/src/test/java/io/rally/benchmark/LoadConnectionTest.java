package io.rally.benchmark;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.channel.embedded.EmbeddedChannel;
import io.rally.protocol.Heartbeat;
import io.rally.protocol.Packet;

import static org.assertj.core.api.Assertions.assertThat;

class LoadConnectionTest {

	private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(5);

	private final byte[] payload = { 1, 2, 3 };

	private final LoadRun run = new LoadRun(TIMEOUT);

	private final LoadConnection connection = new LoadConnection(this.run, false, 9, this.payload, 3, TIMEOUT);

	private final EmbeddedChannel channel = new EmbeddedChannel(this.connection);

	@Test
	void keepsExactlyOneRequestInFlight() {
		assertThat(this.connection.ready().isSuccess()).isTrue();
		this.connection.start();
		Packet first = this.channel.readOutbound();
		assertThat(first.route()).isEqualTo(9);
		assertThat(first.seq()).isEqualTo(1);
		assertThat(first.payload()).isSameAs(this.payload);
		assertThat((Object) this.channel.readOutbound()).isNull();

		this.channel.writeInbound(new Packet(9, 1, new byte[] { 1, 2, 3 }));
		Packet second = this.channel.readOutbound();
		assertThat(second.seq()).isEqualTo(2);
		assertThat(this.run.recorder.getIntervalHistogram().getTotalCount()).isEqualTo(1);
		assertThat(this.run.errors()).isZero();
	}

	@Test
	void seqWrapsAroundSkippingZero() {
		this.connection.start();
		for (int expected : new int[] { 1, 2, 3, 1 }) {
			Packet request = this.channel.readOutbound();
			assertThat(request.seq()).isEqualTo(expected);
			this.channel.writeInbound(new Packet(9, request.seq(), this.payload));
		}
	}

	@Test
	void timedOutRequestIsCountedAndTheNextOneSent() {
		this.connection.start();
		Packet first = this.channel.readOutbound();
		this.connection.checkTimeout(System.nanoTime());
		assertThat((Object) this.channel.readOutbound()).isNull();

		this.connection.checkTimeout(System.nanoTime() + TIMEOUT + 1);
		assertThat(this.run.timeouts.sum()).isEqualTo(1);
		Packet second = this.channel.readOutbound();
		assertThat(second.seq()).isEqualTo(2);

		this.channel.writeInbound(new Packet(9, first.seq(), this.payload));
		assertThat(this.run.lateResponses.sum()).isEqualTo(1);
		assertThat((Object) this.channel.readOutbound()).isNull();
	}

	@Test
	void errorPacketsAndWrongEchoesAreErrors() {
		this.connection.start();
		this.channel.readOutbound();
		this.channel.writeInbound(new Packet(9, 1, "{\"code\":404}".getBytes(), Packet.EXT_ERROR));
		this.channel.readOutbound();
		this.channel.writeInbound(new Packet(9, 2, new byte[0]));
		assertThat(this.run.errorResponses.sum()).isEqualTo(2);
		assertThat(this.channel.<Packet>readOutbound().seq()).isEqualTo(3);
	}

	@Test
	void heartbeatsAreIgnored() {
		this.connection.start();
		this.channel.readOutbound();
		this.channel.writeInbound(Heartbeat.plain());
		assertThat((Object) this.channel.readOutbound()).isNull();
		assertThat(this.run.lateResponses.sum()).isZero();
	}

	@Test
	void stoppedRunSendsNoMoreAndCountsNoDisconnect() {
		this.connection.start();
		this.channel.readOutbound();
		this.run.stop();
		this.channel.writeInbound(new Packet(9, 1, this.payload));
		assertThat((Object) this.channel.readOutbound()).isNull();
		this.channel.close();
		assertThat(this.run.disconnects.sum()).isZero();
		assertThat(this.run.open.get()).isZero();
	}

	@Test
	void closeDuringTheRunIsADisconnect() {
		this.connection.start();
		this.channel.close();
		assertThat(this.run.disconnects.sum()).isEqualTo(1);
	}

}
