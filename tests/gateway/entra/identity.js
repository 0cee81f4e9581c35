"use strict";
// A mock Microsoft identity platform (v2.0 endpoints) on its own listener: OpenID discovery,
// JWKS, authorize (authorization code + PKCE, RFC 7636/8252), token (client credentials,
// authorization code, device code, refresh token) and device authorization (RFC 8628).
// Error answers follow AAD's shape: {error, error_description: "AADSTSnnnn: ...", error_codes}.
const crypto = require("crypto");

const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
const PUBLIC_ARM_RESOURCES = ["https://management.azure.com", "https://management.core.windows.net"];
const COSMOS_RESOURCE = "https://cosmos.azure.com";

class OAuthError extends Error {
  constructor(status, error, aadsts, description) {
    super(description);
    this.status = status;
    this.error = error;
    this.aadsts = aadsts;
  }
}

const randomId = (n = 24) => crypto.randomBytes(n).toString("base64url");
const nowSec = () => Math.floor(Date.now() / 1000);
const trimSlash = s => String(s || "").replace(/\/+$/, "");

class IdentityPlatform {
  /** `resources()` returns the extra resource ids this platform issues tokens for (data plane, ARM). */
  constructor(directory, signer, resources) {
    this.dir = directory;
    this.signer = signer;
    this.resources = resources;
    this.base = ""; // set when listening: https://127.0.0.1:PORT
    this.codes = new Map(); // code -> {clientId, redirectUri, challenge, scopes, oid, tid, nonce, exp}
    this.deviceCodes = new Map(); // device_code -> {userCode, clientId, scopes, tid, exp, interval, lastPoll, state, oid}
    this.refreshTokens = new Map(); // token -> {clientId, oid, tid}
    this.deviceInterval = 5;
    this.deviceExpiresIn = 900;
    this.issued = 0; // access tokens issued, for tests
  }

  issuer(tid) {
    return `${this.base}/${tid}/v2.0`;
  }

  // ---- helpers
  resolveTenant(segment, principal) {
    const s = String(segment || "").toLowerCase();
    if (s === "common" || s === "organizations") {
      if (!principal) return this.dir.tenants[0].tenantId;
      return principal.tenants[0];
    }
    const t = this.dir.tenant(s);
    if (!t) throw new OAuthError(400, "invalid_request", 90002, `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    return t.tenantId;
  }

  /** The single resource a scope list names (".default" or resource/permission form). */
  resourceOf(scopes) {
    const res = scopes.filter(s => !["openid", "profile", "offline_access", "email"].includes(s));
    if (res.length === 0) return null;
    const ids = new Set(res.map(s => {
      const i = s.lastIndexOf("/");
      return trimSlash(i > 8 ? s.slice(0, i) : s);
    }));
    if (ids.size > 1) throw new OAuthError(400, "invalid_scope", 28000, "Provided value for the input parameter scope is not valid because it contains more than one resource. Scope " + res.join(" ") + " is not valid.");
    const id = [...ids][0];
    const known = [COSMOS_RESOURCE, ...PUBLIC_ARM_RESOURCES, ...this.resources().map(trimSlash)];
    if (!known.includes(id)) {
      throw new OAuthError(400, "invalid_resource", 500011, `The resource principal named ${id} was not found in the tenant. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`);
    }
    return id;
  }

  accessToken(principal, tid, resource, clientId, scopes) {
    const iat = nowSec();
    const claims = {
      aud: resource, iss: this.issuer(tid), iat, nbf: iat, exp: iat + this.dir.tokenLifetimeSec,
      tid, oid: principal.oid, sub: principal.oid, azp: clientId, appid: clientId, ver: "2.0",
      uti: randomId(12),
    };
    if (principal.kind === "user") {
      claims.name = principal.name;
      claims.preferred_username = principal.upn;
      claims.scp = scopes.filter(s => s.includes("/")).map(s => s.slice(s.lastIndexOf("/") + 1)).join(" ") || "user_impersonation";
    } else {
      claims.idtyp = "app";
    }
    this.issued += 1;
    return this.signer.sign(claims);
  }

  tokenAnswer(principal, tid, clientId, scopes, { refresh, nonce, clientInfo }) {
    const resource = this.resourceOf(scopes);
    const out = { token_type: "Bearer", scope: scopes.join(" "), expires_in: this.dir.tokenLifetimeSec, ext_expires_in: this.dir.tokenLifetimeSec };
    if (resource) out.access_token = this.accessToken(principal, tid, resource, clientId, scopes);
    if (refresh && scopes.includes("offline_access") || refresh === "always") {
      const rt = randomId(48);
      this.refreshTokens.set(rt, { clientId, oid: principal.oid, tid });
      out.refresh_token = rt;
    }
    if (principal.kind === "user" && scopes.includes("openid")) {
      const iat = nowSec();
      const id = { aud: clientId, iss: this.issuer(tid), iat, nbf: iat, exp: iat + 3600, tid, oid: principal.oid, sub: principal.oid,
        name: principal.name, preferred_username: principal.upn, ver: "2.0" };
      if (nonce) id.nonce = nonce;
      out.id_token = this.signer.sign(id);
    }
    if (clientInfo) out.client_info = Buffer.from(JSON.stringify({ uid: principal.oid, utid: tid })).toString("base64url");
    return out;
  }

  // ---- endpoints
  openidConfiguration(tenantSegment) {
    const t = ["common", "organizations"].includes(tenantSegment) ? "{tenantid}" : this.resolveTenant(tenantSegment);
    const p = ["common", "organizations"].includes(tenantSegment) ? tenantSegment : t;
    return {
      token_endpoint: `${this.base}/${p}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
      jwks_uri: `${this.base}/${p}/discovery/v2.0/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      issuer: `${this.base}/${t}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${this.base}/oidc/userinfo`,
      authorization_endpoint: `${this.base}/${p}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${this.base}/${p}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${this.base}/${p}/oauth2/v2.0/logout`,
      claims_supported: ["sub", "iss", "aud", "exp", "iat", "nonce", "preferred_username", "name", "tid", "ver", "oid"],
      tenant_region_scope: "WW",
      cloud_instance_name: "microsoftonline.com",
      cloud_graph_host_name: "graph.windows.net",
      msgraph_host: "graph.microsoft.com",
    };
  }

  instanceDiscovery() {
    const host = this.base.replace(/^https?:\/\//, "");
    return {
      tenant_discovery_endpoint: `${this.base}/common/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
  }

  /** The browser's visit to /authorize: signs in `this.dir.browserUser` and redirects with a code. */
  authorize(tenantSegment, q) {
    const redirect = q.get("redirect_uri") || "";
    let u;
    try { u = new URL(redirect); } catch (e) { u = null; }
    // RFC 8252: a native app's loopback redirect is http on 127.0.0.1 / localhost, any port.
    if (!u || u.protocol !== "http:" || !["127.0.0.1", "localhost", "[::1]"].includes(u.hostname)) {
      throw new OAuthError(400, "invalid_request", 50011, `The redirect URI '${redirect}' specified in the request does not match the redirect URIs configured for the application.`);
    }
    const clientId = q.get("client_id") || "";
    const fail = (error, code, desc) => {
      u.searchParams.set("error", error);
      u.searchParams.set("error_description", `AADSTS${code}: ${desc}`);
      if (q.get("state")) u.searchParams.set("state", q.get("state"));
      return u.toString();
    };
    if (!this.dir.publicClients.has(clientId)) return fail("unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory.`);
    if (q.get("response_type") !== "code") return fail("unsupported_response_type", 900144, "The request body must contain the following parameter: 'response_type' = 'code'.");
    if (!q.get("code_challenge") || q.get("code_challenge_method") !== "S256") {
      return fail("invalid_request", 9002325, "Proof Key for Code Exchange is required for cross-origin authorization code redemption (S256).");
    }
    const user = this.dir.user(this.dir.browserUser);
    if (!user) return fail("access_denied", 50126, "The user declined to sign in.");
    const scopes = (q.get("scope") || "").split(/\s+/).filter(Boolean);
    let tid;
    try {
      tid = this.resolveTenant(tenantSegment, user);
      if (!user.tenants.includes(tid)) return fail("invalid_request", 50020, `User account '${user.upn}' from identity provider does not exist in tenant '${tid}'.`);
      this.resourceOf(scopes);
    } catch (e) {
      return fail(e.error || "invalid_request", e.aadsts || 90014, e.message);
    }
    const code = randomId(32);
    this.codes.set(code, { clientId, redirectUri: redirect, challenge: q.get("code_challenge"), scopes, oid: user.oid, tid,
      nonce: q.get("nonce") || "", exp: nowSec() + 600 });
    u.searchParams.set("code", code);
    if (q.get("state") !== null) u.searchParams.set("state", q.get("state"));
    u.searchParams.set("session_state", randomId(8));
    return u.toString();
  }

  deviceAuthorization(tenantSegment, form) {
    const clientId = form.get("client_id") || "";
    if (!this.dir.publicClients.has(clientId)) throw new OAuthError(400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory.`);
    const scopes = (form.get("scope") || "").split(/\s+/).filter(Boolean);
    this.resourceOf(scopes);
    const tid = ["common", "organizations"].includes(tenantSegment) ? null : this.resolveTenant(tenantSegment);
    const deviceCode = randomId(32);
    const alphabet = "BCDFGHJKLMNPQRSTVWXZ23456789";
    const userCode = Array.from(crypto.randomBytes(9), b => alphabet[b % alphabet.length]).join("");
    const verificationUri = `${this.base}/devicelogin`;
    this.deviceCodes.set(deviceCode, { userCode, clientId, scopes, tid, exp: nowSec() + this.deviceExpiresIn,
      interval: this.deviceInterval, lastPoll: 0, state: "pending", oid: null });
    return {
      user_code: userCode, device_code: deviceCode, verification_uri: verificationUri,
      expires_in: this.deviceExpiresIn, interval: this.deviceInterval,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
    };
  }

  /** The user at /devicelogin: approve or deny a user code as `user`. */
  deviceLogin(userCode, upn, action) {
    const entry = [...this.deviceCodes.values()].find(d => d.userCode === String(userCode || "").toUpperCase());
    if (!entry || entry.exp <= nowSec()) return { ok: false, message: "That code is not valid or has expired." };
    const user = this.dir.user(upn || this.dir.browserUser);
    if (!user) return { ok: false, message: "Unknown user." };
    if (action === "deny") {
      entry.state = "denied";
      return { ok: true, message: "Sign-in declined." };
    }
    const tid = entry.tid || user.tenants[0];
    if (!user.tenants.includes(tid)) return { ok: false, message: `${user.upn} is not in tenant ${tid}.` };
    entry.state = "approved";
    entry.oid = user.oid;
    entry.tid = tid;
    return { ok: true, message: `Signed in as ${user.upn}. You can close this window.` };
  }

  token(tenantSegment, form, basicAuth) {
    const grant = form.get("grant_type");
    const clientId = form.get("client_id") || (basicAuth && basicAuth.id) || "";
    const scopes = (form.get("scope") || "").split(/\s+/).filter(Boolean);
    const clientInfo = form.get("client_info") === "1";
    if (grant === "client_credentials") {
      const sp = this.dir.servicePrincipal(clientId);
      const secret = form.get("client_secret") || (basicAuth && basicAuth.secret);
      if (!sp) throw new OAuthError(400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory.`);
      if (!secret || secret !== sp.secret) throw new OAuthError(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app.");
      const tid = this.resolveTenant(tenantSegment, sp);
      if (!sp.tenants.includes(tid)) throw new OAuthError(400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory '${tid}'.`);
      if (scopes.length !== 1 || !scopes[0].endsWith("/.default")) throw new OAuthError(400, "invalid_scope", 1002012, "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.");
      return this.tokenAnswer(sp, tid, clientId, scopes, { clientInfo });
    }
    if (grant === "authorization_code") {
      const entry = this.codes.get(form.get("code") || "");
      this.codes.delete(form.get("code") || ""); // single use
      if (!entry || entry.exp <= nowSec()) throw new OAuthError(400, "invalid_grant", 70008, "The provided authorization code or refresh token has expired or was already redeemed. Send a new interactive authorization request for this user and resource.");
      if (entry.clientId !== clientId) throw new OAuthError(400, "invalid_grant", 70002, "The client id does not match the one the code was issued to.");
      if (entry.redirectUri !== form.get("redirect_uri")) throw new OAuthError(400, "invalid_grant", 50148, "The redirect URI does not match the one used to obtain the authorization code.");
      const verifier = form.get("code_verifier") || "";
      if (crypto.createHash("sha256").update(verifier).digest("base64url") !== entry.challenge) {
        throw new OAuthError(400, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.");
      }
      const user = this.dir.principal(entry.oid);
      const sc = scopes.length ? scopes : entry.scopes;
      return this.tokenAnswer(user, entry.tid, clientId, sc, { refresh: "always", nonce: entry.nonce, clientInfo });
    }
    if (grant === DEVICE_GRANT || grant === "device_code") { // AAD takes the RFC 8628 URN and MSAL's short form
      const dc = form.get("device_code") || "";
      const entry = this.deviceCodes.get(dc);
      if (!entry || entry.clientId !== clientId) throw new OAuthError(400, "invalid_grant", 70000, "The provided value for the input parameter 'device_code' is not valid.");
      const now = Date.now();
      if (entry.exp <= nowSec()) throw new OAuthError(400, "expired_token", 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired.");
      if (entry.state === "denied") throw new OAuthError(400, "access_denied", 70019, "The user declined the sign-in.");
      const early = entry.lastPoll && now - entry.lastPoll < entry.interval * 1000 - 100;
      entry.lastPoll = now;
      if (early) {
        entry.interval += this.slowDownIncrement;
        throw new OAuthError(400, "slow_down", 70016, "Polled faster than the interval; slow down.");
      }
      if (entry.state !== "approved") throw new OAuthError(400, "authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling.");
      this.deviceCodes.delete(dc);
      const user = this.dir.principal(entry.oid);
      return this.tokenAnswer(user, entry.tid, clientId, scopes.length ? scopes : entry.scopes, { refresh: "always", clientInfo });
    }
    if (grant === "refresh_token") {
      const rt = form.get("refresh_token") || "";
      const entry = this.refreshTokens.get(rt);
      if (!entry) throw new OAuthError(400, "invalid_grant", 700082, "The refresh token has expired or was revoked. Sign in again.");
      if (entry.clientId !== clientId) throw new OAuthError(400, "invalid_grant", 70000, "The refresh token was issued to a different client.");
      this.refreshTokens.delete(rt); // rotation: a refresh token is used once
      const user = this.dir.principal(entry.oid);
      const tid = ["common", "organizations"].includes(String(tenantSegment).toLowerCase()) ? entry.tid : this.resolveTenant(tenantSegment, user);
      if (!user.tenants.includes(tid)) throw new OAuthError(400, "invalid_grant", 50020, `User account '${user.upn}' does not exist in tenant '${tid}'.`);
      return this.tokenAnswer(user, tid, clientId, scopes, { refresh: "always", clientInfo });
    }
    throw new OAuthError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grant}'.`);
  }

  errorBody(err) {
    const now = new Date();
    const trace = crypto.randomUUID();
    const corr = crypto.randomUUID();
    return {
      error: err.error,
      error_description: `AADSTS${err.aadsts}: ${err.message} Trace ID: ${trace} Correlation ID: ${corr} Timestamp: ${now.toISOString().replace("T", " ").slice(0, 19)}Z`,
      error_codes: [err.aadsts],
      timestamp: now.toISOString(),
      trace_id: trace,
      correlation_id: corr,
      error_uri: `${this.base}/error?code=${err.aadsts}`,
    };
  }

  /** Test control: token lifetime, browser user, device-code timing, revoking refresh tokens. */
  configure(body) {
    if (Number.isInteger(body.tokenLifetimeSec) && body.tokenLifetimeSec > 0) this.dir.tokenLifetimeSec = body.tokenLifetimeSec;
    if (typeof body.browserUser === "string") this.dir.browserUser = body.browserUser;
    if (Number.isInteger(body.deviceInterval) && body.deviceInterval > 0) this.deviceInterval = body.deviceInterval;
    if (Number.isInteger(body.deviceExpiresIn) && body.deviceExpiresIn > 0) this.deviceExpiresIn = body.deviceExpiresIn;
    if (Number.isInteger(body.slowDownIncrement) && body.slowDownIncrement >= 0) this.slowDownIncrement = body.slowDownIncrement;
    if (body.revokeRefreshTokens) this.refreshTokens.clear();
    // A test registers its own secret for the service principal (e.g. a random one it then looks
    // for in files and logs); the previous one stops working, as after a secret rotation.
    if (typeof body.servicePrincipalSecret === "string" && body.servicePrincipalSecret) {
      const sp = this.dir.servicePrincipal(body.servicePrincipalId || "33333333-3333-4333-8333-333333333333");
      if (sp) sp.secret = body.servicePrincipalSecret;
    }
    return { tokenLifetimeSec: this.dir.tokenLifetimeSec, browserUser: this.dir.browserUser, deviceInterval: this.deviceInterval,
      issued: this.issued, refreshTokens: this.refreshTokens.size };
  }
}
IdentityPlatform.prototype.slowDownIncrement = 5; // RFC 8628 §3.5

module.exports = { IdentityPlatform, OAuthError, COSMOS_RESOURCE, PUBLIC_ARM_RESOURCES };
