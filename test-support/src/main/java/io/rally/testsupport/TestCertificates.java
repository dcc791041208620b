package io.rally.testsupport;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

/**
 * A certificate authority and a server certificate it issued, generated at test time (EC
 * P-256, fast to make): the server certificate names {@code localhost} and {@code 127.0.0.1}.
 * It serves for client authentication too, so that services can present it to each other
 * (mutual TLS). Each instance has its own CA, so a client that trusts one does not trust
 * another.
 */
public final class TestCertificates {

	private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

	private final X509Bundle authority;

	private final X509Bundle server;

	private TestCertificates(X509Bundle authority, X509Bundle server) {
		this.authority = authority;
		this.server = server;
	}

	/** A new CA named {@code name} and a server certificate issued by it. */
	public static TestCertificates create(String name) {
		try {
			Instant now = Instant.now();
			CertificateBuilder base = new CertificateBuilder().ecp256()
				.notBefore(now.minus(1, ChronoUnit.HOURS))
				.notAfter(now.plus(1, ChronoUnit.DAYS));
			X509Bundle authority = base.copy()
				.subject("CN=" + name + " CA")
				.serial(BigInteger.valueOf(SERIALS.incrementAndGet()))
				.setIsCertificateAuthority(true)
				.buildSelfSigned();
			X509Bundle server = base.copy()
				.subject("CN=localhost")
				.serial(BigInteger.valueOf(SERIALS.incrementAndGet()))
				.addSanDnsName("localhost")
				.addSanIpAddress("127.0.0.1")
				.addExtendedKeyUsageServerAuth()
				// also a client certificate, for mutual TLS between services
				.addExtendedKeyUsageClientAuth()
				.buildIssuedBy(authority);
			return new TestCertificates(authority, server);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not generate test certificates", ex);
		}
	}

	/** The CA's certificate, what a client must trust. */
	public X509Certificate authority() {
		return this.authority.getCertificate();
	}

	/** The server's certificate. */
	public X509Certificate server() {
		return this.server.getCertificate();
	}

	/** The CA certificate in PEM. */
	public String authorityPem() {
		return this.authority.getCertificatePEM();
	}

	/** The server's certificate chain in PEM, the server's own certificate first, without the root. */
	public String chainPem() {
		return this.server.getCertificatePathPEM();
	}

	/** The server's private key in PEM (PKCS#8, not encrypted). */
	public String privateKeyPem() {
		return this.server.getPrivateKeyPEM();
	}

	/** Writes the CA certificate to {@code file}. */
	public Path writeAuthority(Path file) throws IOException {
		return Files.writeString(file, authorityPem(), StandardCharsets.US_ASCII);
	}

	/**
	 * Writes the chain and key, each through a temporary file moved into place, the way
	 * certificate managers replace them.
	 */
	public void writeServer(Path certificate, Path privateKey) throws IOException {
		replace(certificate, chainPem());
		replace(privateKey, privateKeyPem());
	}

	private static void replace(Path file, String content) throws IOException {
		Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
		Files.writeString(temporary, content, StandardCharsets.US_ASCII);
		Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * Writes the server's chain and key as {@code gate.crt} and {@code gate.key} into
	 * {@code directory} and returns the gate properties that name them
	 * ({@code rally.gate.tls.certificate}, {@code rally.gate.tls.private-key}), for a test's
	 * dynamic properties.
	 */
	public Map<String, String> writeGateFiles(Path directory) throws IOException {
		Path certificate = directory.resolve("gate.crt");
		Path key = directory.resolve("gate.key");
		writeServer(certificate, key);
		return Map.of("rally.gate.tls.certificate", certificate.toString(), "rally.gate.tls.private-key",
				key.toString());
	}

	/** A JDK client context that trusts this CA, and only it. */
	public SSLContext clientContext() {
		return clientContext(this);
	}

	/** A JDK client context that trusts the CAs of all {@code certificates}. */
	public static SSLContext clientContext(TestCertificates... certificates) {
		try {
			KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
			trusted.load(null, null);
			for (int i = 0; i < certificates.length; i++) {
				trusted.setCertificateEntry("ca" + i, certificates[i].authority());
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trusted);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not build a client SSL context", ex);
		}
	}

}
