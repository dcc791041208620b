package io.rally.gate.internal.relay;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rally.gate.api.relay.RelayRefusal;
import io.rally.gate.api.relay.RelayRefusedException;

/**
 * Checks the signed tokens (JWS compact serialization, RFC 7515/7519) that name a client's
 * backend, and reads the backend from them. A token is accepted only if
 * <ul>
 * <li>its header's {@code alg} is {@code HS256} and a shared secret is configured, or
 * {@code RS256} and a public key is configured (never {@code none}, never a key the token
 * chooses);</li>
 * <li>its signature verifies;</li>
 * <li>it has a numeric {@code exp} in the future and no numeric {@code nbf} in the future,
 * both allowing the clock skew;</li>
 * <li>its backend claim is a string: {@code host:port} or a registered instance id.</li>
 * </ul>
 * Thread-safe.
 */
public final class RelayTokenVerifier {

	/** RFC 7518 asks HMAC keys to be at least as long as the hash. */
	private static final int MIN_SECRET_BYTES = 32;

	private static final ObjectMapper JSON = new ObjectMapper();

	private final SecretKeySpec secret;

	private final PublicKey publicKey;

	private final String backendClaim;

	private final long skewSeconds;

	private final Clock clock;

	/**
	 * @param secret the HS256 shared secret, or {@code null} to refuse HS256 tokens
	 * @param publicKey the RS256 public key, or {@code null} to refuse RS256 tokens
	 * @param backendClaim the name of the claim that names the backend
	 * @param clockSkew how far the gate's clock may be off the issuer's
	 * @param clock the gate's clock
	 */
	public RelayTokenVerifier(byte[] secret, PublicKey publicKey, String backendClaim, Duration clockSkew,
			Clock clock) {
		if (secret != null && secret.length < MIN_SECRET_BYTES) {
			throw new IllegalArgumentException(
					"secret: " + secret.length + " bytes (expected: at least " + MIN_SECRET_BYTES + ")");
		}
		if (backendClaim == null || backendClaim.isEmpty()) {
			throw new IllegalArgumentException("backendClaim: empty (expected: a claim name)");
		}
		if (clockSkew.isNegative()) {
			throw new IllegalArgumentException("clockSkew: " + clockSkew + " (expected: >= 0)");
		}
		this.secret = (secret != null) ? new SecretKeySpec(secret.clone(), "HmacSHA256") : null;
		this.publicKey = publicKey;
		this.backendClaim = backendClaim;
		this.skewSeconds = clockSkew.toSeconds();
		this.clock = clock;
	}

	/** Whether any key is configured; without one every token is refused. */
	public boolean isEnabled() {
		return this.secret != null || this.publicKey != null;
	}

	/**
	 * Verifies {@code token} and returns its backend claim.
	 * @throws RelayRefusedException {@link RelayRefusal#BAD_TOKEN} or
	 * {@link RelayRefusal#EXPIRED_TOKEN}
	 */
	public String verify(String token) throws RelayRefusedException {
		int first = token.indexOf('.');
		int second = token.indexOf('.', first + 1);
		if (first <= 0 || second <= first + 1 || second == token.length() - 1
				|| token.indexOf('.', second + 1) >= 0) {
			throw bad("not three dot-separated parts");
		}
		JsonNode header = json(token.substring(0, first), "header");
		String alg = header.path("alg").asText("");
		byte[] signed = token.substring(0, second).getBytes(StandardCharsets.US_ASCII);
		byte[] signature = decode(token.substring(second + 1), "signature");
		if (alg.equals("HS256") && this.secret != null) {
			checkHmac(signed, signature);
		}
		else if (alg.equals("RS256") && this.publicKey != null) {
			checkRsa(signed, signature);
		}
		else {
			throw bad("algorithm '" + alg + "' not accepted");
		}
		JsonNode claims = json(token.substring(first + 1, second), "claims");
		checkTimes(claims);
		JsonNode backend = claims.get(this.backendClaim);
		if (backend == null || !backend.isTextual() || backend.asText().isEmpty()) {
			throw bad("no string claim '" + this.backendClaim + "'");
		}
		return backend.asText();
	}

	private void checkHmac(byte[] signed, byte[] signature) throws RelayRefusedException {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.secret);
			if (!MessageDigest.isEqual(mac.doFinal(signed), signature)) {
				throw bad("signature does not verify");
			}
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private void checkRsa(byte[] signed, byte[] signature) throws RelayRefusedException {
		boolean valid;
		try {
			Signature verifier = Signature.getInstance("SHA256withRSA");
			verifier.initVerify(this.publicKey);
			verifier.update(signed);
			valid = verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			valid = false;
		}
		if (!valid) {
			throw bad("signature does not verify");
		}
	}

	private void checkTimes(JsonNode claims) throws RelayRefusedException {
		long now = this.clock.instant().getEpochSecond();
		JsonNode exp = claims.get("exp");
		if (exp == null || !exp.isNumber()) {
			throw bad("no numeric exp claim");
		}
		if (compare(exp, now - this.skewSeconds) < 0) {
			throw new RelayRefusedException(RelayRefusal.EXPIRED_TOKEN, "token expired at " + exp.asText());
		}
		JsonNode nbf = claims.get("nbf");
		if (nbf != null) {
			if (!nbf.isNumber()) {
				throw bad("nbf claim is not a number");
			}
			if (compare(nbf, now + this.skewSeconds) > 0) {
				throw new RelayRefusedException(RelayRefusal.EXPIRED_TOKEN, "token not valid before " + nbf.asText());
			}
		}
	}

	/**
	 * Compares a NumericDate with {@code seconds} exactly, whatever its size or form: read as a
	 * long, a time beyond the long range wrapped around (an exp of 2^63 - 1 expired in 1970).
	 */
	private static int compare(JsonNode time, long seconds) throws RelayRefusedException {
		if (time.isIntegralNumber()) {
			return time.bigIntegerValue().compareTo(BigInteger.valueOf(seconds));
		}
		double value = time.doubleValue();
		if (Double.isNaN(value)) {
			throw bad("a time claim is not a number");
		}
		return Double.compare(value, seconds);
	}

	private static JsonNode json(String part, String what) throws RelayRefusedException {
		String text;
		try {
			// JSON is UTF-8 (RFC 8259). Checked here, whole, because Jackson's byte parser checks
			// a claim name only the first time it meets those bytes, so whether a token with
			// broken UTF-8 in a name verified depended on the tokens read before it.
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(decode(part, what)))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw bad(what + " is not UTF-8");
		}
		try {
			JsonNode node = JSON.readTree(text);
			if (node == null || !node.isObject()) {
				throw bad(what + " is not a JSON object");
			}
			return node;
		}
		catch (IOException ex) {
			throw bad(what + " is not JSON");
		}
	}

	private static byte[] decode(String part, String what) throws RelayRefusedException {
		try {
			return Base64.getUrlDecoder().decode(part);
		}
		catch (IllegalArgumentException ex) {
			throw bad(what + " is not base64url");
		}
	}

	private static RelayRefusedException bad(String why) {
		return new RelayRefusedException(RelayRefusal.BAD_TOKEN, "bad token: " + why);
	}

	/**
	 * Reads an RSA public key from PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509
	 * SubjectPublicKeyInfo).
	 * @throws IllegalArgumentException if {@code pem} holds no such key
	 */
	public static PublicKey rsaPublicKey(String pem) {
		String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "")
			.replace("-----END PUBLIC KEY-----", "")
			.replaceAll("\\s", "");
		try {
			return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("public key: not a PEM RSA public key (expected: -----BEGIN PUBLIC KEY-----)",
					ex);
		}
	}

}
