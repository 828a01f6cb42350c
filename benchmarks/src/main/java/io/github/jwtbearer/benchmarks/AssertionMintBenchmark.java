/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.github.jwtbearer.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.concurrent.TimeUnit;

import io.github.jwtbearer.assertion.JwtAssertionMinter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

/**
 * (2) Minting one assertion with {@link JwtAssertionMinter#mint(String)}, beside the
 * floor: a JCA {@link Signature} of the same algorithm and key signing the same bytes
 * (the {@code header.payload} of an assertion the minter made), set up once. They are
 * timed side by side, one of each in turn. To tell Nimbus's use of the JCA from the rest
 * of minting, a {@code Signature} made and initialised per call, as Nimbus's signers do,
 * is also timed beside the floor.
 *
 * @author JWT Bearer for Spring contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AssertionMintBenchmark {

	@Param({ "RS256", "PS256", "ES256" })
	public String algorithm;

	private SignatureAlgorithm jwsAlgorithm;

	private JwtAssertionMinter minter;

	private Signature signature;

	private byte[] signingInput;

	@Setup
	public void createSigners() throws GeneralSecurityException {
		SignatureAlgorithm algorithm = SignatureAlgorithm.from(this.algorithm);
		this.minter = Managers.minter(Managers.REGISTRATION_ID, algorithm);
		String assertion = this.minter.mint(Managers.SUBJECT).getTokenValue();
		this.signingInput = assertion.substring(0, assertion.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
		this.jwsAlgorithm = algorithm;
		this.signature = newSignature(algorithm);
	}

	private static Signature newSignature(SignatureAlgorithm algorithm) throws GeneralSecurityException {
		PrivateKey key = Managers.keyPair(algorithm).getPrivate();
		if (SignatureAlgorithm.RS256.equals(algorithm)) {
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initSign(key);
			return signature;
		}
		if (SignatureAlgorithm.PS256.equals(algorithm)) {
			Signature signature = Signature.getInstance("RSASSA-PSS");
			signature.initSign(key);
			// RFC 7518 section 3.5: SHA-256, MGF1 with SHA-256, a salt as long as the
			// hash
			signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
			return signature;
		}
		Signature signature = Signature.getInstance("SHA256withECDSA");
		signature.initSign(key);
		return signature;
	}

	@Benchmark
	public void oursBesideJca(PairedCalls pair, Blackhole blackhole) {
		pair.measure(() -> blackhole.consume(this.minter.mint(Managers.SUBJECT)), () -> blackhole.consume(sign()), 1);
	}

	// what the JCA part of Nimbus's signers does per assertion: a new Signature, made
	// ready for the key, beside the floor's one Signature
	@Benchmark
	public void jcaNewSignatureBesideJca(PairedCalls pair, Blackhole blackhole) {
		pair.measure(() -> blackhole.consume(signWithNewSignature()), () -> blackhole.consume(sign()), 1);
	}

	private byte[] signWithNewSignature() {
		try {
			Signature signature = newSignature(this.jwsAlgorithm);
			signature.update(this.signingInput);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private byte[] sign() {
		try {
			this.signature.update(this.signingInput);
			return this.signature.sign();
		}
		catch (SignatureException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
