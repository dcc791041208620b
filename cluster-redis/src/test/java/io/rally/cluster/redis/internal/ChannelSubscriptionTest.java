package io.rally.cluster.redis.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.rally.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reconnecting subscription on the shared test Redis, which two tests stop and start again;
 * it is always restarted, so other classes are unaffected.
 */
class ChannelSubscriptionTest {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	private final RedisTestServer server = RedisTestServer.shared();

	private final AtomicInteger subscribed = new AtomicInteger();

	private final AtomicInteger lost = new AtomicInteger();

	private final List<String> messages = new CopyOnWriteArrayList<>();

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	private ClientResources resources;

	private RedisClient client;

	private ChannelSubscription<String> subscription;

	@BeforeEach
	void createClient() {
		// a short reconnect delay keeps the test quick; the behaviour does not depend on it
		this.resources = ClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(100))).build();
		this.client = RedisClient.create(this.resources, RedisURI.create(this.server.host(), this.server.port()));
		this.subscription = new ChannelSubscription<>(this.client, StringCodec.UTF8, "test-subscription", TIMEOUT,
				"test-subscriber", new Recorder());
		this.log.start();
		logger().addAppender(this.log);
	}

	@AfterEach
	void close() throws Exception {
		try {
			logger().detachAppender(this.log);
			this.subscription.close();
			this.client.shutdown();
			this.resources.shutdown().get(10, TimeUnit.SECONDS);
		}
		finally {
			this.server.start();
		}
	}

	@Test
	void receivesAndIsSubscribedAgainAfterAnOutage() {
		this.subscription.start();
		assertThat(this.subscription.isRunning()).isTrue();
		await().until(() -> this.subscribed.get() == 1);
		await().ignoreExceptions().untilAsserted(() -> assertThat(publishUnlessHeard("before")).contains("before"));
		this.server.stop();
		try {
			await().until(() -> this.lost.get() >= 1);
		}
		finally {
			this.server.start();
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> this.subscribed.get() >= 2);
		await().ignoreExceptions().untilAsserted(() -> assertThat(publishUnlessHeard("after")).contains("after"));
		assertThat(this.log.list).isEmpty();
		this.subscription.close();
		assertThat(this.subscription.isRunning()).isFalse();
	}

	@Test
	void retriesAFirstConnectionThatFailed() {
		this.server.stop();
		try {
			this.subscription.start();
			await().until(() -> !this.log.list.isEmpty());
			assertThat(this.log.list.get(0).getFormattedMessage())
				.startsWith("Could not subscribe to Redis channel 'test-subscription', retrying in PT1S");
			assertThat(this.subscribed).hasValue(0);
		}
		finally {
			this.server.start();
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> this.subscribed.get() == 1);
		await().ignoreExceptions().untilAsserted(() -> assertThat(publishUnlessHeard("first")).contains("first"));
		assertThat(this.lost).hasValue(0);
	}

	@Test
	void aClosedSubscriptionDoesNotStart() {
		this.subscription.close();
		this.subscription.start();
		assertThat(this.subscription.isRunning()).isFalse();
	}

	// Publishes, on a connection of its own, until the message came back.
	private List<String> publishUnlessHeard(String message) {
		if (!this.messages.contains(message)) {
			try (StatefulRedisConnection<String, String> publisher = this.client.connect()) {
				publisher.sync().publish("test-subscription", message);
			}
		}
		return this.messages;
	}

	private static Logger logger() {
		return (Logger) LoggerFactory.getLogger(ChannelSubscription.class);
	}

	private final class Recorder implements ChannelSubscription.Listener<String> {

		@Override
		public void onSubscribed() {
			ChannelSubscriptionTest.this.subscribed.incrementAndGet();
		}

		@Override
		public void onLost() {
			ChannelSubscriptionTest.this.lost.incrementAndGet();
		}

		@Override
		public void onMessage(String message) {
			ChannelSubscriptionTest.this.messages.add(message);
		}

	}

}
