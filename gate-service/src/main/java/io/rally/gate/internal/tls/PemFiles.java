package io.rally.gate.internal.tls;

import java.io.File;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;

import io.netty.handler.ssl.SslContext;

/**
 * Reads a PEM certificate chain and private key with Netty's own parser (the one
 * {@code SslContextBuilder} uses for files, reachable only from a subclass; never
 * instantiated), and checks that the two belong together. Reading both files once and
 * building the context from what was read means a reload sees one consistent version of
 * them, and the check catches a renewal caught halfway (new certificate, old key) before it
 * is served.
 */
abstract class PemFiles extends SslContext {

	private PemFiles() {
	}

	static X509Certificate[] readChain(File file) throws GeneralSecurityException {
		X509Certificate[] chain = toX509Certificates(file);
		if (chain == null || chain.length == 0) {
			throw new GeneralSecurityException("no certificate in " + file);
		}
		return chain;
	}

	static PrivateKey readKey(File file, String password) throws Exception {
		PrivateKey key = toPrivateKey(file, password);
		if (key == null) {
			throw new GeneralSecurityException("no private key in " + file);
		}
		return key;
	}

	/** Signs a random probe with {@code key} and verifies it with the certificate's public key. */
	static void checkMatch(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
		// Netty parses with BouncyCastle when it is on the classpath, which names EC keys ECDSA.
		String family = switch (key.getAlgorithm()) {
			case "RSA" -> "RSA";
			case "EC", "ECDSA" -> "EC";
			case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
			// Other key types are rare here; a mismatch then shows as failing handshakes.
			default -> null;
		};
		if (family == null) {
			return;
		}
		String algorithm = switch (family) {
			case "RSA" -> "SHA256withRSA";
			case "EC" -> "SHA256withECDSA";
			default -> "EdDSA";
		};
		// The JDK's own key, so that the JDK's signature provider takes it whoever parsed it.
		PrivateKey jdkKey = KeyFactory.getInstance(family).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
		byte[] probe = new byte[32];
		new SecureRandom().nextBytes(probe);
		Signature signer = Signature.getInstance(algorithm);
		signer.initSign(jdkKey);
		signer.update(probe);
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance(algorithm);
		verifier.initVerify(certificate.getPublicKey());
		verifier.update(probe);
		if (!verifier.verify(signature)) {
			throw new GeneralSecurityException("the private key does not belong to the certificate "
					+ certificate.getSubjectX500Principal().getName());
		}
	}

}
