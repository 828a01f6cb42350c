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

package io.github.jwtbearer.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * Writes an authorized client as bytes and reads it back, nothing lost: the registration
 * id, the principal name, the token's value, type, issue and expiry instants and scopes,
 * and every extra parameter of the token response ({@code instance_url}, {@code id},
 * ...).
 * <p>
 * A plain tagged binary format rather than Java serialization: reading it back creates
 * only strings, numbers, booleans, lists and maps, whatever the bytes say.
 *
 * @author JWT Bearer for Spring contributors
 */
final class AuthorizedClientCodec {

	private static final byte FORMAT = 1;

	private static final byte NULL = 0;

	private static final byte STRING = 1;

	private static final byte BOOLEAN = 2;

	private static final byte INTEGER = 3;

	private static final byte LONG = 4;

	private static final byte DOUBLE = 5;

	private static final byte BIG_INTEGER = 6;

	private static final byte BIG_DECIMAL = 7;

	private static final byte LIST = 8;

	private static final byte MAP = 9;

	// a corrupt length must not make us allocate gigabytes
	private static final int MAX_LENGTH = 1 << 20;

	private AuthorizedClientCodec() {
	}

	static byte[] write(OAuth2AuthorizedClient authorizedClient) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(FORMAT);
			writeString(out, authorizedClient.getClientRegistration().getRegistrationId());
			writeString(out, authorizedClient.getPrincipalName());
			OAuth2AccessToken token = authorizedClient.getAccessToken();
			writeString(out, token.getTokenType().getValue());
			writeString(out, token.getTokenValue());
			writeInstant(out, token.getIssuedAt());
			writeInstant(out, token.getExpiresAt());
			writeValue(out, List.copyOf(token.getScopes()));
			Map<String, Object> additionalParameters = (authorizedClient instanceof JwtBearerAuthorizedClient client)
					? client.getAdditionalParameters() : null;
			writeValue(out, additionalParameters);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * Read an authorized client back.
	 * @param bytes what {@link #write(OAuth2AuthorizedClient)} gave
	 * @param clientRegistration the registration of the client
	 * @return the authorized client
	 * @throws IllegalArgumentException when the bytes are not an authorized client of
	 * that registration
	 */
	static OAuth2AuthorizedClient read(byte[] bytes, ClientRegistration clientRegistration) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
			byte format = in.readByte();
			if (format != FORMAT) {
				throw new IllegalArgumentException("Unknown format " + format + " of a stored authorized client");
			}
			String registrationId = readString(in);
			if (!registrationId.equals(clientRegistration.getRegistrationId())) {
				throw new IllegalArgumentException("The stored authorized client belongs to registration '"
						+ registrationId + "', not '" + clientRegistration.getRegistrationId() + "'");
			}
			String principalName = readString(in);
			OAuth2AccessToken.TokenType tokenType = tokenType(readString(in));
			String tokenValue = readString(in);
			Instant issuedAt = readInstant(in);
			Instant expiresAt = readInstant(in);
			Set<String> scopes = new LinkedHashSet<>();
			if (readValue(in) instanceof List<?> list) {
				list.forEach((scope) -> scopes.add(String.valueOf(scope)));
			}
			Object additionalParameters = readValue(in);
			OAuth2AccessToken token = new OAuth2AccessToken(tokenType, tokenValue, issuedAt, expiresAt, scopes);
			if (additionalParameters instanceof Map<?, ?> map) {
				Map<String, Object> parameters = new LinkedHashMap<>();
				map.forEach((name, value) -> {
					if (value != null) {
						parameters.put(String.valueOf(name), value);
					}
				});
				return new JwtBearerAuthorizedClient(clientRegistration, principalName, token, parameters);
			}
			return new OAuth2AuthorizedClient(clientRegistration, principalName, token);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("A stored authorized client cannot be read", ex);
		}
	}

	private static OAuth2AccessToken.TokenType tokenType(String value) {
		// the only token type Spring Security knows; any other one is refused where the
		// token response is read, before it is stored
		if (!OAuth2AccessToken.TokenType.BEARER.getValue().equalsIgnoreCase(value)) {
			throw new IllegalArgumentException("Unknown token type of a stored authorized client");
		}
		return OAuth2AccessToken.TokenType.BEARER;
	}

	private static void writeInstant(DataOutputStream out, @Nullable Instant instant) throws IOException {
		out.writeBoolean(instant != null);
		if (instant != null) {
			out.writeLong(instant.getEpochSecond());
			out.writeInt(instant.getNano());
		}
	}

	private static @Nullable Instant readInstant(DataInputStream in) throws IOException {
		return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
	}

	private static void writeString(DataOutputStream out, String value) throws IOException {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	private static String readString(DataInputStream in) throws IOException {
		return new String(in.readNBytes(length(in)), StandardCharsets.UTF_8);
	}

	private static int length(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 0 || length > MAX_LENGTH) {
			throw new IOException("Length " + length + " out of range");
		}
		return length;
	}

	// the values of a JSON token response, as Spring Security's converters read them;
	// anything else is kept as its string form
	private static void writeValue(DataOutputStream out, @Nullable Object value) throws IOException {
		if (value == null) {
			out.writeByte(NULL);
		}
		else if (value instanceof Boolean bool) {
			out.writeByte(BOOLEAN);
			out.writeBoolean(bool);
		}
		else if (value instanceof Integer integer) {
			out.writeByte(INTEGER);
			out.writeInt(integer);
		}
		else if (value instanceof Long number) {
			out.writeByte(LONG);
			out.writeLong(number);
		}
		else if (value instanceof Double number) {
			out.writeByte(DOUBLE);
			out.writeDouble(number);
		}
		else if (value instanceof BigInteger number) {
			out.writeByte(BIG_INTEGER);
			writeString(out, number.toString());
		}
		else if (value instanceof BigDecimal number) {
			out.writeByte(BIG_DECIMAL);
			writeString(out, number.toString());
		}
		else if (value instanceof Collection<?> collection) {
			out.writeByte(LIST);
			out.writeInt(collection.size());
			for (Object element : collection) {
				writeValue(out, element);
			}
		}
		else if (value instanceof Map<?, ?> map) {
			out.writeByte(MAP);
			out.writeInt(map.size());
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				writeString(out, String.valueOf(entry.getKey()));
				writeValue(out, entry.getValue());
			}
		}
		else {
			out.writeByte(STRING);
			writeString(out, value.toString());
		}
	}

	private static @Nullable Object readValue(DataInputStream in) throws IOException {
		byte tag = in.readByte();
		return switch (tag) {
			case NULL -> null;
			case STRING -> readString(in);
			case BOOLEAN -> in.readBoolean();
			case INTEGER -> in.readInt();
			case LONG -> in.readLong();
			case DOUBLE -> in.readDouble();
			case BIG_INTEGER -> new BigInteger(readString(in));
			case BIG_DECIMAL -> new BigDecimal(readString(in));
			case LIST -> readList(in);
			case MAP -> readMap(in);
			default -> throw new IOException("Unknown value tag " + tag);
		};
	}

	private static List<@Nullable Object> readList(DataInputStream in) throws IOException {
		int size = length(in);
		List<@Nullable Object> list = new ArrayList<>(Math.min(size, 64));
		for (int i = 0; i < size; i++) {
			list.add(readValue(in));
		}
		return list;
	}

	private static Map<String, @Nullable Object> readMap(DataInputStream in) throws IOException {
		int size = length(in);
		Map<String, @Nullable Object> map = new LinkedHashMap<>();
		for (int i = 0; i < size; i++) {
			map.put(readString(in), readValue(in));
		}
		return map;
	}

}
