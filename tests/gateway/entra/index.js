"use strict";
// Microsoft Entra ID for the loopback gateway (`--entra`): a mock identity platform and a mock
// ARM on listeners of their own, and the data plane's `type=aad` authorization with Cosmos DB
// native RBAC. Seeded identities: see directory.js; role assignments: see seedAssignments().
const fs = require("fs");
const http = require("http");
const https = require("https");
const { TokenSigner } = require("./jwt");
const { Directory } = require("./directory");
const { IdentityPlatform, OAuthError, COSMOS_RESOURCE } = require("./identity");
const { Rbac, requiredActions, ManagementRefused, READER_ID, CONTRIBUTOR_ID } = require("./rbac");
const { Arm, ArmError } = require("./arm");
const { HttpError } = require("../errors");
const { pathSegments } = require("../auth");

const readBody = async req => {
  const chunks = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > 1024 * 1024) throw new Error("body too large");
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString("utf8");
};

const send = (res, status, body, headers = {}) => {
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) res.setHeader(k, v);
  if (body === undefined) {
    res.statusCode = status;
    res.end();
    return;
  }
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.statusCode = status;
  if (!res.getHeader("content-type")) res.setHeader("content-type", typeof body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.end(text);
};

class Entra {
  constructor(g, opts) {
    this.g = g;
    this.opts = opts;
    this.dir = new Directory();
    this.signer = new TokenSigner();
    const sub = this.dir.subscriptions[0].subscriptionId;
    this.accountSpec = { subscriptionId: sub, resourceGroup: "rg-cosmoscope", name: opts.accountName || "cosmoscope-sandbox", kind: "GlobalDocumentDB" };
    this.arm = new Arm(g, this.dir, this.signer, null, this.accountSpec);
    this.rbac = new Rbac(this.arm.accountId());
    this.arm.rbac = this.rbac;
    this.identity = new IdentityPlatform(this.dir, this.signer, () => [this.dataPlaneResource(), this.arm.base]);
    this.seedAssignments();
  }

  seedAssignments() {
    const sp = this.dir.principals.find(p => p.kind === "servicePrincipal");
    this.rbac.assign(sp.oid, CONTRIBUTOR_ID);
    this.rbac.assign(this.dir.user("ada@contoso.test").oid, READER_ID);
    // grace@contoso.test holds no data-plane role.
  }

  dataPlaneResource() {
    return `${this.g.scheme}://127.0.0.1:${this.g.port}`;
  }

  // ---- data plane: `type=aad&ver=1.0&sig=<jwt>`
  authorizeDataPlane(req, pathname, kind, token) {
    const acct = this.accountSpec.name;
    let claims;
    try {
      claims = this.signer.verify(token);
    } catch (e) {
      if (e.reason === "expired") throw new HttpError(401, `Request blocked by Auth ${acct} : The AAD token has expired. Acquire a new token and retry the request.`);
      throw new HttpError(401, `Request blocked by Auth ${acct} : The AAD token is not valid: ${e.message}`);
    }
    const aud = String(claims.aud || "").replace(/\/+$/, "");
    if (aud !== COSMOS_RESOURCE && aud !== this.dataPlaneResource()) {
      throw new HttpError(401, `Request blocked by Auth ${acct} : The AAD token audience '${claims.aud}' is not valid for this account.`);
    }
    const segs = pathSegments(pathname);
    if (segs[0] === "_test") return { kind: "aad", claims };
    let body;
    if (kind === "POST_BATCH") {
      try { body = JSON.parse(req.rawBody.toString("utf8")); } catch (e) { body = []; }
    }
    let actions;
    try {
      actions = requiredActions(req.method, kind, segs, req.headers, body);
    } catch (e) {
      if (!(e instanceof ManagementRefused)) throw e;
      const err = new HttpError(403, `Request blocked by Auth ${acct} : The given request [${req.method} ${pathname}] cannot be authorized by AAD token in data plane. Learn more: https://aka.ms/cosmos-native-rbac.`);
      err.subStatus = 5300;
      throw err;
    }
    for (const action of actions) {
      if (!this.rbac.allowed(String(claims.oid).toLowerCase(), action, segs)) {
        const err = new HttpError(403, `Request blocked by Auth ${acct} : Request is blocked because principal [${claims.oid}] does not have required RBAC permissions to perform action [${action}] on resource [${segs.slice(0, 4).join("/") || "/"}]. Learn more: https://aka.ms/cosmos-native-rbac.`);
        err.subStatus = 5301;
        throw err;
      }
    }
    return { kind: "aad", claims };
  }

  // ---- listeners
  async loginHandler(req, res) {
    const url = new URL(req.url, this.identity.base);
    const segs = url.pathname.split("/").filter(Boolean);
    try {
      if (req.method === "POST" && url.pathname === "/_test/identity") {
        return send(res, 200, this.identity.configure(JSON.parse((await readBody(req)) || "{}")));
      }
      if (req.method === "GET" && url.pathname === "/common/discovery/instance") return send(res, 200, this.identity.instanceDiscovery());
      if (url.pathname === "/devicelogin") {
        const form = req.method === "POST" ? new URLSearchParams(await readBody(req)) : url.searchParams;
        const r = this.identity.deviceLogin(form.get("user_code"), form.get("user"), form.get("action"));
        return send(res, r.ok ? 200 : 400, r.message);
      }
      const tenant = segs[0];
      const rest = segs.slice(1).join("/");
      if (req.method === "GET" && rest === "v2.0/.well-known/openid-configuration") return send(res, 200, this.identity.openidConfiguration(tenant));
      if (req.method === "GET" && (rest === "discovery/v2.0/keys" || rest === "discovery/keys")) return send(res, 200, this.signer.jwks());
      if (req.method === "GET" && rest === "oauth2/v2.0/authorize") {
        return send(res, 302, "Redirecting", { location: this.identity.authorize(tenant, url.searchParams) });
      }
      if (req.method === "POST" && rest === "oauth2/v2.0/devicecode") {
        return send(res, 200, this.identity.deviceAuthorization(tenant, new URLSearchParams(await readBody(req))));
      }
      if (req.method === "POST" && rest === "oauth2/v2.0/token") {
        let basic = null;
        const m = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization || ""));
        if (m) {
          const [id, secret] = Buffer.from(m[1], "base64").toString("utf8").split(":").map(decodeURIComponent);
          basic = { id, secret };
        }
        return send(res, 200, this.identity.token(tenant, new URLSearchParams(await readBody(req)), basic));
      }
      return send(res, 404, this.identity.errorBody(new OAuthError(404, "invalid_request", 90027, `No endpoint ${req.method} ${url.pathname}.`)));
    } catch (e) {
      if (e instanceof OAuthError) return send(res, e.status, this.identity.errorBody(e));
      return send(res, 400, this.identity.errorBody(new OAuthError(400, "invalid_request", 900144, e.message)));
    }
  }

  async armHandler(req, res) {
    const url = new URL(req.url, this.arm.base);
    try {
      const text = await readBody(req);
      let body;
      if (text.trim()) {
        try { body = JSON.parse(text); } catch (e) { throw new ArmError(400, "InvalidRequestContent", `The request content was invalid and could not be deserialized: ${e.message}`); }
      }
      const r = await this.arm.handle(req, url, body);
      const headers = { ...(r.headers || {}), "x-ms-request-id": require("crypto").randomUUID() };
      if (this.arm.truncateNext > 0 && r.status < 300 && r.body !== undefined && !url.pathname.startsWith("/_test/")) {
        // fault for tests: the answer is cut halfway under a full content-length
        this.arm.truncateNext--;
        const text = JSON.stringify(r.body);
        for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
        res.writeHead(r.status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
        res.write(text.slice(0, Math.floor(text.length / 2)), () => res.socket.destroy());
        return;
      }
      send(res, r.status, r.body, headers);
    } catch (e) {
      const status = e.status || 500;
      if (status >= 500) console.error(e); // eslint-disable-line no-console
      send(res, status, { error: { code: e.code || "InternalServerError", message: e.message } });
    }
  }

  listen() {
    const tls = this.opts.http ? null : { cert: fs.readFileSync(this.opts.cert), key: fs.readFileSync(this.opts.key) };
    const start = handler => new Promise((resolve, reject) => {
      const onReq = (req, res) => handler(req, res).catch(e => { console.error(e); if (!res.headersSent) send(res, 500, { error: { code: "InternalServerError", message: e.message } }); }); // eslint-disable-line no-console
      const server = tls ? https.createServer(tls, onReq) : http.createServer(onReq);
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve(server));
    });
    return Promise.all([start((q, s) => this.loginHandler(q, s)), start((q, s) => this.armHandler(q, s))]).then(([login, arm]) => {
      const scheme = this.opts.http ? "http" : "https";
      this.identity.base = `${scheme}://127.0.0.1:${login.address().port}`;
      this.arm.base = `${scheme}://127.0.0.1:${arm.address().port}`;
      this.servers = [login, arm];
      return { login: `${this.identity.base}/`, arm: `${this.arm.base}/` };
    });
  }

  close() {
    for (const s of this.servers || []) {
      s.close();
      if (s.closeAllConnections) s.closeAllConnections();
    }
  }
}

module.exports = { Entra };
