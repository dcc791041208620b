package io.rally.gate.internal.relay;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import io.rally.gate.api.relay.RelayRefusal;
import io.rally.gate.api.relay.RelayRefusedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RelayTokenVerifierTest {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	private final RelayTokenVerifier hs256 = new RelayTokenVerifier(
			RelayGates.SECRET.getBytes(StandardCharsets.UTF_8), null, "backend", Duration.ofSeconds(5), CLOCK);

	@Test
	void readsTheBackendOfAGoodToken() throws Exception {
		String token = RelayGates.token(RelayGates.claims("10.0.0.1:7000", NOW.getEpochSecond() + 60),
				RelayGates.SECRET);
		assertThat(this.hs256.verify(token)).isEqualTo("10.0.0.1:7000");
	}

	@Test
	void refusesExpiredAndNotYetValidTokensBeyondTheSkew() {
		long now = NOW.getEpochSecond();
		assertRefused(RelayGates.token(RelayGates.claims("a:1", now - 6), RelayGates.SECRET),
				RelayRefusal.EXPIRED_TOKEN);
		assertThat(verifies(RelayGates.token(RelayGates.claims("a:1", now - 4), RelayGates.SECRET))).isTrue();
		String early = "{\"backend\":\"a:1\",\"exp\":" + (now + 60) + ",\"nbf\":" + (now + 30) + "}";
		assertRefused(RelayGates.token(early, RelayGates.SECRET), RelayRefusal.EXPIRED_TOKEN);
	}

	@Test
	void comparesTimesBeyondTheRangeOfALongExactly() {
		// Read as longs, these wrapped around: a far exp expired, a far-past nbf lay in the future.
		assertThat(verifies(RelayGates.token(RelayGates.claims("a:1", Long.MAX_VALUE), RelayGates.SECRET))).isTrue();
		assertThat(verifies(RelayGates.token("{\"backend\":\"a:1\",\"exp\":1e400}", RelayGates.SECRET))).isTrue();
		assertThat(verifies(RelayGates.token("{\"backend\":\"a:1\",\"exp\":99999999999999999999999}",
				RelayGates.SECRET))).isTrue();
		String farPastNbf = "{\"backend\":\"a:1\",\"exp\":" + (NOW.getEpochSecond() + 60) + ",\"nbf\":"
				+ Long.MIN_VALUE + "}";
		assertThat(verifies(RelayGates.token(farPastNbf, RelayGates.SECRET))).isTrue();
		assertRefused(RelayGates.token("{\"backend\":\"a:1\",\"exp\":-99999999999999999999999}", RelayGates.SECRET),
				RelayRefusal.EXPIRED_TOKEN);
		assertRefused(RelayGates.token("{\"backend\":\"a:1\",\"exp\":" + (NOW.getEpochSecond() - 5.5) + "}",
				RelayGates.SECRET), RelayRefusal.EXPIRED_TOKEN);
	}

	@Test
	void refusesClaimsThatAreNotUtf8() throws Exception {
		byte[] claims = ("{\"backend\":\"a:1\",\"exp\":" + (NOW.getEpochSecond() + 60) + ",\"\u00ffbf\":8}")
			.getBytes(StandardCharsets.ISO_8859_1);
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String signed = base64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.US_ASCII)) + "."
				+ base64.encodeToString(claims);
		javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
		mac.init(new javax.crypto.spec.SecretKeySpec(RelayGates.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String token = signed + "." + base64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
		assertRefused(token, RelayRefusal.BAD_TOKEN);
	}

	@Test
	void refusesTokensWithoutExpiryOrBackend() {
		assertRefused(RelayGates.token("{\"backend\":\"a:1\"}", RelayGates.SECRET), RelayRefusal.BAD_TOKEN);
		assertRefused(RelayGates.token("{\"exp\":" + (NOW.getEpochSecond() + 60) + "}", RelayGates.SECRET),
				RelayRefusal.BAD_TOKEN);
		assertRefused(RelayGates.token("{\"backend\":7,\"exp\":" + (NOW.getEpochSecond() + 60) + "}",
				RelayGates.SECRET), RelayRefusal.BAD_TOKEN);
	}

	@Test
	void refusesForgedUnsignedAndGarbledTokens() {
		String good = RelayGates.token(RelayGates.claims("a:1", NOW.getEpochSecond() + 60), RelayGates.SECRET);
		String[] parts = good.split("\\.");
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String none = base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1]
				+ ".";
		String swapped = parts[0] + "." + base64.encodeToString(RelayGates.claims("b:2", NOW.getEpochSecond() + 60)
			.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
		assertRefused(none, RelayRefusal.BAD_TOKEN);
		assertRefused(none + "x", RelayRefusal.BAD_TOKEN);
		assertRefused(swapped, RelayRefusal.BAD_TOKEN);
		assertRefused("a.b.c", RelayRefusal.BAD_TOKEN);
		assertRefused("a.b", RelayRefusal.BAD_TOKEN);
	}

	@Test
	void verifiesRs256WithThePublicKeyOnly() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keys = generator.generateKeyPair();
		String pem = "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
		RelayTokenVerifier rs256 = new RelayTokenVerifier(null, RelayTokenVerifier.rsaPublicKey(pem), "backend",
				Duration.ZERO, CLOCK);
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String signed = base64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ base64.encodeToString(RelayGates.claims("shard-7", NOW.getEpochSecond() + 60)
					.getBytes(StandardCharsets.UTF_8));
		Signature signer = Signature.getInstance("SHA256withRSA");
		signer.initSign(keys.getPrivate());
		signer.update(signed.getBytes(StandardCharsets.US_ASCII));
		String token = signed + "." + base64.encodeToString(signer.sign());
		assertThat(rs256.verify(token)).isEqualTo("shard-7");
		// An HS256 token is refused by a verifier that has no secret, whatever it is signed with.
		assertThatExceptionOfType(RelayRefusedException.class)
			.isThrownBy(() -> rs256.verify(RelayGates.token(RelayGates.claims("a:1", NOW.getEpochSecond() + 60), pem)));
	}

	@Test
	void refusesShortSecrets() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(
				() -> new RelayTokenVerifier(new byte[16], null, "backend", Duration.ZERO, CLOCK));
	}

	private boolean verifies(String token) {
		try {
			this.hs256.verify(token);
			return true;
		}
		catch (RelayRefusedException ex) {
			return false;
		}
	}

	private void assertRefused(String token, RelayRefusal reason) {
		assertThatExceptionOfType(RelayRefusedException.class).isThrownBy(() -> this.hs256.verify(token))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(reason));
	}

}
