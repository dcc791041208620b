package io.rally.examples.game;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Tokens verify for their user until they expire, and nothing else verifies. */
class GameTokensTests {

	static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

	final GameTokens tokens = new GameTokens("a-secret-of-enough-length", Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void issuedTokenVerifiesForItsUser() {
		String token = this.tokens.issue(42, Duration.ofMinutes(5));

		assertThat(token).startsWith("42." + NOW.plusSeconds(300).getEpochSecond() + ".");
		assertThat(this.tokens.verify(token)).isEqualTo(42);
	}

	@Test
	void expiredTokenIsRefused() {
		String token = this.tokens.issue(42, Duration.ofMinutes(5));
		GameTokens later = new GameTokens("a-secret-of-enough-length",
				Clock.fixed(NOW.plusSeconds(300), ZoneOffset.UTC));

		assertRefused(later, token, "token expired");
	}

	@Test
	void tokenOfAnotherSecretIsRefused() {
		String token = new GameTokens("another-secret-entirely", Clock.fixed(NOW, ZoneOffset.UTC)).issue(42,
				Duration.ofMinutes(5));

		assertRefused(this.tokens, token, "bad signature");
	}

	@Test
	void changedUserIsRefused() {
		String token = this.tokens.issue(42, Duration.ofMinutes(5));

		assertRefused(this.tokens, "43" + token.substring(2), "bad signature");
	}

	@Test
	void malformedTokensAreRefused() {
		assertRefused(this.tokens, null, "no token");
		assertRefused(this.tokens, "", "malformed token");
		assertRefused(this.tokens, "42", "malformed token");
		assertRefused(this.tokens, "42.abc", "malformed token");
		assertRefused(this.tokens, ".1.x", "malformed token");
	}

	@Test
	void shortSecretIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new GameTokens("short", Clock.systemUTC()))
			.withMessageContaining("at least 16");
	}

	private static void assertRefused(GameTokens tokens, String token, String reason) {
		assertThatExceptionOfType(GameTokens.InvalidTokenException.class).isThrownBy(() -> tokens.verify(token))
			.withMessage(reason);
	}

}
