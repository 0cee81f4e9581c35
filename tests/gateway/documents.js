"use strict";
// Item operations owned by the gateway: point ops with full (hierarchical) partition keys,
// creates/upserts/replaces/deletes with pre/post triggers, partition-scoped queries and feeds,
// and the change feed (A-IM: Incremental feed) driven by per-item LSNs.
const { docOps, patchOps, queryLib, lsnState, pkPaths } = require("./base");
const { HttpError } = require("./errors");
const { runQuery, etagMatches } = require("./store");
const { parsePkHeader, docMatchesPk, pointPartition } = require("./partition");
const { scopeFor, docsIn, queryPage, feedPage, changesSince } = require("./pager");
const { collStore, runScript } = require("./scripts");
const { compile } = require("./store");
const { requestedRange } = require("./ranges");
const { planFor, parseQuery, isRewrittenAggregate, runRewrittenAggregate, FILTER } = require("./queryplan");
const { needsExtras, extrasPage } = require("./sqlextras");
const { runtimeError } = require("./sqlerrors");
const fidelity = require("./fidelity");

const isTrue = v => String(Array.isArray(v) ? v[0] : v || "").toLowerCase() === "true";

function collectionOf(account, { dbId, collId }) {
  const db = account.database(dbId);
  if (!db.read()) throw new HttpError(404, `Resource Not Found. Database '${dbId}' does not exist.`);
  const coll = db.collection(collId);
  if (!coll.read()) throw new HttpError(404, `Resource Not Found. Container '${collId}' does not exist.`);
  return coll;
}

function feedBody(res, key, result, rid) {
  if (result.continuation) res.setHeader("x-ms-continuation", JSON.stringify(result.continuation));
  res.setHeader("x-ms-item-count", String(result.result.length));
  return { _rid: rid || "", [key]: result.result, _count: result.result.length };
}

function paging(req) {
  const m = parseInt(req.headers["x-ms-max-item-count"], 10);
  let continuation;
  const c = req.headers["x-ms-continuation"];
  if (c) {
    try { continuation = JSON.parse(c); } catch (e) { throw new HttpError(400, "The continuation token is invalid."); }
  }
  return { maxItemCount: Number.isFinite(m) && m > 0 ? m : undefined, continuation };
}

// ---- triggers
function triggerFor(coll, req, header, type, operation) {
  let name = req.headers[header];
  if (Array.isArray(name)) name = name.join(",");
  if (!name) return null;
  const ids = String(name).split(",").map(s => s.trim()).filter(Boolean);
  if (ids.length > 1) throw new HttpError(400, `Only one ${type.toLowerCase()}-trigger may be specified per operation.`);
  const rec = collStore(coll, "triggers").get(ids[0]);
  if (!rec) throw new HttpError(400, `The trigger '${ids[0]}' does not exist.`);
  const t = rec.data;
  if (t.triggerType !== type) throw new HttpError(400, `The trigger '${t.id}' is a ${t.triggerType}-trigger and cannot be used as a ${type}-trigger.`);
  if (t.triggerOperation !== "All" && t.triggerOperation !== operation) {
    throw new HttpError(400, `The trigger '${t.id}' is for ${t.triggerOperation} operations and cannot run for a ${operation} operation.`);
  }
  return t;
}

/**
 * Perform a write with optional pre/post triggers. `doWrite(body)` returns {statusCode, body}
 * and `undo()` reverses it (used when the post-trigger fails).
 */
function withTriggers(coll, req, dbId, operation, pkArr, requestBody, doWrite) {
  const pre = triggerFor(coll, req, "x-ms-documentdb-pre-trigger-include", "Pre", operation);
  const post = triggerFor(coll, req, "x-ms-documentdb-post-trigger-include", "Post", operation);
  let body = requestBody;
  let preRun = null;
  if (pre) {
    preRun = runScript(pre.body, { coll, dbId, pkArr, request: { body, operationType: operation }, what: "pre-trigger" });
    body = preRun.requestBody;
  }
  let result;
  try {
    result = doWrite(body);
  } catch (e) {
    if (preRun) preRun.rollback();
    throw e;
  }
  if (post && result.statusCode < 400) {
    try {
      runScript(post.body, { coll, dbId, pkArr, request: { body, operationType: operation }, response: { body: result.body }, what: "post-trigger" });
    } catch (e) {
      if (result.undo) result.undo();
      if (preRun) preRun.rollback();
      throw e;
    }
  }
  return result;
}

function checkBodyPk(coll, req, body) {
  const arr = parsePkHeader(req);
  const paths = pkPaths(coll.read());
  if (arr !== undefined && paths.length && !docMatchesPk(paths, body, arr)) {
    throw new HttpError(400, "PartitionKey extracted from document doesn't match the one specified in the header.");
  }
  return arr;
}

function objectBody(body) {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new HttpError(400, "The request body must be a JSON object.");
  return body;
}

function statusBody(res, r) {
  res.statusCode = r.statusCode;
  return r.body;
}

// ---- handlers (signature: (g, req, res, params) => body)
async function createOrUpsert(g, req, res, params, upsert) {
  const coll = collectionOf(g.account, params);
  const input = objectBody(await g.json(req));
  const pkArr = checkBodyPk(coll, req, input) || [];
  const r = withTriggers(coll, req, params.dbId, upsert ? "Upsert" : "Create", pkArr, input, body => {
    objectBody(body);
    checkBodyPk(coll, req, body);
    if (typeof body.id !== "string" || !body.id) throw new HttpError(400, "The input content is invalid because the required property 'id' is missing.");
    const prev = upsert ? coll.documents._item("/id", body.id, coll.documents._getPartition(body)).read() : null;
    let out;
    if (upsert) {
      if (prev && req.headers["if-match"] && !etagMatches(req.headers["if-match"], prev._etag)) throw new HttpError(412);
      try {
        out = { statusCode: prev ? 200 : 201, body: coll.documents.upsert(body) };
      } catch (e) {
        throw new HttpError(e.conflict ? 409 : 400, e.message);
      }
    } else {
      out = docOps.createOperation(coll, { resourceBody: body });
    }
    if (out.statusCode < 400) {
      const rid = out.body._rid;
      out.undo = () => {
        const cur = coll.documents._data.get(rid);
        if (cur) coll.documents.delete(rid, coll.documents._getPartition(cur.read()));
        if (prev) coll.documents._set(prev);
      };
    }
    return out;
  });
  return statusBody(res, r);
}

async function readDoc(g, req, res, params) {
  const coll = collectionOf(g.account, params);
  const { store } = pointPartition(coll.read(), req, params.docId);
  const data = coll.documents._item("/id", params.docId, store).read();
  if (!data) throw new HttpError(404, "Entity with the specified id does not exist in the system.");
  const inm = req.headers["if-none-match"];
  if (inm && (inm === "*" || etagMatches(inm, data._etag))) {
    res.statusCode = 304;
    res.setHeader("etag", data._etag);
    return undefined;
  }
  return data;
}

async function replaceDoc(g, req, res, params) {
  const coll = collectionOf(g.account, params);
  const input = objectBody(await g.json(req));
  const { arr, store } = pointPartition(coll.read(), req, params.docId);
  if (input.id !== params.docId) throw new HttpError(400, "The id in the request body does not match the id in the URL.");
  const cur = coll.documents._item("/id", params.docId, store).read();
  if (!cur) throw new HttpError(404, "Entity with the specified id does not exist in the system.");
  if (req.headers["if-match"] && !etagMatches(req.headers["if-match"], cur._etag)) throw new HttpError(412);
  const r = withTriggers(coll, req, params.dbId, "Replace", arr, input, body => {
    objectBody(body);
    checkBodyPk(coll, req, body);
    if (body.id !== params.docId) throw new HttpError(400, "A trigger may not change the id of the item.");
    let out;
    try {
      out = { statusCode: 200, body: coll.documents.replace(body, cur) };
    } catch (e) {
      throw new HttpError(e.conflict ? 409 : 400, e.message);
    }
    out.undo = () => {
      coll.documents.delete(cur._rid, coll.documents._getPartition(cur));
      coll.documents._set(cur);
    };
    return out;
  });
  return statusBody(res, r);
}

async function deleteDoc(g, req, res, params) {
  const coll = collectionOf(g.account, params);
  const { arr, store } = pointPartition(coll.read(), req, params.docId);
  const cur = coll.documents._item("/id", params.docId, store).read();
  if (!cur) throw new HttpError(404, "Entity with the specified id does not exist in the system.");
  if (req.headers["if-match"] && !etagMatches(req.headers["if-match"], cur._etag)) throw new HttpError(412);
  const r = withTriggers(coll, req, params.dbId, "Delete", arr, cur, () => {
    coll.documents.delete(cur._rid, store);
    return { statusCode: 204, body: undefined, undo: () => coll.documents._set(cur) };
  });
  return statusBody(res, r);
}

async function patchDoc(g, req, res, params) {
  const coll = collectionOf(g.account, params);
  const body = await g.json(req);
  const { store } = pointPartition(coll.read(), req, params.docId);
  let operations;
  let condition;
  if (Array.isArray(body)) operations = body;
  else if (body && Array.isArray(body.operations)) ({ operations, condition } = body);
  else throw new HttpError(400, "Invalid patch request: check syntax of patch specification.");
  if (operations.length > 10) throw new HttpError(400, "A patch request may contain at most 10 operations.");
  // The base's patch operations copy the item with JSON.parse(JSON.stringify()), which rounds
  // big integers and reorders integer-like keys: put both back from the stored version.
  const proxy = {
    document: id => coll.documents._item("/id", id, store),
    documents: {
      query: (q, o) => coll.documents.query(q, o),
      replace: (patched, original) => coll.documents.replace(fidelity.restoreFrom(original, patched), original),
    },
    read: () => coll.read(),
  };
  const r = patchOps.patchOperation(proxy, {
    id: params.docId, partitionKey: "[\"-\"]", ifMatch: req.headers["if-match"], operations, condition,
  });
  return statusBody(res, r);
}

/** The scope of a query/feed request: partition-key header and partition key range id. */
function scopeOf(coll, req) {
  const arr = parsePkHeader(req);
  const rangeId = requestedRange(coll.read(), req);
  return { arr, rangeId, scope: scopeFor(coll, arr, rangeId) };
}

async function queryDocs(g, req, res, params) {
  const coll = collectionOf(g.account, params);
  const body = objectBody(await g.json(req));
  if (typeof body.query !== "string" || !body.query.trim()) throw new HttpError(400, "The query is missing from the request body.");
  const collData = coll.read();
  if (isTrue(req.headers["x-ms-cosmos-is-query-plan-request"])) return planFor(body).plan;
  // Syntax errors in the service's shape (errors[] with a location), before anything runs.
  const { extras } = parseQuery(body.query.split(FILTER).join("true"));
  const { arr, rangeId: range, scope } = scopeOf(coll, req);
  const paths = pkPaths(collData);
  if (!arr && paths.length && range === undefined) {
    if (!isTrue(req.headers["x-ms-documentdb-query-enablecrosspartition"])) {
      let ok = false;
      try { ok = queryLib.default(extras.text).containsPartitionKeys(paths); } catch (e) { /* syntax error reported below */ }
      if (!ok) throw new HttpError(400, "Cross partition query is required but disabled. Please set x-ms-documentdb-query-enablecrosspartition to true, specify x-ms-documentdb-partitionkey, or revise your query to avoid this exception.");
    }
    // Like the service: what needs a client-side pipeline is refused (400/1004), with the
    // query plan in additionalErrorInfo.
    let info = null;
    try { info = planFor(body); } catch (e) { /* not plannable: let the engine answer */ }
    if (info && info.needsPipeline) {
      const e = new HttpError(400, "Cross partition query with TOP/ORDER BY, aggregates, DISTINCT or OFFSET/LIMIT is not supported by the gateway; fetch the query plan (x-ms-cosmos-is-query-plan-request) and run it per partition key range.", { additionalErrorInfo: JSON.stringify(info.plan) });
      e.subStatus = 1004;
      throw e;
    }
  }
  const query = { ...body, query: body.query.split(FILTER).join("true") };
  const execOpts = {
    ...paging(req),
    parameters: query.parameters || [],
    udf: fidelity.numericUdfs(coll.userDefinedFunctions.functions),
    compositeIndexes: (collData.indexingPolicy && collData.indexingPolicy.compositeIndexes) || [],
  };
  // DISTINCT, OFFSET/LIMIT and GROUP BY are evaluated by the gateway (sqlextras.js).
  if (needsExtras(extras)) return feedBody(res, "Documents", extrasPage(query, docsIn(coll, scope), execOpts), collData._rid);
  // Served from the index when the query allows it (pager.js), else by the base engine over
  // the scope's documents.
  let page;
  try {
    page = queryPage(coll, scope, query, execOpts);
  } catch (err) {
    throw (err.cause && runtimeError(err.cause, query.query)) || err;
  }
  if (page) return feedBody(res, "Documents", page, collData._rid);
  const docs = docsIn(coll, scope);
  let ast = null;
  try { ast = compile(query.query).ast.body; } catch (e) { /* reported by runQuery */ }
  if (ast && isRewrittenAggregate(ast)) {
    let rows;
    try {
      rows = runRewrittenAggregate(ast, docs, { parameters: query.parameters || [], udf: execOpts.udf });
    } catch (err) {
      throw new HttpError(400, `Query failed: ${err.message}`);
    }
    return feedBody(res, "Documents", { result: rows }, collData._rid);
  }
  let result;
  try {
    result = runQuery(docs, query, execOpts);
  } catch (err) {
    throw (err.cause && runtimeError(err.cause, query.query)) || err;
  }
  result.result = result.result.filter(r => r !== undefined); // undefined VALUEs give no row
  return feedBody(res, "Documents", result, collData._rid);
}

async function readDocs(g, req, res, params) {
  const coll = collectionOf(g.account, params);
  if (req.headers["a-im"]) return changeFeed(g, req, res, coll);
  return feedBody(res, "Documents", feedPage(coll, scopeOf(coll, req).scope, paging(req)), coll.read()._rid);
}

// ---- change feed: the continuation (etag) is the LSN of the last item returned, quoted.
function changeFeed(g, req, res, coll) {
  if (String(req.headers["a-im"]).toLowerCase() !== "incremental feed") throw new HttpError(400, "A-IM must be 'Incremental feed'.");
  let start = 0;
  const inm = req.headers["if-none-match"];
  if (inm === "*") start = lsnState.lsn;
  else if (inm) {
    const n = Number(String(inm).replace(/^"|"$/g, ""));
    if (!Number.isFinite(n)) throw new HttpError(400, "The change feed continuation (If-None-Match) is invalid.");
    start = n;
  }
  let since = null;
  if (!inm && req.headers["if-modified-since"]) {
    since = Date.parse(req.headers["if-modified-since"]);
    if (Number.isNaN(since)) throw new HttpError(400, "If-Modified-Since is not a valid date.");
  }
  const { maxItemCount } = paging(req);
  const items = changesSince(coll, scopeOf(coll, req).scope, start, since, maxItemCount);
  // With no item, the continuation stays where it was ("*" resolves to the current LSN).
  const etag = `"${items.length ? items[items.length - 1].lsn : start}"`;
  res.setHeader("etag", etag);
  res.setHeader("x-ms-item-count", String(items.length));
  res.setHeader("lsn", String(lsnState.lsn));
  if (!items.length) {
    res.statusCode = 304;
    return undefined;
  }
  const out = items.map(x => ({ ...x.doc, _lsn: x.lsn }));
  return { _rid: coll.read()._rid, Documents: out, _count: out.length };
}

// ---- conflicts (read/list/query/delete; seeded via POST /_test/.../conflicts)
// Point read/delete ignore the partition-key header (conflicts are addressed by id only).
function conflictsOf(g, params) {
  return collStore(collectionOf(g.account, params), "conflicts");
}
const conflictHandlers = {
  list: async (g, req, res, p) => feedBody(res, "Conflicts", conflictsOf(g, p).page(paging(req)), collectionOf(g.account, p).read()._rid),
  query: async (g, req, res, p) => feedBody(res, "Conflicts", conflictsOf(g, p).query(objectBody(await g.json(req)), paging(req)), collectionOf(g.account, p).read()._rid),
  read: async (g, req, res, p) => conflictsOf(g, p).mustGet(p.conflictId).data,
  delete: async (g, req, res, p) => {
    conflictsOf(g, p).delete(p.conflictId, { ifMatch: req.headers["if-match"] });
    res.statusCode = 204;
    return undefined;
  },
  seed: async (g, req, res, p) => {
    const coll = collectionOf(g.account, p);
    const body = objectBody(await g.json(req));
    if (!body.content || typeof body.content !== "object") throw new HttpError(400, "'content' (the conflicting item) is required.");
    const rec = seedConflict(coll, body);
    res.statusCode = 201;
    return rec;
  },
};

function seedConflict(coll, { id, content, operationType }) {
  const store = collStore(coll, "conflicts");
  const existing = content.id !== undefined ? coll.documents._item("/id", content.id, coll.documents._getPartition(content)).read() : null;
  const rec = store.create({
    id: id || `conflict-${store.counter + 1}`,
    resourceId: existing ? existing._rid : (content._rid || ""),
    resourceType: "document",
    operationType: operationType || "replace",
    content: fidelity.stringify(content), // exact big integers and key order, like the item
  });
  if (!rec.data.resourceId) rec.data.resourceId = rec.data._rid;
  return rec.data;
}

module.exports = {
  collectionOf, feedBody, paging, createOrUpsert, readDoc, replaceDoc, deleteDoc, patchDoc,
  queryDocs, readDocs, conflictHandlers, seedConflict, objectBody, isTrue,
};
