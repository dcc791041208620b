package io.rally.examples.game;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the example game, under {@code rally.examples.game}.
 */
@ConfigurationProperties("rally.examples.game")
public class GameProperties {

	static final String ROLE_PROPERTY = "rally.examples.game.role";

	/** The routes this node serves: lobby, battle, or all of them. */
	private GameRole role = GameRole.ALL;

	/** Secret that signs login tokens; the default is for development only. */
	private String tokenSecret = "rally-example-dev-secret";

	/** Total that wins a round. */
	private int target = 10;

	/** Currency of balances and rewards in the wallet service. */
	private String currency = "GOLD";

	/** What the winner of a round is paid. */
	private long reward = 100;

	public GameRole getRole() {
		return this.role;
	}

	public void setRole(GameRole role) {
		this.role = role;
	}

	public String getTokenSecret() {
		return this.tokenSecret;
	}

	public void setTokenSecret(String tokenSecret) {
		this.tokenSecret = tokenSecret;
	}

	public int getTarget() {
		return this.target;
	}

	public void setTarget(int target) {
		this.target = target;
	}

	public String getCurrency() {
		return this.currency;
	}

	public void setCurrency(String currency) {
		this.currency = currency;
	}

	public long getReward() {
		return this.reward;
	}

	public void setReward(long reward) {
		this.reward = reward;
	}

}
