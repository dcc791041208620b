package io.rally.protocol.transport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handler between the {@code SslHandler} and the rest of a pipeline, driven by the events an
 * {@code SslHandler} fires. A handler in front of it records the close it asks for and holds it
 * back, so that what reaches it afterwards (on a real channel, until it is deregistered) shows.
 */
class AbstractTlsHandshakeHandlerTest {

	/** What the handler behind it saw. */
	private final List<Object> behind = new ArrayList<>();

	/** What the subclass was told and when the channel was asked to close, in order. */
	private final List<Object> failures = new ArrayList<>();

	private final EmbeddedChannel channel = new EmbeddedChannel(new CloseRecorder(), new RecordingHandshakeHandler(),
			new Behind());

	@Test
	void holdsChannelActiveBackUntilTheHandshakeSucceeds() {
		assertThat(this.channel.isActive()).isTrue();
		assertThat(this.behind).isEmpty();
		this.channel.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
		assertThat(this.behind).containsExactly("active");
		assertThat(this.failures).isEmpty();
		assertThat(this.channel.finish()).isFalse();
	}

	@Test
	void aFailedHandshakeIsReportedOnceBeforeTheCloseAndWhatFollowsIsSwallowed() {
		SSLHandshakeException cause = new SSLHandshakeException("no shared cipher");
		this.channel.pipeline().fireUserEventTriggered(new SslHandshakeCompletionEvent(cause));
		this.channel.pipeline().fireExceptionCaught(new IOException("the same failure, again"));
		this.channel.pipeline().fireUserEventTriggered(new SslHandshakeCompletionEvent(cause));
		this.channel.checkException();
		assertThat(this.failures).containsExactly(cause, "close");
		assertThat(this.behind).isEmpty();
	}

	@Test
	void anExceptionBeforeTheHandshakeFailsIt() {
		IOException cause = new IOException("connection reset");
		this.channel.pipeline().fireExceptionCaught(cause);
		assertThat(this.failures).containsExactly(cause, "close");
		assertThat(this.behind).isEmpty();
	}

	@Test
	void exceptionsAfterTheHandshakePassOnByDefault() {
		this.channel.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
		IllegalStateException cause = new IllegalStateException("a bug behind");
		this.channel.pipeline().fireExceptionCaught(cause);
		assertThat(this.behind).containsExactly("active", cause);
		assertThat(this.failures).isEmpty();
		assertThat(this.channel.finish()).isFalse();
	}

	@Test
	void otherUserEventsPassThrough() {
		this.channel.pipeline().fireUserEventTriggered("idle");
		assertThat(this.behind).containsExactly("event idle");
		assertThat(this.channel.finish()).isFalse();
	}

	private final class CloseRecorder extends ChannelOutboundHandlerAdapter {

		@Override
		public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
			AbstractTlsHandshakeHandlerTest.this.failures.add("close");
			promise.setSuccess();
		}

	}

	private final class RecordingHandshakeHandler extends AbstractTlsHandshakeHandler {

		@Override
		protected void handshakeFailed(ChannelHandlerContext ctx, Throwable cause) {
			AbstractTlsHandshakeHandlerTest.this.failures.add(cause);
		}

	}

	private final class Behind extends ChannelInboundHandlerAdapter {

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			AbstractTlsHandshakeHandlerTest.this.behind.add("active");
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
			AbstractTlsHandshakeHandlerTest.this.behind.add("event " + event);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			AbstractTlsHandshakeHandlerTest.this.behind.add(cause);
		}

	}

}
