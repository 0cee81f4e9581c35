#!/usr/bin/env node
"use strict";
// Hostile Cosmos-like server for client robustness tests (test infrastructure, Node stdlib only).
//
//   node tests/hostile/server.js --cert F --key F      (HTTPS)
//   node tests/hostile/server.js --http                (plain HTTP)
//
// Opens one listener per case on 127.0.0.1 (free ports) and prints, one per line on stdout,
// "case NAME URL", then "Hostile ready". Afterwards the only stdout lines are
// "trap-hit METHOD PATH authorization-present=yes|no" (one per request the trap receives).
// Exits 0 on SIGTERM/SIGINT, destroying every open socket first.
//
// HTTP/1.1 is spoken over raw net/tls sockets (not node:http) so that responses can break
// framing on purpose: wrong Content-Length, bytes after the body, truncation, silence.
// See README.md for the cases.
const fs = require("fs");
const net = require("net");
const tls = require("tls");
const crypto = require("crypto");

const USAGE = "usage: node tests/hostile/server.js (--http | --cert F --key F)\n";
const MAX_HEAD = 64 * 1024; // request head limit
const MAX_REQUEST_BODY = 16 * 1024 * 1024;
const HUGE_BODY_BYTES = 100 * 1024 * 1024;

const REASONS = {
  100: "Continue", 200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently",
  307: "Temporary Redirect", 400: "Bad Request", 404: "Not Found", 429: "Too Many Requests",
  431: "Request Header Fields Too Large", 500: "Internal Server Error", 503: "Service Unavailable",
};

function parseArgs(argv) {
  const o = { http: false };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      i += 1;
      return argv[i];
    };
    if (a === "--http") o.http = true;
    else if (a === "--cert") o.cert = next();
    else if (a === "--key") o.key = next();
    else if (a === "--help" || a === "-h") o.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.http && (!o.cert || !o.key)) throw new Error("--cert and --key are required unless --http is given");
  return o;
}

// ---------------------------------------------------------------------------------------------
// Output

function out(line) {
  try { process.stdout.write(`${line}\n`); } catch (e) { /* stdout gone: keep serving */ }
}
process.stdout.on("error", () => {});

// ---------------------------------------------------------------------------------------------
// Cosmos-shaped bodies

const FEED_KEYS = {
  dbs: "Databases", colls: "DocumentCollections", docs: "Documents", pkranges: "PartitionKeyRanges",
  users: "Users", permissions: "Permissions", sprocs: "StoredProcedures", triggers: "Triggers",
  udfs: "UserDefinedFunctions", conflicts: "Conflicts", offers: "Offers", attachments: "Attachments",
};

const rid = () => crypto.randomBytes(6).toString("base64").replace(/[+/]/g, "A");
const etag = () => `"${crypto.randomUUID()}"`;
const nowTs = () => Math.floor(Date.now() / 1000);

function decodeSeg(s) {
  try { return decodeURIComponent(s); } catch (e) { return s; }
}

/** What a request addresses: {type:"account"|"feed"|"object", coll, id}. */
function describe(req) {
  const segs = req.path.split("/").filter(s => s !== "").map(decodeSeg);
  if (segs.length === 0) return { type: "account" };
  if (segs.length % 2 === 1) {
    const coll = segs[segs.length - 1];
    if (req.method === "GET" || req.isQuery) return { type: "feed", coll };
    return { type: "object", coll, id: null }; // a create/upsert on a feed returns one resource
  }
  return { type: "object", coll: segs[segs.length - 2], id: segs[segs.length - 1] };
}

function resource(coll, id, n) {
  const r = rid();
  const base = { _rid: r, _self: `${coll}/${r}/`, _etag: etag(), _ts: nowTs() };
  switch (coll) {
    case "dbs":
      return { id: id || `db-${n}`, ...base, _colls: "colls/", _users: "users/" };
    case "colls":
      return {
        id: id || `coll-${n}`,
        partitionKey: { paths: ["/pk"], kind: "Hash", version: 2 },
        indexingPolicy: { indexingMode: "consistent", automatic: true, includedPaths: [{ path: "/*" }], excludedPaths: [{ path: "/\"_etag\"/?" }] },
        ...base, _docs: "docs/", _sprocs: "sprocs/", _triggers: "triggers/", _udfs: "udfs/", _conflicts: "conflicts/",
      };
    case "docs":
      return { id: id || `item-${n}`, pk: "a", value: n, ...base, _attachments: "attachments/" };
    case "pkranges":
      return { id: id || "0", minInclusive: "", maxExclusive: "FF", ridPrefix: 0, throughputFraction: 1, status: "online", parents: [], ...base };
    default:
      return { id: id || `${coll}-${n}`, ...base };
  }
}

function feedBody(coll, items) {
  return JSON.stringify({ _rid: "x", [FEED_KEYS[coll] || coll]: items, _count: items.length });
}

function accountBody(ctx) {
  const loc = [{ name: "Hostile", databaseAccountEndpoint: ctx.url }];
  return JSON.stringify({
    _self: "", id: "hostile", _rid: "hostile.documents.azure.com", media: "//media/", addresses: "//addresses/",
    _dbs: "//dbs/", writableLocations: loc, readableLocations: loc, enableMultipleWriteLocations: false,
    userReplicationPolicy: { asyncReplication: false, minReplicaSetSize: 3, maxReplicasetSize: 4 },
    userConsistencyPolicy: { defaultConsistencyLevel: "Session" },
    systemReplicationPolicy: { minReplicaSetSize: 3, maxReplicasetSize: 4 },
    readPolicy: { primaryReadCoefficient: 1, secondaryReadCoefficient: 1 },
    queryEngineConfiguration: "{\"maxSqlQueryInputLength\":262144,\"maxJoinsPerSqlQuery\":5}",
  });
}

/** The body a well-behaved server would send for this request (n numbers generated items). */
function normalBody(req, ctx, n) {
  const d = describe(req);
  if (d.type === "account") return accountBody(ctx);
  if (d.type === "feed") return feedBody(d.coll, [resource(d.coll, null, n)]);
  return JSON.stringify(resource(d.coll, d.id, n));
}

function normalStatus(req) {
  const d = describe(req);
  if (req.method === "DELETE") return 204;
  if (req.method === "POST" && d.type === "object" && d.id === null) return 201;
  return 200;
}

function stdHeaders(extra = {}) {
  return {
    Date: new Date().toUTCString(),
    "Content-Type": "application/json",
    "x-ms-request-charge": "1.00",
    "x-ms-activity-id": crypto.randomUUID(),
    "x-ms-session-token": "0:1#1",
    "x-ms-gatewayversion": "hostile-1",
    ...extra,
  };
}

function headBytes(status, headers) {
  let s = `HTTP/1.1 ${status} ${REASONS[status] || "Status"}\r\n`;
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined && v !== null) s += `${k}: ${v}\r\n`;
  }
  return Buffer.from(`${s}\r\n`, "latin1");
}

// ---------------------------------------------------------------------------------------------
// Connections: a small HTTP/1.1 request reader over a raw socket

/**
 * Serve one socket: parse requests one after another, call `handler(req, conn)` for each.
 * The handler returns "keep" (response complete, keep-alive), "close" (it ended/destroyed the
 * socket), or "hold" (never answer again; the socket stays open, input is discarded).
 */
function serveSocket(socket, handler) {
  let buf = Buffer.alloc(0);
  let busy = false;
  let held = false;
  let sentContinue = false;
  const waiters = new Set();
  const conn = {
    socket,
    closed: false,
    /** Write; resolves true when the data was accepted (after 'drain' if needed), false when the socket closed. */
    write(data) {
      if (conn.closed || socket.destroyed) return Promise.resolve(false);
      if (socket.write(data)) return Promise.resolve(true);
      return new Promise(resolve => {
        const done = ok => { waiters.delete(done); socket.off("drain", onDrain); resolve(ok); };
        const onDrain = () => done(true);
        waiters.add(done);
        socket.once("drain", onDrain);
      });
    },
    /** Write, and once the data has been flushed to the kernel destroy the socket (no TLS close_notify). */
    writeThenDestroy(data) {
      return new Promise(resolve => {
        if (conn.closed || socket.destroyed) return resolve();
        socket.write(data, () => setTimeout(() => { socket.destroy(); resolve(); }, 20));
        return undefined;
      });
    },
    /** Write, then end the stream gracefully (FIN / TLS close_notify). */
    writeThenEnd(data) {
      if (!conn.closed && !socket.destroyed) socket.end(data);
    },
  };
  socket.on("error", () => {});
  socket.on("close", () => {
    conn.closed = true;
    for (const w of [...waiters]) w(false);
  });
  socket.on("data", d => {
    if (held) return;
    buf = buf.length ? Buffer.concat([buf, d]) : d;
    pump();
  });

  const fail = status => {
    held = true;
    const body = JSON.stringify({ code: "BadRequest", message: `Malformed request (${status}).` });
    conn.writeThenEnd(Buffer.concat([headBytes(status, stdHeaders({ "Content-Length": Buffer.byteLength(body), Connection: "close" })), Buffer.from(body)]));
  };

  function parse() {
    const end = buf.indexOf("\r\n\r\n");
    if (end < 0) {
      if (buf.length > MAX_HEAD) fail(431);
      return null;
    }
    if (end > MAX_HEAD) { fail(431); return null; }
    const lines = buf.subarray(0, end).toString("latin1").split("\r\n");
    const m = /^([A-Z]+) (\S+) (HTTP\/1\.[01])$/.exec(lines[0]);
    if (!m) { fail(400); return null; }
    const headers = {};
    for (const line of lines.slice(1)) {
      const i = line.indexOf(":");
      if (i <= 0) continue;
      const k = line.slice(0, i).trim().toLowerCase();
      const v = line.slice(i + 1).trim();
      headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
    }
    let pos = end + 4;
    let body;
    if (/chunked/i.test(headers["transfer-encoding"] || "")) {
      const parts = [];
      for (;;) {
        const le = buf.indexOf("\r\n", pos);
        if (le < 0) return waitBody(headers);
        const size = parseInt(buf.subarray(pos, le).toString("latin1").split(";")[0], 16);
        if (!Number.isFinite(size) || size < 0) { fail(400); return null; }
        if (size === 0) {
          if (buf.length < le + 4) return waitBody(headers);
          if (buf.subarray(le + 2, le + 4).toString("latin1") === "\r\n") { pos = le + 4; break; }
          const te = buf.indexOf("\r\n\r\n", le + 2); // trailers
          if (te < 0) return waitBody(headers);
          pos = te + 4;
          break;
        }
        if (buf.length < le + 2 + size + 2) return waitBody(headers);
        parts.push(buf.subarray(le + 2, le + 2 + size));
        pos = le + 2 + size + 2;
        if (pos > MAX_REQUEST_BODY) { fail(400); return null; }
      }
      body = Buffer.concat(parts);
    } else {
      const len = Number(headers["content-length"] || 0);
      if (!Number.isInteger(len) || len < 0 || len > MAX_REQUEST_BODY) { fail(400); return null; }
      if (buf.length < pos + len) return waitBody(headers);
      body = buf.subarray(pos, pos + len);
      pos += len;
    }
    buf = buf.subarray(pos);
    sentContinue = false;
    const target = m[2];
    const isTrue = v => String(v || "").toLowerCase() === "true";
    return {
      method: m[1],
      target,
      path: target.split("?")[0],
      version: m[3],
      headers,
      body,
      isQuery: m[1] === "POST" && (isTrue(headers["x-ms-documentdb-isquery"]) || /^application\/query\+json/i.test(headers["content-type"] || "")),
      wantsClose: m[3] === "HTTP/1.0" ? !/keep-alive/i.test(headers.connection || "") : /close/i.test(headers.connection || ""),
    };
  }

  function waitBody(headers) {
    if (!sentContinue && /100-continue/i.test(headers.expect || "")) {
      sentContinue = true;
      socket.write("HTTP/1.1 100 Continue\r\n\r\n");
    }
    return null;
  }

  async function pump() {
    if (busy) return;
    busy = true;
    try {
      while (!held && !conn.closed) {
        const req = parse();
        if (!req) return;
        let r;
        try {
          r = await handler(req, conn);
        } catch (e) {
          process.stderr.write(`hostile: handler error: ${e.stack || e}\n`);
          socket.destroy();
          return;
        }
        if (r === "hold") { held = true; buf = Buffer.alloc(0); return; }
        if (r === "close") { held = true; return; }
        if (req.wantsClose) { held = true; socket.end(); return; }
      }
    } finally {
      busy = false;
    }
  }
}

/** A complete, well-framed response. Returns "keep". */
async function respond(conn, req, status, headers, body) {
  const b = body === undefined || body === null ? Buffer.alloc(0) : Buffer.from(body);
  const h = { ...headers };
  if (h["Content-Length"] === undefined && h["Transfer-Encoding"] === undefined) h["Content-Length"] = b.length;
  const payload = req.method === "HEAD" ? headBytes(status, h) : Buffer.concat([headBytes(status, h), b]);
  await conn.write(payload);
  return "keep";
}

const respondNormal = (conn, req, ctx, n) => {
  const status = normalStatus(req);
  return respond(conn, req, status, stdHeaders(), status === 204 ? "" : normalBody(req, ctx, n));
};

// ---------------------------------------------------------------------------------------------
// Cases

const JUNK_ITEM = `{"id":"${"x".repeat(1024 - 10)}"},`; // exactly 1 KB
const chunk = s => `${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n`;
const ENDLESS_BLOCK = Buffer.from(chunk(JUNK_ITEM).repeat(64)); // 64 chunks of one 1 KB item each
const X_BLOCK = Buffer.alloc(64 * 1024, "x");

const trapCounts = { connections: 0, requests: 0, byListener: {} };
function trapBucket(name) {
  if (!trapCounts.byListener[name]) trapCounts.byListener[name] = { connections: 0, requests: 0 };
  return trapCounts.byListener[name];
}

/** Each case: name -> async (req, conn, ctx) => "keep" | "close" | "hold". */
const CASES = {
  "truncated-page2": async (req, conn, ctx) => {
    const d = describe(req);
    if (d.type !== "feed") return respondNormal(conn, req, ctx, 1);
    if (!req.headers["x-ms-continuation"]) {
      return respond(conn, req, 200, stdHeaders({ "x-ms-continuation": "p2", "x-ms-item-count": "1" }),
        feedBody(d.coll, [resource(d.coll, null, 1)]));
    }
    // Any continuation (the client should send p2): declare the full body, send half, destroy.
    const body = Buffer.from(feedBody(d.coll, [resource(d.coll, null, 2)]));
    const head = headBytes(200, stdHeaders({ "Content-Length": body.length, "x-ms-item-count": "1" }));
    await conn.writeThenDestroy(Buffer.concat([head, body.subarray(0, body.length >> 1)]));
    return "close";
  },

  "short-body": async (req, conn, ctx) => {
    // The complete (valid) JSON, but Content-Length promises 512 bytes more; then a graceful EOF.
    const body = Buffer.from(normalBody(req, ctx, 1));
    conn.writeThenEnd(Buffer.concat([headBytes(200, stdHeaders({ "Content-Length": body.length + 512 })), body]));
    return "close";
  },

  "long-body": async (req, conn, ctx) => {
    // A valid response, then bytes beyond Content-Length in the same write. The connection stays
    // open, so a client that reuses it reads the junk where the next status line should be.
    const body = Buffer.from(normalBody(req, ctx, 1));
    const extra = Buffer.from("EXTRA-BYTES-AFTER-CONTENT-LENGTH {\"Documents\":[{\"id\":\"smuggled\"}],\"_count\":1}\r\n");
    await conn.write(Buffer.concat([headBytes(200, stdHeaders({ "Content-Length": body.length })), body, extra]));
    return "keep";
  },

  html: (req, conn) => respond(conn, req, 200, stdHeaders({ "Content-Type": "text/html; charset=utf-8" }),
    "<html><body>Proxy login</body></html>"),

  "not-json": (req, conn) => respond(conn, req, 200, stdHeaders(), "{\"_rid\":\"x\",\"Documents\":[{\"id\":\"a\"},"),

  "repeat-continuation": (() => {
    let n = 0;
    return (req, conn, ctx) => {
      const d = describe(req);
      n += 1;
      if (d.type !== "feed") return respondNormal(conn, req, ctx, n);
      return respond(conn, req, 200, stdHeaders({ "x-ms-continuation": "same-token", "x-ms-item-count": "1" }),
        feedBody(d.coll, [resource(d.coll, null, n)]));
    };
  })(),

  redirect: (req, conn, ctx) => respond(conn, req, 307, stdHeaders({ Location: ctx.trapUrl + req.target.replace(/^\/+/, "") }), ""),

  "redirect-301-http": (req, conn, ctx) => respond(conn, req, 301, stdHeaders({ Location: ctx.trapHttpUrl + req.target.replace(/^\/+/, "") }), ""),

  trap: (req, conn, ctx) => {
    trapCounts.requests += 1;
    trapBucket(ctx.name).requests += 1;
    out(`trap-hit ${req.method} ${req.target} authorization-present=${req.headers.authorization !== undefined ? "yes" : "no"}`);
    return respond(conn, req, 200, stdHeaders(), "{}");
  },

  endless: async (req, conn) => {
    await conn.write(Buffer.concat([
      headBytes(200, stdHeaders({ "Transfer-Encoding": "chunked" })),
      Buffer.from(chunk("{\"_rid\":\"x\",\"Documents\":[")),
    ]));
    while (!conn.closed) {
      if (!(await conn.write(ENDLESS_BLOCK))) break;
    }
    return "hold";
  },

  "huge-body": async (req, conn) => {
    const d = describe(req);
    const key = d.type === "feed" ? (FEED_KEYS[d.coll] || d.coll) : null;
    const prefix = Buffer.from(key ? `{"_rid":"x","${key}":[{"id":"huge","data":"` : "{\"id\":\"huge\",\"data\":\"");
    const suffix = Buffer.from(key ? "\"}],\"_count\":1}" : "\"}");
    let left = HUGE_BODY_BYTES - prefix.length - suffix.length;
    if (!(await conn.write(Buffer.concat([headBytes(200, stdHeaders({ "Content-Length": HUGE_BODY_BYTES })), prefix])))) return "close";
    while (left > 0) {
      const n = Math.min(left, X_BLOCK.length);
      if (!(await conn.write(n === X_BLOCK.length ? X_BLOCK : X_BLOCK.subarray(0, n)))) return "close";
      left -= n;
    }
    if (!(await conn.write(suffix))) return "close";
    return "keep";
  },

  silent: async () => "hold",

  "huge-headers": (req, conn, ctx) => {
    const h = stdHeaders();
    for (let i = 1; i <= 200; i += 1) {
      const p = `${i}-`;
      h[`x-ms-junk-${i}`] = p + "j".repeat(1024 - p.length);
    }
    return respond(conn, req, 200, h, normalBody(req, ctx, 1));
  },

  "huge-header-line": (req, conn, ctx) => respond(conn, req, 200, stdHeaders({ "x-ms-junk": "j".repeat(100 * 1024) }), normalBody(req, ctx, 1)),

  "throttle-forever": (req, conn) => respond(conn, req, 429,
    stdHeaders({ "x-ms-retry-after-ms": "600000", "x-ms-substatus": "3200", "x-ms-request-charge": "0.00" }),
    JSON.stringify({ code: "TooManyRequests", message: "Request rate is large." })),

  "server-error": (req, conn) => respond(conn, req, 500, stdHeaders(),
    JSON.stringify({ code: "InternalServerError", message: "Something broke." })),

  "wrong-length-error": async (req, conn) => {
    // 404 whose body is 64 bytes shorter than its Content-Length, then a graceful EOF.
    const body = Buffer.from(JSON.stringify({ code: "NotFound", message: "Resource Not Found." }));
    conn.writeThenEnd(Buffer.concat([headBytes(404, stdHeaders({ "Content-Length": body.length + 64 })), body]));
    return "close";
  },

  control: async (req, conn) => {
    if (req.method === "GET" && req.path === "/trap-hits") {
      return respond(conn, req, 200, stdHeaders(), JSON.stringify(trapCounts));
    }
    if ((req.method === "POST" && req.path === "/trap-hits/reset") || (req.method === "DELETE" && req.path === "/trap-hits")) {
      trapCounts.connections = 0;
      trapCounts.requests = 0;
      trapCounts.byListener = {};
      return respond(conn, req, 200, stdHeaders(), JSON.stringify(trapCounts));
    }
    return respond(conn, req, 404, stdHeaders(), JSON.stringify({ code: "NotFound", message: "Control routes: GET /trap-hits, POST /trap-hits/reset." }));
  },
};

const CASE_ORDER = [
  "truncated-page2", "short-body", "long-body", "html", "not-json", "repeat-continuation",
  "redirect", "redirect-301-http", "trap", "endless", "huge-body", "silent", "huge-headers",
  "huge-header-line", "throttle-forever", "server-error", "wrong-length-error",
];

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`error: ${e.message}\n${USAGE}`);
    process.exit(2);
  }
  if (opts.help) { process.stdout.write(USAGE); return; }
  const tlsOpts = opts.http ? null : { cert: fs.readFileSync(opts.cert), key: fs.readFileSync(opts.key) };
  const scheme = opts.http ? "http" : "https";

  const sockets = new Set();
  const servers = [];
  const track = s => { sockets.add(s); s.once("close", () => sockets.delete(s)); };

  function listen(name, handler, { plain = false, trap = false } = {}) {
    const useTls = tlsOpts && !plain;
    const srv = useTls ? tls.createServer({ ...tlsOpts }) : net.createServer();
    const ctx = { name, url: "", trapUrl: "", trapHttpUrl: "" };
    srv.on("connection", s => {
      track(s);
      s.on("error", () => {});
      if (trap) { trapCounts.connections += 1; trapBucket(name).connections += 1; }
      if (!useTls) serveSocket(s, (req, conn) => handler(req, conn, ctx));
    });
    if (useTls) {
      srv.on("secureConnection", s => { track(s); serveSocket(s, (req, conn) => handler(req, conn, ctx)); });
      srv.on("tlsClientError", () => {});
    }
    srv.on("error", e => { process.stderr.write(`hostile: ${name}: ${e.message}\n`); });
    servers.push(srv);
    return new Promise((resolve, reject) => {
      srv.once("error", reject);
      srv.listen(0, "127.0.0.1", () => {
        ctx.url = `${useTls ? "https" : "http"}://127.0.0.1:${srv.address().port}/`;
        resolve(ctx);
      });
    });
  }

  const ctxs = {};
  for (const name of CASE_ORDER) ctxs[name] = await listen(name, CASES[name], { trap: name === "trap" });
  // With HTTPS, the 301 downgrade target is a plain-HTTP twin of the trap (same counters).
  if (tlsOpts) ctxs["trap-http"] = await listen("trap-http", CASES.trap, { plain: true, trap: true });
  ctxs.control = await listen("control", CASES.control);
  const trapHttpUrl = (ctxs["trap-http"] || ctxs.trap).url;
  for (const c of Object.values(ctxs)) { c.trapUrl = ctxs.trap.url; c.trapHttpUrl = trapHttpUrl; }

  const stop = () => {
    for (const s of sockets) s.destroy();
    for (const srv of servers) srv.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);

  for (const [name, c] of Object.entries(ctxs)) out(`case ${name} ${c.url}`);
  out("Hostile ready");
}

if (require.main === module) {
  main().catch(e => {
    process.stderr.write(`error: ${e.stack || e}\n`);
    process.exit(1);
  });
}

module.exports = { CASE_ORDER };
