package io.rally.gate.internal.relay;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rally.gate.api.relay.RelayRefusal;
import io.rally.gate.api.relay.RelayRefusedException;
import io.rally.testsupport.FuzzStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the relay's {@link RelayTokenVerifier}, configured for both HS256 (a shared secret) and
 * RS256 (a public key), with a fixed clock and 30 s of skew.
 *
 * <p>Input layout: byte 0 picks the mode (modulo 4), the rest is read by it:
 * <ol start="0">
 * <li>the token as it is (ISO-8859-1, one char per byte): whatever a client sends;</li>
 * <li>{@code [header length][header JSON][claims JSON]}, base64url-encoded and signed with HS256
 * and the gate's secret here, so that header and claims are fuzzed behind a valid signature;</li>
 * <li>the same, signed with RS256 and the gate's key pair;</li>
 * <li>the same, signed with HS256 but keyed with the encoded RSA public key (algorithm
 * confusion), which must never verify.</li>
 * </ol>
 *
 * <p>Checked for every input: the verifier returns a backend or refuses with
 * {@link RelayRefusal#BAD_TOKEN} or {@link RelayRefusal#EXPIRED_TOKEN}, never anything else;
 * a token it accepts carries a valid HS256 or RS256 signature of its first two parts (checked
 * here with the JDK directly) and UTF-8 JSON claims that allow it now; a token signed here (modes 1 and
 * 2) is accepted exactly when its header and claims say it should be, by the rules in the
 * verifier's documentation, computed here with exact arithmetic.
 */
class RelayTokenFuzzTest {

	private static final byte[] SECRET = FirstPacketFuzzTest.SECRET.getBytes(StandardCharsets.UTF_8);

	private static final long SKEW_SECONDS = 30;

	private static final long NOW = FirstPacketFuzzTest.NOW.getEpochSecond();

	private static final String CLAIM = "backend";

	/** Small, to keep signing cheap: the key size changes nothing on the verifier's path. */
	private static final KeyPair RSA = rsaKeyPair(512);

	private static final RelayTokenVerifier verifier = new RelayTokenVerifier(SECRET, RSA.getPublic(), CLAIM,
			Duration.ofSeconds(SKEW_SECONDS), Clock.fixed(FirstPacketFuzzTest.NOW, ZoneOffset.UTC));

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private static final FuzzStats stats = new FuzzStats("relay token verifier (RelayTokenVerifier, HS256/RS256)");

	@FuzzTest(maxDuration = "5m")
	@Timeout(10)
	void token(byte[] input) throws Exception {
		if (input.length < 1) {
			return;
		}
		int mode = input[0] & 3;
		String token;
		Boolean shouldVerify = null;
		if (mode == 0) {
			token = new String(input, 1, input.length - 1, StandardCharsets.ISO_8859_1);
		}
		else {
			int headerLength = (input.length > 1) ? Math.min(input[1] & 0xff, input.length - 2) : 0;
			byte[] header = Arrays.copyOfRange(input, Math.min(2, input.length), Math.min(2 + headerLength, input.length));
			byte[] claims = Arrays.copyOfRange(input, Math.min(2 + headerLength, input.length), input.length);
			String signingInput = BASE64URL.encodeToString(header) + "." + BASE64URL.encodeToString(claims);
			byte[] signature = switch (mode) {
				case 1 -> hmac(SECRET, signingInput);
				case 2 -> rsa(signingInput);
				default -> hmac(RSA.getPublic().getEncoded(), signingInput);
			};
			token = signingInput + "." + BASE64URL.encodeToString(signature);
			shouldVerify = (mode == 3) ? Boolean.FALSE : acceptable(header, claims, (mode == 1) ? "HS256" : "RS256");
		}

		String backend = null;
		try {
			backend = verifier.verify(token);
		}
		catch (RelayRefusedException ex) {
			if (ex.reason() != RelayRefusal.BAD_TOKEN && ex.reason() != RelayRefusal.EXPIRED_TOKEN) {
				throw new AssertionError("refused for an undocumented reason: " + ex.reason(), ex);
			}
		}
		if (backend != null) {
			checkAccepted(token, backend);
		}
		if (shouldVerify != null && shouldVerify != (backend != null)) {
			throw new AssertionError("a token signed in mode " + mode + " was " + ((backend != null) ? "accepted"
					: "refused") + " but its header and claims say it should " + (shouldVerify ? "" : "not ")
					+ "be: " + token);
		}
		stats.record();
	}

	@AfterAll
	static void printStats() {
		stats.print();
	}

	/** What the verifier promises about a token it accepted, checked without its code. */
	private static void checkAccepted(String token, String backend) throws Exception {
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3) {
			throw new AssertionError("accepted a token of " + parts.length + " parts");
		}
		String signingInput = parts[0] + "." + parts[1];
		byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
		byte[] header = Base64.getUrlDecoder().decode(parts[0]);
		String alg = JSON.readTree(new String(header, StandardCharsets.UTF_8)).path("alg").asText("");
		boolean signed = switch (alg) {
			case "HS256" -> MessageDigest.isEqual(hmac(SECRET, signingInput), signature);
			case "RS256" -> rsaVerifies(signingInput, signature);
			default -> false;
		};
		if (!signed) {
			throw new AssertionError("accepted a token whose signature does not verify (alg '" + alg + "')");
		}
		if (!acceptable(header, Base64.getUrlDecoder().decode(parts[1]), alg)) {
			throw new AssertionError("accepted a token whose header or claims do not allow it now");
		}
		JsonNode claim = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
			.get(CLAIM);
		if (!backend.equals(claim.asText())) {
			throw new AssertionError("returned '" + backend + "', the claim says '" + claim.asText() + "'");
		}
	}

	/**
	 * Whether a token with this header and these claims, validly signed with {@code alg}, may be
	 * used now: UTF-8 JSON objects, the right {@code alg}, a numeric {@code exp} no more than the skew ago,
	 * a numeric {@code nbf} (if any) no more than the skew ahead, and a non-empty string claim
	 * naming the backend. Times are compared exactly, whatever their size or form.
	 */
	private static boolean acceptable(byte[] header, byte[] claims, String alg) {
		if (!utf8(header) || !utf8(claims)) {
			return false;
		}
		JsonNode headerNode = readObject(header);
		JsonNode claimsNode = readObject(claims);
		if (headerNode == null || claimsNode == null) {
			return false;
		}
		JsonNode algNode = headerNode.get("alg");
		if (algNode == null || !algNode.isTextual() || !algNode.asText().equals(alg)) {
			return false;
		}
		JsonNode exp = claimsNode.get("exp");
		if (exp == null || !exp.isNumber() || exact(exp).compareTo(BigDecimal.valueOf(NOW - SKEW_SECONDS)) < 0) {
			return false;
		}
		JsonNode nbf = claimsNode.get("nbf");
		if (nbf != null && (!nbf.isNumber() || exact(nbf).compareTo(BigDecimal.valueOf(NOW + SKEW_SECONDS)) > 0)) {
			return false;
		}
		JsonNode backend = claimsNode.get(CLAIM);
		return backend != null && backend.isTextual() && !backend.asText().isEmpty();
	}

	/** A JSON number as it is written; infinity (a double too large) as a number beyond any time. */
	private static BigDecimal exact(JsonNode number) {
		if (number.isFloatingPointNumber() && Double.isInfinite(number.doubleValue())) {
			return BigDecimal.TEN.pow(400).multiply(BigDecimal.valueOf(Math.signum(number.doubleValue())));
		}
		return number.decimalValue();
	}

	private static boolean utf8(byte[] bytes) {
		return Arrays.equals(new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), bytes);
	}

	private static JsonNode readObject(byte[] json) {
		try {
			JsonNode node = JSON.readTree(new String(json, StandardCharsets.UTF_8));
			return (node != null && node.isObject()) ? node : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static byte[] hmac(byte[] key, String signingInput) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
	}

	private static byte[] rsa(String signingInput) throws GeneralSecurityException {
		Signature signer = Signature.getInstance("SHA256withRSA");
		signer.initSign(RSA.getPrivate());
		signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
		return signer.sign();
	}

	private static boolean rsaVerifies(String signingInput, byte[] signature) {
		try {
			Signature verifier = Signature.getInstance("SHA256withRSA");
			verifier.initVerify(RSA.getPublic());
			verifier.update(signingInput.getBytes(StandardCharsets.US_ASCII));
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	private static KeyPair rsaKeyPair(int bits) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(bits);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
