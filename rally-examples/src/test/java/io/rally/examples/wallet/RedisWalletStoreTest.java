package io.rally.examples.wallet;

import java.time.Duration;

import io.rally.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The wallet's Lua scripts on a real Redis. */
class RedisWalletStoreTest extends WalletStoreContract {

	private static LettuceConnectionFactory factory;

	private static RedisWalletStore store;

	@BeforeAll
	static void connect() {
		RedisTestServer server = RedisTestServer.shared();
		factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(server.host(), server.port()));
		factory.afterPropertiesSet();
		factory.start();
		store = new RedisWalletStore(factory, "wallet-test", Duration.ofHours(24), Duration.ofSeconds(5));
	}

	@AfterAll
	static void disconnect() {
		factory.destroy();
	}

	@Override
	WalletStore store() {
		return store;
	}

	@Test
	void keysLiveInRedisAndExpire() throws Exception {
		RedisWalletStore shortLived = new RedisWalletStore(factory, "wallet-ttl", Duration.ofSeconds(2),
				Duration.ofSeconds(5));
		String key = key();
		get(shortLived.credit(42, "GOLD", 7, key));
		StringRedisTemplate redis = new StringRedisTemplate(factory);
		assertThat(redis.opsForHash().get("wallet-ttl:wallet:{42}", "GOLD")).isNotNull();
		assertThat(redis.getExpire("wallet-ttl:wallet:key:" + key)).isNotNegative();
		await().until(() -> !Boolean.TRUE.equals(redis.hasKey("wallet-ttl:wallet:key:" + key)));
		// the key is gone: the same change applies again
		assertThat(get(shortLived.credit(42, "GOLD", 7, key)).replayed()).isFalse();
		redis.delete("wallet-ttl:wallet:{42}");
	}

}
