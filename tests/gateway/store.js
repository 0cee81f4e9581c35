"use strict";
// A small in-memory resource store (users, permissions, sprocs, triggers, conflicts, offers)
// with CRUD, listing, paging and SQL queries through the base's query engine.
const crypto = require("crypto");
const { queryLib } = require("./base");
const { HttpError } = require("./errors");

const ts = () => Math.floor(Date.now() / 1000);
const newEtag = () => `"${crypto.randomUUID()}"`;
const stripQuotes = e => (typeof e === "string" ? e.replace(/^W\//, "").replace(/^"|"$/g, "") : e);
const etagMatches = (a, b) => stripQuotes(a) === stripQuotes(b);

const queryCache = new Map();
function compile(sql) {
  let q = queryCache.get(sql);
  if (!q) {
    q = queryLib.default(sql);
    if (queryCache.size > 200) queryCache.clear();
    queryCache.set(sql, q);
  }
  return q;
}

/** Run a SQL query over plain objects; errors are client errors (400). */
function runQuery(rows, body, { maxItemCount, continuation, udf, compositeIndexes } = {}) {
  if (!body || typeof body.query !== "string" || !body.query.trim()) throw new HttpError(400, "The query is missing from the request body.");
  try {
    return compile(body.query).exec(rows, {
      parameters: body.parameters || [],
      udf: udf || {},
      maxItemCount: maxItemCount > 0 ? maxItemCount : undefined,
      continuation: continuation || undefined,
      compositeIndexes: compositeIndexes || [],
    });
  } catch (err) {
    if (err instanceof HttpError) throw err;
    const e = new HttpError(400, `Query failed: ${err.message}`);
    e.cause = err;
    throw e;
  }
}

class Store {
  /**
   * @param makeRid (n) => rid string for the n-th resource created
   * @param makeSelf (rid) => `_self` link
   */
  constructor(makeRid, makeSelf) {
    this.byId = new Map(); // id -> record {data, ext}
    this.counter = 0;
    this.makeRid = makeRid;
    this.makeSelf = makeSelf;
  }

  get(idOrRid) {
    const r = this.byId.get(idOrRid);
    if (r) return r;
    for (const rec of this.byId.values()) if (rec.data._rid === idOrRid) return rec;
    return null;
  }

  mustGet(id) {
    const r = this.get(id);
    if (!r) throw new HttpError(404, `Resource Not Found. Entity with the specified id '${id}' does not exist in the system.`);
    return r;
  }

  list() {
    return [...this.byId.values()].map(r => r.data);
  }

  create(data, ext) {
    if (!data || typeof data.id !== "string" || !data.id) throw new HttpError(400, "The input content is invalid because the required property 'id' is missing.");
    if (this.byId.has(data.id)) throw new HttpError(409, "Resource with specified id or name already exists.");
    this.counter += 1;
    const _rid = this.makeRid(this.counter);
    const rec = { data: { ...data, _rid, _self: this.makeSelf(_rid), _etag: newEtag(), _ts: ts() }, ext: ext || {} };
    this.byId.set(data.id, rec);
    return rec;
  }

  /** Replace `id` with `data` (data.id may differ: rename, if allowRename). */
  replace(id, data, { ifMatch, allowRename } = {}) {
    const rec = this.mustGet(id);
    if (ifMatch && !etagMatches(ifMatch, rec.data._etag)) throw new HttpError(412);
    if (!data || typeof data.id !== "string" || !data.id) throw new HttpError(400, "The input content is invalid because the required property 'id' is missing.");
    if (data.id !== rec.data.id) {
      if (!allowRename) throw new HttpError(400, "The id in the body does not match the id in the URL.");
      if (this.byId.has(data.id)) throw new HttpError(409);
      this.byId.delete(rec.data.id);
    }
    const { _rid, _self } = rec.data;
    rec.data = { ...data, _rid, _self, _etag: newEtag(), _ts: ts() };
    this.byId.set(rec.data.id, rec);
    return rec;
  }

  upsert(data) {
    if (data && this.byId.has(data.id)) return { rec: this.replace(data.id, data), created: false };
    return { rec: this.create(data), created: true };
  }

  delete(id, { ifMatch } = {}) {
    const rec = this.mustGet(id);
    if (ifMatch && !etagMatches(ifMatch, rec.data._etag)) throw new HttpError(412);
    this.byId.delete(rec.data.id);
    return rec;
  }

  page({ maxItemCount, continuation } = {}) {
    return runQuery(this.list(), { query: "SELECT * FROM root" }, { maxItemCount, continuation });
  }

  query(body, opts) {
    return runQuery(this.list(), body, opts);
  }
}

module.exports = { Store, runQuery, compile, newEtag, etagMatches, stripQuotes, ts };
