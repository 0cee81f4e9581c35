"use strict";
// Stored procedures and triggers: storage per container, and a node:vm sandbox exposing the
// server-side JavaScript API (getContext(), collection document operations scoped to the
// request's logical partition, console.log capture). Not a security boundary: test use only.
const vm = require("vm");
const crypto = require("crypto");
const { ResourceId, docOps, ridOf, pkPaths, storePartitionFromHeader } = require("./base");
const { Store, runQuery, etagMatches } = require("./store");
const { HttpError, codeFor } = require("./errors");
const { docMatchesPk } = require("./partition");
const fidelity = require("./fidelity");
const { docsIn, scopeFor } = require("./pager");

const TIMEOUT_MS = 5000;
const TRIGGER_TYPES = new Set(["Pre", "Post"]);
const TRIGGER_OPS = new Set(["All", "Create", "Replace", "Delete", "Upsert"]);

/** sprocs / triggers / conflicts stores on a base Collection object (created lazily). */
function collStore(coll, kind) {
  const data = coll.read();
  if (!data) throw new HttpError(404, "The container does not exist.");
  if (!coll.__ext) coll.__ext = {};
  if (!coll.__ext[kind]) {
    const byte = { sprocs: ResourceId.StoredProcedureByte, triggers: ResourceId.TriggerByte, conflicts: ResourceId.ConflictByte }[kind];
    coll.__ext[kind] = new Store(n => ridOf(byte, data._rid, n), rid => `${coll.read()._self}${kind}/${rid}/`);
  }
  return coll.__ext[kind];
}

function bodyText(body) {
  return typeof body === "function" ? body.toString() : body;
}

function compileCheck(text) {
  if (typeof text !== "string" || !text.trim()) throw new HttpError(400, "The script 'body' is missing.");
  try {
    new vm.Script(`(${text})`); // eslint-disable-line no-new
  } catch (e) {
    throw new HttpError(400, `The script body has a syntax error: ${e.message}`);
  }
}

function validateSproc(body) {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new HttpError(400, "The request body must be a JSON object.");
  const out = { ...body, body: bodyText(body.body) };
  compileCheck(out.body);
  return out;
}

function validateTrigger(body) {
  const out = validateSproc(body);
  // The JS SDK sends "pre"/"create"; the service's canonical spelling is "Pre"/"Create".
  const cap = v => (typeof v === "string" && v ? v[0].toUpperCase() + v.slice(1).toLowerCase() : v);
  out.triggerType = cap(out.triggerType);
  out.triggerOperation = cap(out.triggerOperation);
  if (!TRIGGER_TYPES.has(out.triggerType)) throw new HttpError(400, "triggerType must be 'Pre' or 'Post'.");
  if (!TRIGGER_OPS.has(out.triggerOperation)) throw new HttpError(400, "triggerOperation must be one of All, Create, Replace, Delete, Upsert.");
  return out;
}

const clone = v => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
const idFromLink = link => {
  const segs = String(link || "").split("/").filter(Boolean);
  return segs.length ? decodeURIComponent(segs[segs.length - 1]) : "";
};

/**
 * Run a script body in a fresh sandbox.
 * opts: {coll, pkArr, params, request: {body, operationType}, response: {body}, what: "sproc"|"trigger"}
 * Returns {responseBody, requestBody, logs, rollback}. Throws HttpError (after rolling back).
 */
function runScript(scriptBody, opts) {
  const { coll } = opts;
  const collData = coll.read();
  const paths = pkPaths(collData);
  const pkArr = opts.pkArr || [];
  const logs = [];
  const journal = [];
  const queue = [];
  const ctx = vm.createContext({});
  const sParse = vm.runInContext("JSON.parse", ctx);
  const SError = vm.runInContext("Error", ctx);
  const toS = v => (v === undefined ? undefined : sParse(JSON.stringify(v)));
  const state = { requestBody: clone(opts.request && opts.request.body), responseBody: clone(opts.response && opts.response.body) };

  const fail = (status, message) => {
    const e = new SError(message);
    e.number = status;
    e.body = JSON.stringify({ code: codeFor(status), message });
    return e;
  };
  // Callbacks run after the current function returns (like the service), inside the timeout.
  const settle = (cb, err, result, options) => {
    if (typeof cb === "function") queue.push(() => cb(err, err ? undefined : toS(result), toS(options || {})));
    else if (err) queue.push(() => { throw err; });
    return true;
  };
  const storePart = id => (paths.length ? storePartitionFromHeader(collData, pkArr, id) : id);
  const find = id => coll.documents._item("/id", id, storePart(id)).read();
  const partitionDocs = () => docsIn(coll, scopeFor(coll, pkArr)); // the partition's list in the index
  const argsOf = (a, b) => (typeof a === "function" ? [{}, a] : [a || {}, b]);
  const checkPk = doc => {
    if (paths.length && !docMatchesPk(paths, doc, pkArr)) {
      throw fail(400, "PartitionKey extracted from document doesn't match the one specified in the header.");
    }
  };
  const op = (cb, fn) => {
    let result;
    try {
      result = fn();
    } catch (e) {
      const err = e instanceof SError ? e : fail(e.status || 400, e.message);
      return settle(cb, err);
    }
    return settle(cb, null, result);
  };
  const write = (doc, options, upsert) => {
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw fail(400, "The document must be an object.");
    const d = clone(doc);
    if (d.id === undefined && !(options && options.disableAutomaticIdGeneration)) d.id = crypto.randomUUID();
    checkPk(d);
    const prev = d.id !== undefined ? find(d.id) : undefined;
    let r;
    if (upsert) {
      try {
        r = { statusCode: prev ? 200 : 201, body: coll.documents.upsert(d) };
      } catch (e) {
        r = { statusCode: e.conflict ? 409 : 400, body: { message: e.message } };
      }
    } else {
      r = docOps.createOperation(coll, { resourceBody: d });
    }
    if (r.statusCode >= 400) throw fail(r.statusCode, (r.body && r.body.message) || "write failed");
    journal.push({ rid: r.body._rid, prev: prev ? fidelity.copy(prev) : null });
    return r.body;
  };

  const collection = {
    getSelfLink: () => collData._self,
    getAltLink: () => `dbs/${opts.dbId}/colls/${collData.id}`,
    createDocument: (link, doc, a, b) => { const [o, cb] = argsOf(a, b); return op(cb, () => write(doc, o, false)); },
    upsertDocument: (link, doc, a, b) => { const [o, cb] = argsOf(a, b); return op(cb, () => write(doc, o, true)); },
    readDocument: (link, a, b) => {
      const [, cb] = argsOf(a, b);
      return op(cb, () => {
        const d = find(idFromLink(link));
        if (!d) throw fail(404, "Resource Not Found");
        return d;
      });
    },
    replaceDocument: (link, doc, a, b) => {
      const [o, cb] = argsOf(a, b);
      return op(cb, () => {
        const cur = find(idFromLink(link)) || find(doc && doc.id);
        if (!cur) throw fail(404, "Resource Not Found");
        if (o.etag && !etagMatches(o.etag, cur._etag)) throw fail(412, "Precondition failed.");
        const d = clone(doc);
        checkPk(d);
        const r = docOps.replaceOperation(coll, { resourceBody: d, partitionKey: JSON.stringify(pkArr) });
        if (r.statusCode >= 400) throw fail(r.statusCode, (r.body && r.body.message) || "replace failed");
        journal.push({ rid: cur._rid, prev: fidelity.copy(cur) });
        return r.body;
      });
    },
    deleteDocument: (link, a, b) => {
      const [o, cb] = argsOf(a, b);
      return op(cb, () => {
        const cur = find(idFromLink(link));
        if (!cur) throw fail(404, "Resource Not Found");
        if (o.etag && !etagMatches(o.etag, cur._etag)) throw fail(412, "Precondition failed.");
        coll.documents.delete(cur._rid, storePart(cur.id));
        journal.push({ rid: cur._rid, prev: fidelity.copy(cur) });
        return {};
      });
    },
    queryDocuments: (link, query, a, b) => {
      const [, cb] = argsOf(a, b);
      return op(cb, () => {
        const q = typeof query === "string" ? { query } : clone(query);
        return runQuery(partitionDocs(), q, { udf: fidelity.numericUdfs(coll.userDefinedFunctions.functions) }).result;
      });
    },
    readDocuments: (link, a, b) => { const [, cb] = argsOf(a, b); return op(cb, () => partitionDocs()); },
  };
  const request = {
    getBody: () => toS(state.requestBody),
    setBody: b => { state.requestBody = clone(b); },
    getValue: () => toS(state.requestBody),
    setValue: b => { state.requestBody = clone(b); },
    getOperationType: () => (opts.request && opts.request.operationType) || "",
  };
  const response = {
    getBody: () => toS(state.responseBody),
    setBody: b => { state.responseBody = clone(b); },
    getValue: () => toS(state.responseBody),
    setValue: b => { state.responseBody = clone(b); },
  };
  const context = { getCollection: () => collection, getRequest: () => request, getResponse: () => response };
  ctx.__host = {
    context,
    params: toS(opts.params || []),
    queue,
    log: s => logs.push(String(s)),
  };
  const code = `"use strict";
var console = { log: function () { __host.log(Array.prototype.map.call(arguments, function (a) {
  return typeof a === "string" ? a : JSON.stringify(a); }).join(" ")); } };
function getContext() { return __host.context; }
var __ = __host.context.getCollection();
(function () {
  var __fn = (${scriptBody}
  );
  __fn.apply(null, __host.params);
  while (__host.queue.length) { __host.queue.shift()(); }
})();`;

  const rollback = () => {
    for (const j of journal.reverse()) {
      const cur = coll.documents._data.get(j.rid);
      if (cur) coll.documents.delete(j.rid, storePart(cur.read().id));
      if (j.prev) coll.documents._set(j.prev);
    }
    journal.length = 0;
  };
  try {
    vm.runInContext(code, ctx, { timeout: TIMEOUT_MS, filename: `${opts.what || "script"}.js` });
  } catch (e) {
    rollback();
    if (e && e.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") {
      throw new HttpError(408, `The ${opts.what || "script"} exceeded the ${TIMEOUT_MS} ms execution time limit.`);
    }
    const status = e && Number.isInteger(e.number) && e.number >= 400 && e.number < 500 ? e.number : 400;
    const text = e && e.message !== undefined ? `${e.name || "Error"}: ${e.message}` : String(e);
    const err = new HttpError(status, `Encountered exception while executing Javascript. Exception = ${text}`);
    err.logs = logs;
    throw err;
  }
  return { responseBody: state.responseBody, requestBody: state.requestBody, logs, rollback };
}

module.exports = { collStore, validateSproc, validateTrigger, runScript, TRIGGER_OPS };
