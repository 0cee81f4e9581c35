#!/usr/bin/env node
"use strict";
// Cosmoscope loopback Cosmos DB gateway: @vercel/cosmosdb-server in-process plus auth, offers,
// users/permissions, scripts, conflicts, change feed, partition-scoped queries.
//
//   node server.js --port P --cert F --key F [--http] [--seed sample] [--master-key K] [--regions "A,B"] [--consistency LEVEL] [--entra [--disable-local-auth] [--account-name N]]
//
// Prints exactly one line when listening: "Gateway ready at https://127.0.0.1:PORT/".
const fs = require("fs");
const http = require("http");
const https = require("https");
const crypto = require("crypto");
const { Account, routes: baseRoutes, parseJsonBody, lsnState } = require("./base");
const { HttpError, normaliseErrorBody } = require("./errors");
const { authorize } = require("./auth");
const { Offers } = require("./offers");
const { Users } = require("./users");
const { matchRoute } = require("./routes");
const { parsePkHeader } = require("./partition");
const { Faults } = require("./faults");
const { stringify } = require("./fidelity");
const { Regions } = require("./regions");

const EMULATOR_KEY = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
const MAX_BODY = 4 * 1024 * 1024;

function parseArgs(argv) {
  const o = { port: 8081, http: false, masterKey: EMULATOR_KEY };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      i += 1;
      return argv[i];
    };
    if (a === "--port") o.port = Number(next());
    else if (a === "--cert") o.cert = next();
    else if (a === "--key") o.key = next();
    else if (a === "--http") o.http = true;
    else if (a === "--seed") o.seed = next();
    else if (a === "--master-key") o.masterKey = next();
    else if (a === "--entra") o.entra = true;
    else if (a === "--disable-local-auth") o.disableLocalAuth = true;
    else if (a === "--account-name") o.accountName = next();
    else if (a === "--regions") o.regions = next().split(",").map(x => x.trim()).filter(Boolean);
    else if (a === "--consistency") o.consistency = next();
    else if (a === "--help" || a === "-h") o.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new Error("--port must be 0..65535");
  if (!o.http && (!o.cert || !o.key)) throw new Error("--cert and --key are required unless --http is given");
  if (o.seed && o.seed !== "sample") throw new Error("--seed only supports 'sample'");
  if (o.regions && (o.regions.length < 1 || o.regions.length > 4)) throw new Error("--regions takes 1 to 4 names");
  return o;
}

function kindOf(req) {
  const h = name => String(req.headers[name] || "").toLowerCase() === "true";
  if (req.method === "POST") {
    if (h("x-ms-documentdb-isquery") || String(req.headers["content-type"] || "").startsWith("application/query+json")) return "POST_QUERY";
    if (h("x-ms-documentdb-is-upsert")) return "POST_UPSERT";
    if (h("x-ms-cosmos-is-batch-request")) return "POST_BATCH";
  }
  return req.method;
}

function normalisePath(url) {
  let pathname = (url || "/").split("?")[0];
  while (pathname.startsWith("//")) pathname = pathname.slice(1);
  while (pathname.length > 1 && pathname.endsWith("/")) pathname = pathname.slice(0, -1);
  return pathname || "/";
}

/** The JWT of an `authorization: type=aad&ver=1.0&sig=<jwt>` header, or null. */
function aadToken(raw) {
  if (!raw) return null;
  let text = Array.isArray(raw) ? raw[0] : raw;
  try { text = decodeURIComponent(text); } catch (e) { /* keep */ }
  const m = /^type=aad&ver=1\.0&sig=(.+)$/i.exec(text);
  return m ? m[1] : null;
}

const isWriteKind = k => k === "POST" || k === "POST_UPSERT" || k === "POST_BATCH" || k === "PUT" || k === "DELETE" || k === "PATCH";

function createGateway(opts) {
  const g = {
    account: null,
    offers: new Offers(),
    users: null,
    scheme: opts.http ? "http" : "https",
    port: 0,
    masterKey: opts.masterKey || EMULATOR_KEY,
    disableLocalAuth: !!opts.disableLocalAuth,
    // Test-only fault injection, set by POST /_test/throttle: the next `remaining` requests
    // answer `status` (429 by default) with x-ms-retry-after-ms.
    throttle: { remaining: 0, retryAfterMs: 0, status: 429 },
    // Test-only random faults (seeded), set by POST /_test/faults; see faults.js.
    faults: new Faults(),
    // Regions (listening ports over this store), consistency level: see regions.js.
    regions: new Regions(opts.regions || ["Loopback"], opts.consistency),
    json: async req => parseJsonBody(req.rawBody),
    rawText: req => (req.rawBody ? req.rawBody.toString("utf8") : ""),
  };

  function authorizeRequest(req, pathname, kind) {
    const aad = g.entra ? aadToken(req.headers.authorization) : null;
    if (aad) return g.entra.authorizeDataPlane(req, pathname, kind, aad);
    if (g.disableLocalAuth && !pathname.startsWith("/_test/")) {
      throw new HttpError(401, "Local Authorization is disabled. Use an AAD token to authorize all requests.");
    }
    return authorize(req, pathname, g.masterKey, t => g.users.resolveToken(t));
  }

  async function dispatch(req, res, pathname, kind) {
    const auth = authorizeRequest(req, pathname, kind);
    g.regions.gate(req.region, req, pathname, isWriteKind(kind));
    if (auth.kind === "resource") {
      let pk;
      try { pk = parsePkHeader(req); } catch (e) { pk = undefined; }
      g.users.checkGrant(auth.grant, req, pathname, isWriteKind(kind), pk);
    }
    if (g.throttle.remaining > 0 && !pathname.startsWith("/_test/")) {
      g.throttle.remaining -= 1;
      res.setHeader("x-ms-retry-after-ms", String(g.throttle.retryAfterMs));
      res.setHeader("x-ms-substatus", g.throttle.status === 429 ? "3200" : "0");
      throw new HttpError(g.throttle.status, g.throttle.status === 429
        ? "Request rate is large. More Request Units may be needed, so no changes were made. Please retry this request later."
        : `Injected failure ${g.throttle.status} (test).`);
    }
    if (pathname === "/_test/faults") return g.faults.route(g, req, kind);
    await g.faults.before(req, res, pathname);
    return route(req, res, pathname, kind);
  }

  async function route(req, res, pathname, kind) {
    const mine = matchRoute(kind, pathname);
    if (mine) return mine.handler(g, req, res, mine.params);
    const base = baseRoutes(req);
    if (base) {
      const [params, handler] = base;
      return handler(g.account, req, res, params);
    }
    throw new HttpError(400, `No route for ${req.method} ${pathname}.`);
  }

  // A request from inside the service (the mock ARM resource provider): no auth, no faults.
  g.internal = async (method, path, headers = {}, body = undefined) => {
    const h = {};
    for (const [k, v] of Object.entries(headers)) h[k.toLowerCase()] = v;
    if (body !== undefined) h["content-type"] = h["content-type"] || "application/json";
    const req = { method, url: path, headers: h, rawBody: Buffer.from(body === undefined ? "" : stringify(body)) };
    const out = {};
    const res = { statusCode: 200, headersSent: false, setHeader: (k, v) => { out[k.toLowerCase()] = v; }, getHeader: k => out[k.toLowerCase()] };
    try {
      const b = await route(req, res, normalisePath(path), kindOf(req));
      return { status: res.statusCode, headers: out, body: b };
    } catch (err) {
      return { status: err.status || (err.badRequest || err instanceof SyntaxError ? 400 : err.conflict ? 409 : 500), headers: out, body: { message: err.message } };
    }
  };

  async function handle(req, res) {
    const activityId = crypto.randomUUID();
    const pathname = normalisePath(req.url);
    const kind = kindOf(req);
    res.statusCode = 200;
    let body;
    try {
      const chunks = [];
      let size = 0;
      for await (const c of req) {
        size += c.length;
        if (size > MAX_BODY) throw new HttpError(413, "The request body is too large.");
        chunks.push(c);
      }
      req.rawBody = Buffer.concat(chunks);
      body = await dispatch(req, res, pathname, kind);
    } catch (err) {
      if (err.faultReset) return; // injected: the socket is already destroyed
      let status = err.status;
      if (!status) {
        if (err.badRequest || err instanceof SyntaxError || /^Failed to parse/.test(err.message || "")) status = 400;
        else if (err.conflict) status = 409;
        else status = 500;
      }
      if (status >= 500 && !err.injected) console.error(err); // eslint-disable-line no-console
      res.statusCode = status;
      if (err.subStatus) res.setHeader("x-ms-substatus", String(err.subStatus));
      body = { ...(err.extra || {}), code: err.code && typeof err.code === "string" && !/^ERR_/.test(err.code) ? err.code : undefined, message: typeof err.message === "string" ? err.message.replace("{activity-id}", activityId) : err.message };
    }
    if (res.statusCode >= 400) body = normaliseErrorBody(res.statusCode, body);
    if (res.statusCode === 304 || res.statusCode === 204) body = undefined;
    const text = body === undefined ? "" : stringify(body); // lossless: big integers, key order
    if (body && body._etag && !res.getHeader("etag")) res.setHeader("etag", body._etag);
    const isWrite = isWriteKind(kind);
    const charge = (1 + (text.length + (req.rawBody ? req.rawBody.length : 0)) / 1024) * (isWrite ? 5 : 1);
    res.setHeader("content-type", "application/json");
    res.setHeader("x-ms-activity-id", activityId);
    res.setHeader("x-ms-request-charge", charge.toFixed(2));
    res.setHeader("x-ms-session-token", `0:1#${lsnState.lsn}`);
    res.setHeader("x-ms-gatewayversion", "cosmoscope-loopback-1");
    if (kind === "POST_QUERY" && req.headers["x-ms-documentdb-populatequerymetrics"] && res.statusCode < 400) {
      const n = body && body._count !== undefined ? body._count : 0;
      res.setHeader("x-ms-documentdb-query-metrics", `totalExecutionTimeInMs=0.10;queryCompileTimeInMs=0.01;queryLogicalPlanBuildTimeInMs=0.00;queryPhysicalPlanBuildTimeInMs=0.00;queryOptimizationTimeInMs=0.00;VMExecutionTimeInMs=0.05;indexLookupTimeInMs=0.00;documentLoadTimeInMs=0.01;systemFunctionExecuteTimeInMs=0.00;userFunctionExecuteTimeInMs=0.00;retrievedDocumentCount=${n};retrievedDocumentSize=${text.length};outputDocumentCount=${n};outputDocumentSize=${text.length};writeOutputTimeInMs=0.00;indexUtilizationRatio=1.00`);
    }
    g.faults.end(req, res, text); // res.end(text), unless an injected fault loses/truncates it
  }

  const onRequestIn = region => (req, res) => {
    req.region = region;
    handle(req, res).catch(err => {
      console.error(err); // eslint-disable-line no-console
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ code: "InternalServerError", message: String(err && err.message) }));
      } else res.destroy();
    });
  };
  const serverOpts = { keepAlive: true, keepAliveTimeout: 30000 };
  const tls = opts.http ? null : { cert: fs.readFileSync(opts.cert), key: fs.readFileSync(opts.key) };
  const makeServer = region => {
    const s = opts.http
      ? http.createServer(serverOpts, onRequestIn(region))
      : https.createServer({ ...serverOpts, ...tls }, onRequestIn(region));
    s.keepAliveTimeout = 30000;
    g.regions.attach(region, s);
    return s;
  };
  const server = makeServer(g.regions.list[0]);
  g.server = server;
  // (Re)listens a region's server on its port (0 the first time: a free one).
  g.listenRegion = region => new Promise((resolve, reject) => {
    const s = region.server && (region.server.listening || region.port === 0) ? region.server : makeServer(region);
    s.once("error", reject);
    s.listen(region.port, "127.0.0.1", () => {
      region.port = s.address().port;
      resolve(region.port);
    });
  });

  g.listen = () => new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, "127.0.0.1", () => {
      g.port = server.address().port;
      g.regions.list[0].port = g.port;
      g.account = new Account("127.0.0.1", g.port);
      g.users = new Users(g.account);
      if (opts.seed === "sample") require("./seed").seedSample(g); // eslint-disable-line global-require
      if (opts.entra) g.entra = new (require("./entra").Entra)(g, opts); // eslint-disable-line global-require
      Promise.all(g.regions.list.slice(1).map(r => g.listenRegion(r)))
        .then(() => resolve(`${g.scheme}://127.0.0.1:${g.port}/`), reject);
    });
  });
  return g;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`error: ${e.message}\nusage: node server.js --port P --cert F --key F [--http] [--seed sample] [--master-key K] [--regions "A,B"] [--consistency LEVEL] [--entra [--disable-local-auth] [--account-name N]]\n`);
    process.exit(2);
  }
  if (opts.help) {
    process.stdout.write("usage: node server.js --port P --cert F --key F [--http] [--seed sample] [--master-key K] [--regions \"A,B\"] [--consistency LEVEL] [--entra [--disable-local-auth] [--account-name N]]\n");
    return;
  }
  const g = createGateway(opts);
  const url = await g.listen();
  const stop = () => {
    for (const r of g.regions.list) {
      r.server.close();
      if (r.server.closeAllConnections) r.server.closeAllConnections();
    }
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  fs.writeSync(1, `Gateway ready at ${url}\n`);
  if (g.entra) {
    const e = await g.entra.listen();
    fs.writeSync(1, `Entra ready at login=${e.login} arm=${e.arm}\n`);
  }
}

if (require.main === module) {
  main().catch(e => {
    process.stderr.write(`error: ${e.stack || e}\n`);
    process.exit(1);
  });
}

module.exports = { createGateway, EMULATOR_KEY };
