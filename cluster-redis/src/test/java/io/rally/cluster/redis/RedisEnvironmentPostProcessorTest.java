package io.rally.cluster.redis;

import io.rally.cluster.redis.autoconfigure.RedisEnvironmentPostProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.context.support.TestPropertySourceUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis health is off by default where Rally does not use Redis, and left alone in cluster mode
 * or where the user decided.
 */
class RedisEnvironmentPostProcessorTest {

	@Test
	void turnsRedisHealthOffOutsideClusterMode() {
		StandardEnvironment standalone = new StandardEnvironment();
		new RedisEnvironmentPostProcessor().postProcessEnvironment(standalone, null);
		assertThat(standalone.getProperty("management.health.redis.enabled")).isEqualTo("false");
	}

	@Test
	void leavesClusterModeAndUserSettingsAlone() {
		StandardEnvironment cluster = new StandardEnvironment();
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(cluster, "rally.mode=cluster");
		new RedisEnvironmentPostProcessor().postProcessEnvironment(cluster, null);
		assertThat(cluster.getProperty("management.health.redis.enabled")).isNull();

		StandardEnvironment user = new StandardEnvironment();
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(user, "management.health.redis.enabled=true");
		new RedisEnvironmentPostProcessor().postProcessEnvironment(user, null);
		assertThat(user.getProperty("management.health.redis.enabled")).isEqualTo("true");
	}

}
