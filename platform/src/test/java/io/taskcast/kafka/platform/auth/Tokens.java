package io.taskcast.kafka.platform.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Real keys and really signed tokens for the tests, made with Nimbus as an issuer would. */
final class Tokens {

    /** 64 bytes: long enough for HS512. */
    static final String SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMN";
    static final KeyPair RSA = generate("RSA", null);
    static final KeyPair OTHER_RSA = generate("RSA", null);
    static final KeyPair EC_P256 = generate("EC", "secp256r1");
    static final KeyPair EC_P384 = generate("EC", "secp384r1");
    static final KeyPair EC_P521 = generate("EC", "secp521r1");

    private Tokens() {
    }

    static String hmac(JWSAlgorithm alg, String secret, JWTClaimsSet claims) {
        return hmac(alg, secret.getBytes(StandardCharsets.UTF_8), claims);
    }

    static String hmac(JWSAlgorithm alg, byte[] secret, JWTClaimsSet claims) {
        try {
            return sign(alg, new MACSigner(secret), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot build the test signer", e);
        }
    }

    static String rsa(JWSAlgorithm alg, KeyPair keys, JWTClaimsSet claims) {
        return sign(alg, new RSASSASigner(keys.getPrivate()), claims);
    }

    static String ec(JWSAlgorithm alg, KeyPair keys, JWTClaimsSet claims) {
        try {
            return sign(alg, new ECDSASigner((ECPrivateKey) keys.getPrivate()), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot build the test signer", e);
        }
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String sign(JWSAlgorithm alg, JWSSigner signer, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the test token", e);
        }
        return jwt.serialize();
    }

    private static KeyPair generate(String type, String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
            if (curve == null) {
                generator.initialize(2048);
            } else {
                generator.initialize(new ECGenParameterSpec(curve));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + type + " key pair", e);
        }
    }
}
