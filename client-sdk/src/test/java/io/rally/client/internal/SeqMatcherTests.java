package io.rally.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

import org.junit.jupiter.api.Test;

import io.rally.client.ConnectionClosedException;
import io.rally.client.RallyClientException;
import io.rally.protocol.Frame;
import io.rally.protocol.Packet;

import static org.assertj.core.api.Assertions.assertThat;

class SeqMatcherTests {

	private final RecordingLink link = new RecordingLink();

	@Test
	void seqsRunFromOneToMaxThenWrapAndSkipThoseInFlight() {
		SeqMatcher matcher = new SeqMatcher(3, 0, 1_000_000_000L);
		CompletableFuture<Packet> first = matcher.request(this.link, 1, null);
		answer(matcher, matcher.request(this.link, 1, null));
		answer(matcher, matcher.request(this.link, 1, null));
		// Seq 1 is still in flight, so the counter's next value (1) is skipped.
		matcher.request(this.link, 1, null);
		assertThat(this.link.seqs()).containsExactly(1, 2, 3, 2);
		assertThat(first).isNotDone();
	}

	@Test
	void failsFastWhenEverySeqIsInFlight() {
		SeqMatcher matcher = new SeqMatcher(2, 0, 1_000_000_000L);
		matcher.request(this.link, 1, null);
		matcher.request(this.link, 1, null);
		CompletableFuture<Packet> third = matcher.request(this.link, 1, null);
		assertThat(third).isCompletedExceptionally();
		assertThat(cause(third)).isInstanceOf(RallyClientException.class).hasMessageContaining("in flight");
		assertThat(this.link.seqs()).containsExactly(1, 2);
	}

	@Test
	void unknownSeqAndSeqZeroArePushesAndCloseFailsTheRest() {
		SeqMatcher matcher = new SeqMatcher(100, 0, 1_000_000_000L);
		CompletableFuture<Packet> pending = matcher.request(this.link, 1, null);
		assertThat(matcher.complete(new Packet(1, 0, null))).isFalse();
		assertThat(matcher.complete(new Packet(1, 42, null))).isFalse();
		matcher.close(new ConnectionClosedException("gone"));
		assertThat(cause(pending)).isInstanceOf(ConnectionClosedException.class);
		assertThat(matcher.inFlight()).isZero();
		assertThat(cause(matcher.request(this.link, 1, null))).isInstanceOf(ConnectionClosedException.class);
	}

	@Test
	void cancellingFreesTheSeq() {
		SeqMatcher matcher = new SeqMatcher(100, 0, 1_000_000_000L);
		matcher.request(this.link, 1, null).cancel(false);
		assertThat(matcher.inFlight()).isZero();
	}

	private static Throwable cause(CompletableFuture<Packet> future) {
		assertThat(future).isCompletedExceptionally();
		return future.handle((packet, ex) -> ex).join();
	}

	private void answer(SeqMatcher matcher, CompletableFuture<Packet> request) {
		int seq = this.link.seqs().get(this.link.seqs().size() - 1);
		assertThat(matcher.complete(new Packet(1, seq, null))).isTrue();
		assertThat(request).isCompleted();
	}

	/** A link that records what is written and never runs scheduled tasks. */
	private static final class RecordingLink implements Link {

		private final List<Packet> written = new ArrayList<>();

		List<Integer> seqs() {
			return this.written.stream().map(Packet::seq).toList();
		}

		@Override
		public boolean isOpen() {
			return true;
		}

		@Override
		public void write(Frame frame) {
			this.written.add((Packet) frame);
		}

		@Override
		public CompletableFuture<Void> send(Frame frame) {
			write(frame);
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public void execute(Runnable task) {
			task.run();
		}

		@Override
		public Future<?> schedule(Runnable task, long delayNanos) {
			return new FutureTask<>(task, null);
		}

		@Override
		public void close() {
		}

	}

}
