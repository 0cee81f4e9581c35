"use strict";
// RS256 JSON Web Tokens for the mock identity platform: one key pair per process, published as a
// JWKS, used to sign access and ID tokens and to verify them on the data plane and in ARM.
const crypto = require("crypto");

const b64url = buf => Buffer.from(buf).toString("base64url");

class TokenSigner {
  constructor() {
    const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.kid = crypto.createHash("sha256")
      .update(publicKey.export({ type: "spki", format: "der" })).digest("base64url").slice(0, 16);
  }

  sign(claims) {
    const header = { typ: "JWT", alg: "RS256", kid: this.kid };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const sig = crypto.sign("RSA-SHA256", Buffer.from(input), this.privateKey);
    return `${input}.${b64url(sig)}`;
  }

  /** Returns the claims, or throws an Error whose `reason` is "malformed", "signature" or "expired". */
  verify(token, nowSec = Math.floor(Date.now() / 1000)) {
    const fail = (reason, msg) => Object.assign(new Error(msg), { reason });
    const parts = String(token || "").split(".");
    if (parts.length !== 3) throw fail("malformed", "The token is not a JWT.");
    let header;
    let claims;
    try {
      header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
      claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    } catch (e) {
      throw fail("malformed", "The token could not be decoded.");
    }
    if (header.alg !== "RS256" || header.kid !== this.kid) throw fail("signature", "The token was not issued by this identity platform.");
    const ok = crypto.verify("RSA-SHA256", Buffer.from(`${parts[0]}.${parts[1]}`),
      this.publicKey, Buffer.from(parts[2], "base64url"));
    if (!ok) throw fail("signature", "The token signature is invalid.");
    if (typeof claims.exp !== "number" || claims.exp <= nowSec) throw fail("expired", "The token has expired.");
    if (typeof claims.nbf === "number" && claims.nbf > nowSec + 300) throw fail("malformed", "The token is not yet valid.");
    return claims;
  }

  jwks() {
    const jwk = this.publicKey.export({ format: "jwk" });
    return { keys: [{ kty: "RSA", use: "sig", kid: this.kid, n: jwk.n, e: jwk.e, alg: "RS256" }] };
  }
}

module.exports = { TokenSigner };
