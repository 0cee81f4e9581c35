"use strict";
// The gateway's own routes. Anything not matched here goes to the base package's router.
const path = require("path");
const { ResourceId } = require("./base");
const { HttpError } = require("./errors");
const { Offers } = require("./offers");
const { Users } = require("./users");
const { collStore, validateSproc, validateTrigger, runScript } = require("./scripts");
const docs = require("./documents");
const { parsePkHeader } = require("./partition");
const { pkrangesBody, splitRange } = require("./ranges");
const { indexOf } = require("./docindex");

const BASE = path.dirname(require.resolve("@vercel/cosmosdb-server/package.json"));
const pathMatch = require(path.join(BASE, "lib", "path-match")).default;
const baseHandler = name => require(path.join(BASE, "lib", "handler", name)).default;
const { collectionOf, feedBody, paging, objectBody } = docs;

// ---- account
function readAccount(g, req) {
  const data = g.account.read();
  const host = /^(localhost|127\.0\.0\.1|\[::1\]):\d+$/.test(req.headers.host || "") ? req.headers.host : `127.0.0.1:${g.port}`;
  const loc = [{ name: "Loopback", databaseAccountEndpoint: `${g.scheme}://${host}/` }];
  const locations = g.regions.multi ? g.regions.locations(g.scheme) : { writableLocations: loc, readableLocations: loc };
  return {
    ...data,
    ...locations,
    enableMultipleWriteLocations: false,
    userConsistencyPolicy: { defaultConsistencyLevel: g.regions.consistency },
  };
}

// ---- test routes: partition splits and regions
async function splitRoute(g, req, res, p) {
  const coll = collectionOf(g.account, p);
  const b = objectBody(await g.json(req));
  const subStatus = b.subStatus === 1007 ? 1007 : 1002;
  const children = splitRange(coll.read(), String(b.range), subStatus);
  indexOf(coll.documents).rebuildRanges();
  return { parent: String(b.range), subStatus, children: children.map(c => ({ id: c.id, minInclusive: c.minInclusive, maxExclusive: c.maxExclusive })) };
}

async function regionsRoute(g, req) {
  const b = objectBody(await g.json(req));
  const R = g.regions;
  if (b.down !== undefined) await R.setDown(R.find(b.down), b.mode || "refuse");
  if (b.up !== undefined) await R.setUp(R.find(b.up), g.listenRegion);
  if (b.write !== undefined) R.write = R.list.indexOf(R.find(b.write));
  return R.state();
}

// ---- databases / containers: wrap the base handlers to manage offers
async function createDatabase(g, req, res, params) {
  const content = Offers.contentFromHeaders(req.headers);
  const body = await baseHandler("create-database")(g.account, req, res, params);
  if (res.statusCode === 201 && content) g.offers.add(body, content);
  return body;
}

async function createCollection(g, req, res, params) {
  const content = Offers.contentFromHeaders(req.headers);
  if (!g.account.database(params.dbId).read()) throw new HttpError(404, `Resource Not Found. Database '${params.dbId}' does not exist.`);
  const input = objectBody(await g.json(req));
  const pk = input.partitionKey;
  if (pk && pk.kind === "MultiHash" && (!Array.isArray(pk.paths) || pk.paths.length < 2 || pk.paths.length > 3)) {
    throw new HttpError(400, "A MultiHash partition key must have 2 or 3 paths.");
  }
  const body = await baseHandler("create-collection")(g.account, req, res, params);
  // Like a provisioned account: a container in a database without shared throughput gets
  // its own 400 RU/s when no throughput is asked for.
  const dbRidOf = g.account.database(params.dbId).read()._rid;
  const dedicated = content || (g.offers.forResourceRid(dbRidOf) ? null
    : Offers.contentFromHeaders({ "x-ms-offer-throughput": "400" }));
  if (res.statusCode === 201 && dedicated) g.offers.add(body, dedicated);
  return body;
}

async function deleteDatabase(g, req, res, params) {
  const db = g.account.database(params.dbId);
  const data = db.read();
  const rids = data ? [data._rid, ...db.collections.read().result.map(c => c._rid)] : [];
  const body = await baseHandler("delete-database")(g.account, req, res, params);
  if (res.statusCode === 204) g.offers.deleteForRids(rids);
  return body;
}

async function deleteCollection(g, req, res, params) {
  const c = g.account.database(params.dbId).collection(params.collId).read();
  const body = await baseHandler("delete-collection")(g.account, req, res, params);
  if (res.statusCode === 204 && c) g.offers.deleteForRids([c._rid]);
  return body;
}

// ---- generic CRUD over a Store
function storeRoutes(prefix, idParam, feedKey, getStore, opts = {}) {
  const validate = opts.validate || (b => objectBody(b));
  const decorate = opts.decorate || ((g, req, p, d) => d);
  const parentRid = opts.parentRid || (() => "");
  const list = (g, req, res, p, result) => {
    const out = feedBody(res, feedKey, result, parentRid(g, p));
    out[feedKey] = out[feedKey].map(d => decorate(g, req, p, d));
    return out;
  };
  return [
    ["GET", prefix, async (g, req, res, p) => list(g, req, res, p, getStore(g, p).page(paging(req)))],
    ["POST_QUERY", prefix, async (g, req, res, p) => list(g, req, res, p, getStore(g, p).query(objectBody(await g.json(req)), paging(req)))],
    ["POST", prefix, async (g, req, res, p) => {
      const rec = getStore(g, p).create(validate(await g.json(req)));
      res.statusCode = 201;
      return decorate(g, req, p, rec.data);
    }],
    ["POST_UPSERT", prefix, async (g, req, res, p) => {
      const { rec, created } = getStore(g, p).upsert(validate(await g.json(req)));
      res.statusCode = created ? 201 : 200;
      return decorate(g, req, p, rec.data);
    }],
    ["GET", `${prefix}/:${idParam}`, async (g, req, res, p) => decorate(g, req, p, getStore(g, p).mustGet(p[idParam]).data)],
    ["PUT", `${prefix}/:${idParam}`, async (g, req, res, p) => {
      const rec = getStore(g, p).replace(p[idParam], validate(await g.json(req)), { ifMatch: req.headers["if-match"], allowRename: !!opts.allowRename });
      return decorate(g, req, { ...p, [idParam]: rec.data.id }, rec.data);
    }],
    ["DELETE", `${prefix}/:${idParam}`, async (g, req, res, p) => {
      getStore(g, p).delete(p[idParam], { ifMatch: req.headers["if-match"] });
      res.statusCode = 204;
      return undefined;
    }],
  ];
}

const COLL = "/dbs/:dbId/colls/:collId";
const collRid = (g, p) => collectionOf(g.account, p).read()._rid;
const dbRid = (g, p) => {
  const d = g.account.database(p.dbId).read();
  if (!d) throw new HttpError(404, `Resource Not Found. Database '${p.dbId}' does not exist.`);
  return d._rid;
};

async function executeSproc(g, req, res, p) {
  const coll = collectionOf(g.account, p);
  const sproc = collStore(coll, "sprocs").mustGet(p.sprocId).data;
  let params = g.rawText(req).trim() ? await g.json(req) : [];
  if (!Array.isArray(params)) params = [params];
  const pkArr = parsePkHeader(req);
  const paths = (coll.read().partitionKey || {}).paths || [];
  if (paths.length && pkArr === undefined) throw new HttpError(400, "PartitionKey value must be supplied for this operation.");
  let out;
  try {
    out = runScript(sproc.body, { coll, dbId: p.dbId, pkArr, params, what: "stored procedure" });
  } catch (e) {
    if (docs.isTrue(req.headers["x-ms-documentdb-script-enable-logging"]) && e.logs) {
      res.setHeader("x-ms-documentdb-script-log-results", encodeURIComponent(e.logs.join("\n")));
    }
    throw e;
  }
  if (docs.isTrue(req.headers["x-ms-documentdb-script-enable-logging"])) {
    res.setHeader("x-ms-documentdb-script-log-results", encodeURIComponent(out.logs.join("\n")));
  }
  return out.responseBody === undefined ? undefined : out.responseBody;
}

/**
 * Test-only bulk load: creates `count` items server-side (through the store, so with LSNs and
 * index entries, as HTTP creates): id `<prefix><start+i>`, the partition-key path(s) set to
 * `p<k % partitions>`, `n`, `name`, `tags`. Answers {created, ms}.
 */
async function generateItems(g, req, res, p) {
  const coll = collectionOf(g.account, p);
  const b = objectBody(await g.json(req));
  const count = Math.max(0, Math.min(1000000, b.count | 0));
  const start = Math.max(0, b.start | 0);
  const partitions = Math.max(1, b.partitions | 0 || 100);
  const prefix = typeof b.prefix === "string" ? b.prefix : "gen-";
  const paths = ((coll.read().partitionKey || {}).paths || []).map(x => x.slice(1).split("/"));
  const t0 = process.hrtime.bigint();
  for (let i = start; i < start + count; i += 1) {
    const doc = { id: `${prefix}${i}`, n: i, name: `item ${i}`, tags: ["bench", `t${i % 7}`] };
    for (const keys of paths) {
      let o = doc;
      for (const k of keys.slice(0, -1)) o = o[k] || (o[k] = {});
      o[keys[keys.length - 1]] = `p${i % partitions}`;
    }
    coll.documents.create(doc);
  }
  return { created: count, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

function buildRoutes() {
  const usersOf = (g, p) => g.users.usersOf(p.dbId);
  const permsOf = (g, p) => g.users.permsOf(p.dbId, p.userId);
  const table = [
    ["GET", "/", async (g, req) => readAccount(g, req)],
    ["POST", "/dbs", createDatabase],
    ["DELETE", "/dbs/:dbId", deleteDatabase],
    ["POST", "/dbs/:dbId/colls", createCollection],
    ["DELETE", COLL, deleteCollection],
    // items
    ["POST", `${COLL}/docs`, (g, req, res, p) => docs.createOrUpsert(g, req, res, p, false)],
    ["POST_UPSERT", `${COLL}/docs`, (g, req, res, p) => docs.createOrUpsert(g, req, res, p, true)],
    ["POST_QUERY", `${COLL}/docs`, docs.queryDocs],
    ["GET", `${COLL}/docs`, docs.readDocs],
    ["GET", `${COLL}/pkranges`, async (g, req, res, p) => pkrangesBody(collectionOf(g.account, p).read(), req, res)],
    ["GET", `${COLL}/docs/:docId`, docs.readDoc],
    ["PUT", `${COLL}/docs/:docId`, docs.replaceDoc],
    ["DELETE", `${COLL}/docs/:docId`, docs.deleteDoc],
    ["PATCH", `${COLL}/docs/:docId`, docs.patchDoc],
    // stored procedures + triggers
    ["POST", `${COLL}/sprocs/:sprocId`, executeSproc],
    ...storeRoutes(`${COLL}/sprocs`, "sprocId", "StoredProcedures", (g, p) => collStore(collectionOf(g.account, p), "sprocs"), { validate: validateSproc, parentRid: collRid }),
    ...storeRoutes(`${COLL}/triggers`, "triggerId", "Triggers", (g, p) => collStore(collectionOf(g.account, p), "triggers"), { validate: validateTrigger, parentRid: collRid }),
    // conflicts
    ["GET", `${COLL}/conflicts`, docs.conflictHandlers.list],
    ["POST_QUERY", `${COLL}/conflicts`, docs.conflictHandlers.query],
    ["GET", `${COLL}/conflicts/:conflictId`, docs.conflictHandlers.read],
    ["DELETE", `${COLL}/conflicts/:conflictId`, docs.conflictHandlers.delete],
    // @azure/cosmos 4.x Conflict.read() requests ".../conflicts/{id}/conflicts" (signed as "users")
    ["GET", `${COLL}/conflicts/:conflictId/conflicts`, docs.conflictHandlers.read],
    ["POST", `/_test${COLL}/conflicts`, docs.conflictHandlers.seed],
    // bulk load for benchmarks: {"count":N,"start":0,"partitions":100,"prefix":"gen-"}
    ["POST", `/_test${COLL}/generate`, generateItems],
    // partition split: {"range":"1","subStatus":1002|1007}; the parent id answers 410/subStatus
    ["POST", `/_test${COLL}/split`, splitRoute],
    // regions: {"down":name,"mode":"refuse"|"503"} / {"up":name} / {"write":name}; see regions.js
    ["POST", "/_test/regions", regionsRoute],
    // fault injection: {"count":N,"retryAfterMs":M,"status":429|408|449|503}
    ["POST", "/_test/throttle", async (g, req) => {
      const b = objectBody(await g.json(req));
      const status = [429, 408, 449, 503].includes(b.status) ? b.status : 429;
      g.throttle = { remaining: Math.max(0, b.count | 0), retryAfterMs: Math.max(0, b.retryAfterMs | 0), status };
      return { ...g.throttle };
    }],
    // users + permissions
    ...storeRoutes("/dbs/:dbId/users", "userId", "Users", usersOf, {
      validate: Users.userBody, allowRename: true, parentRid: dbRid,
      decorate: (g, req, p, d) => Users.withPermissionsLink(d),
    }),
    ...storeRoutes("/dbs/:dbId/users/:userId/permissions", "permId", "Permissions", permsOf, {
      validate: Users.permBody,
      parentRid: (g, p) => g.users.usersOf(p.dbId).mustGet(p.userId).data._rid,
      decorate: (g, req, p, d) => g.users.withToken(p.dbId, p.userId, d, req),
    }),
    // offers
    ["GET", "/offers", async (g, req, res) => feedBody(res, "Offers", g.offers.store.page(paging(req)))],
    ["POST_QUERY", "/offers", async (g, req, res) => feedBody(res, "Offers", g.offers.store.query(objectBody(await g.json(req)), paging(req)))],
    ["GET", "/offers/:offerId", async (g, req, res, p) => g.offers.read(p.offerId, res)],
    ["PUT", "/offers/:offerId", async (g, req, res, p) => g.offers.replace(p.offerId, await g.json(req), req, res)],
  ];
  return table.map(([kind, pattern, handler]) => ({ kind, match: pathMatch(pattern), handler }));
}

const ROUTES = buildRoutes();

/** Find a gateway route for (kind, pathname): {handler, params} or null. */
function matchRoute(kind, pathname) {
  for (const r of ROUTES) {
    if (r.kind !== kind) continue;
    const params = r.match(pathname);
    if (params) return { handler: r.handler, params };
  }
  return null;
}

module.exports = { matchRoute, ResourceId };
