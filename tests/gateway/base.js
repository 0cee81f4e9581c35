"use strict";
// Loads the in-process @vercel/cosmosdb-server (pinned 1.0.1) and patches the few internals the
// gateway needs: real-looking `_self` links, per-write LSNs (change feed / session tokens),
// MultiHash partition keys over all paths, container replace that keeps the documents.
const path = require("path");

const BASE = path.dirname(require.resolve("@vercel/cosmosdb-server/package.json"));
const lib = p => require(path.join(BASE, "lib", p));

const Account = lib("account").default;
const Items = lib("account/items").default;
const Databases = lib("account/databases").default;
const Collections = lib("account/collections").default;
const Documents = lib("account/documents").default;
const UserDefinedFunctions = lib("account/user-defined-functions").default;
const PartitionKeyRanges = lib("account/partition-key-ranges").default;
const ResourceId = lib("account/resource-id").default;
const getValue = lib("utils/get-value").default;
const jsonModule = lib("json");
const docOps = lib("handler/_document-operations");
const patchOps = lib("handler/_patch-operations");
const routes = lib("routes").default;
const queryLib = require(require.resolve("@zeit/cosmosdb-query", { paths: [BASE] }));
const fidelity = require("./fidelity");
const { indexOf } = require("./docindex");

// ---- lossless JSON (see fidelity.js): bodies keep integers outside JS's safe range (as
// BigIntText) and the key order of objects with integer-like keys; responses are written with
// fidelity.stringify (server.js). The query engine treats a BigIntText as its double.
fidelity.patchQueryEngine(BASE);
require("./sqlfixes").applySqlFixes(BASE); // service semantics the base engine lacks

// ---- request bodies: the gateway reads each body once; base handlers parse it from req.rawBody.
jsonModule.default = async req => parseJsonBody(req.rawBody);

function parseJsonBody(buf) {
  const text = buf ? buf.toString("utf8") : "";
  if (!text.trim()) {
    const e = new Error("The request body is empty; a JSON body is required.");
    e.status = 400;
    throw e;
  }
  try {
    return fidelity.parse(text);
  } catch (err) {
    const e = new Error(`The request payload is invalid JSON: ${err.message}`);
    e.status = 400;
    throw e;
  }
}

// ---- `_self` links shaped like the service's: "dbs/<rid>/colls/<rid>/docs/<rid>/".
Databases.prototype._self = rid => `dbs/${rid}/`;
function childSelf(seg) {
  return function self(rid) {
    const parent = this._parent.read();
    if (!parent) throw new Error("parent is missing");
    return `${parent._self}${seg}/${rid}/`;
  };
}
Collections.prototype._self = childSelf("colls");
Documents.prototype._self = childSelf("docs");
UserDefinedFunctions.prototype._self = childSelf("udfs");
PartitionKeyRanges.prototype._self = childSelf("pkranges");

// ---- LSN: one global, monotonically increasing counter stamped on every document write.
const lsnState = { lsn: 0 };
const nextLsn = () => ++lsnState.lsn;
function lsnMap(documents) {
  if (!documents.__lsn) documents.__lsn = new Map(); // rid -> lsn of its latest version
  return documents.__lsn;
}
// The document index (docindex.js: lists per scope for paging, change-feed logs) follows
// every write of the base store.
const origDocSet = Documents.prototype._set;
Documents.prototype._set = function set(data) {
  const idx = indexOf(this); // built (from the existing documents) before this one is stored
  const lsn = nextLsn();
  lsnMap(this).set(data._rid, lsn);
  const out = origDocSet.call(this, data);
  idx.onSet(data, lsn);
  return out;
};
const origDocDelete = Documents.prototype.delete;
Documents.prototype.delete = function del(idOrRid, partition) {
  const data = this._item("/id", idOrRid, partition).read();
  const r = origDocDelete.call(this, idOrRid, partition);
  if (data) {
    lsnMap(this).delete(data._rid);
    indexOf(this).onDelete(data._rid);
  }
  nextLsn();
  return r;
};
// The base's replace is a delete plus a set of the same rid: the item keeps its index entry
// (and so its position in feeds).
const origDocReplace = Items.prototype.replace;
Documents.prototype.replace = function replace(data, original) {
  const idx = indexOf(this);
  idx.replacing = original && original._rid;
  try {
    return origDocReplace.call(this, data, original);
  } finally {
    idx.replacing = null;
  }
};

// ---- MultiHash: the partition identity is all path values (base uses the first path only).
const origGetPartition = Items.prototype._getPartition;
Documents.prototype._getPartition = function getPartition(data) {
  if (this._partitionKeyPath.length > 1) {
    return JSON.stringify(pkValues(this._partitionKeyPath, data).map(v => (v === undefined ? null : v)));
  }
  return fidelity.num(origGetPartition.call(this, data)); // a big-integer key counts as its double
};

// ---- Container replace: keep the same Collection object (documents, UDFs, extensions).
const origCollReplace = Collections.prototype.replace;
Collections.prototype.replace = function replace(data, original) {
  const obj = this._data.get(original._rid);
  const result = origCollReplace.call(this, data, original);
  if (obj) {
    obj._data = this._data.get(result._rid).read();
    this._data.set(result._rid, obj);
  }
  return result;
};

// ---- helpers shared by the gateway modules
function pkPaths(collData) {
  return ((collData && collData.partitionKey && collData.partitionKey.paths) || [])
    .filter(p => p !== "/_partitionKey");
}
function pkValues(paths, doc) {
  return paths.map(p => fidelity.num(getValue(p.slice(1).split("/"), doc)));
}
/** Value used by the base's index for a document's partition (what `_getPartition` returns). */
function storePartitionFromHeader(collData, headerArr, id) {
  const paths = pkPaths(collData);
  if (paths.length > 1) {
    return JSON.stringify(paths.map((_, i) => {
      const v = headerArr[i];
      return v === undefined || (v && typeof v === "object") ? null : v;
    }));
  }
  const v = headerArr.length ? headerArr[0] : undefined;
  return v && typeof v === "object" ? id : v;
}

const ridOf = (byte, collRid, n) => {
  const idBuffer = Buffer.alloc(8, 0);
  idBuffer.writeInt32LE(n, 0);
  idBuffer.writeUInt8(byte << 4, 7);
  const rid = ResourceId.parse(collRid);
  const idString = ResourceId.bigNumberReadIntBE(idBuffer, 0, 8).toString();
  if (byte === ResourceId.StoredProcedureByte) rid.storedProcedure = idString;
  else if (byte === ResourceId.TriggerByte) rid.trigger = idString;
  else if (byte === ResourceId.ConflictByte) rid.conflict = idString;
  return rid.toString();
};

module.exports = {
  Account, Items, ResourceId, getValue, docOps, patchOps, routes, queryLib, parseJsonBody,
  lsnState, nextLsn, lsnMap, pkPaths, pkValues, storePartitionFromHeader, ridOf,
};

// ---- UDF replace: the base's replace deletes (and so forgets) the compiled function; re-define it.
const origUdfReplace = UserDefinedFunctions.prototype.replace;
UserDefinedFunctions.prototype.replace = function replace(data) {
  const out = origUdfReplace.call(this, data);
  this.functions[out.id] = new Function(`"use strict";return (${out.body})`)(); // eslint-disable-line no-new-func
  return out;
};
