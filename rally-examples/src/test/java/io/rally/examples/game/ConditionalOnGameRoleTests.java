package io.rally.examples.game;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** A node serves the beans of its role, both roles by default, and refuses an unknown role. */
class ConditionalOnGameRoleTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(RoleBeans.class);

	@Test
	void allRolesByDefault() {
		this.runner.run((context) -> assertThat(context).hasBean("lobby").hasBean("battle"));
	}

	@Test
	void lobbyNodeHasNoBattleBeans() {
		this.runner.withPropertyValues("rally.examples.game.role=lobby")
			.run((context) -> assertThat(context).hasBean("lobby").doesNotHaveBean("battle"));
	}

	@Test
	void battleNodeHasNoLobbyBeans() {
		this.runner.withPropertyValues("rally.examples.game.role=Battle")
			.run((context) -> assertThat(context).hasBean("battle").doesNotHaveBean("lobby"));
	}

	@Test
	void unknownRoleFailsStartup() {
		this.runner.withPropertyValues("rally.examples.game.role=arena")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("expected: lobby, battle or all"));
	}

	@Configuration(proxyBeanMethods = false)
	static class RoleBeans {

		@Bean
		@ConditionalOnGameRole(GameRole.LOBBY)
		String lobby() {
			return "lobby";
		}

		@Bean
		@ConditionalOnGameRole(GameRole.BATTLE)
		String battle() {
			return "battle";
		}

	}

}
