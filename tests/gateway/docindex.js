"use strict";
// Document index of a container, kept next to the base package's store (`Documents._data`,
// rid -> item, and `_index`, "partition:/id:id" -> rid, which already make point operations
// O(1)). It adds what paging needs at scale:
//
// - an entry per document {seq, rid, doc, pk, rangeId, lsn, alive}; `seq` is the document's
//   position in creation order (kept by replace and upsert, like the service's `_rid` order);
// - lists of entries in `seq` order for the whole container, per partition key range and per
//   logical partition (the base's partition value). A create appends (O(1)); a delete marks the
//   entry dead and the lists drop dead entries when more than half of them are dead;
// - change-feed logs (one record per write, in LSN order) for the same three scopes;
// - sorted snapshots for ORDER BY on one path, cached per (scope, path, direction) and rebuilt
//   when one of the scope's documents was written since (per-list versions).
//
// A continuation is then a position (a `seq`, an LSN or a snapshot index), found again by
// binary search: a page costs what it returns, never a rescan of what came before.

const SNAPSHOTS_PER_CONTAINER = 6;
const RECENT_DELETES = 4096; // rid -> seq of recently deleted items: an undo puts them back in place

/** Entries in ascending `key(e)` order, with lazily dropped dead records. */
class OrderedList {
  constructor(key, isLive) {
    this.arr = [];
    this.dead = 0;
    this.version = 0; // changed by every write to one of its entries (ORDER BY snapshots)
    this.key = key;
    this.isLive = isLive;
  }

  add(e) {
    const a = this.arr;
    const k = this.key(e);
    if (!a.length || this.key(a[a.length - 1]) < k) {
      a.push(e);
      return;
    }
    a.splice(this.lowerBound(k), 0, e); // out of order: an undone delete coming back
  }

  /** One of the records became dead; compact when dead records dominate. */
  died() {
    this.dead += 1;
    if (this.dead > 1024 && this.dead * 2 > this.arr.length) {
      this.arr = this.arr.filter(this.isLive);
      this.dead = 0;
    }
  }

  /** Index of the first record with key >= k. */
  lowerBound(k) {
    const a = this.arr;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1; // eslint-disable-line no-bitwise
      if (this.key(a[mid]) < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get live() {
    return this.arr.length - this.dead;
  }
}

const bySeq = () => new OrderedList(e => e.seq, e => e.alive);
const byLsn = () => new OrderedList(r => r.lsn, r => r.entry.alive && r.entry.lsn === r.lsn);

/** SQL ordering of values (undefined < null < booleans < numbers < strings < arrays < objects). */
const TYPE_RANK = { undefined: 0, null: 1, boolean: 2, number: 3, string: 4, array: 5, object: 6 };
function typeOf(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}
function compareValues(a, b) {
  if (a === b) return 0;
  const ta = typeOf(a);
  const tb = typeOf(b);
  if (ta !== tb) return TYPE_RANK[ta] - TYPE_RANK[tb];
  if (ta === "object" || ta === "array") return 0;
  return a < b ? -1 : 1;
}

class DocIndex {
  constructor(documents) {
    this.documents = documents;
    this.bySeqAll = bySeq();
    this.rangeLists = new Map(); // range id -> OrderedList
    this.pkLists = new Map(); // partition value -> OrderedList
    this.logAll = byLsn();
    this.rangeLogs = new Map();
    this.pkLogs = new Map();
    this.entries = new Map(); // rid -> entry
    this.recent = new Map(); // rid -> seq of deleted entries (bounded)
    this.rangeByPk = new Map(); // partition value -> range id
    this.seq = 0;
    this.stamp = 0;
    this.snapshots = new Map();
    this.replacing = null; // rid whose delete is the first half of a replace
  }

  static listIn(map, key, make) {
    let l = map.get(key);
    if (!l) {
      l = make();
      map.set(key, l);
    }
    return l;
  }

  /** The range of a document: a function of its partition value, so cached by that (MD5). */
  rangeOf(doc, pk) {
    let r = this.rangeByPk.get(pk);
    if (r === undefined) {
      const { rangeIdOfDoc } = require("./ranges"); // eslint-disable-line global-require
      r = rangeIdOfDoc(this.documents._parent.read(), doc);
      if (this.rangeByPk.size > 100000) this.rangeByPk.clear();
      this.rangeByPk.set(pk, r);
    }
    return r;
  }

  /** A document was stored (create, replace, upsert, undo) with this LSN. */
  onSet(data, lsn) {
    let e = this.entries.get(data._rid);
    if (e) {
      e.doc = data;
      e.lsn = lsn; // the previous log record is now stale
      this.staleLogs(e);
    } else {
      const old = this.recent.get(data._rid);
      if (old !== undefined) this.recent.delete(data._rid);
      const pk = this.documents._getPartition(data);
      e = {
        seq: old !== undefined ? old : ++this.seq,
        rid: data._rid,
        doc: data,
        pk,
        rangeId: this.rangeOf(data, pk),
        lsn,
        alive: true,
      };
      this.entries.set(e.rid, e);
      this.bySeqAll.add(e);
      DocIndex.listIn(this.rangeLists, e.rangeId, bySeq).add(e);
      DocIndex.listIn(this.pkLists, e.pk, bySeq).add(e);
    }
    this.touch(e);
    const rec = { lsn, entry: e };
    this.logAll.add(rec);
    DocIndex.listIn(this.rangeLogs, e.rangeId, byLsn).add(rec);
    DocIndex.listIn(this.pkLogs, e.pk, byLsn).add(rec);
  }

  /**
   * The container's partition key ranges changed (a split): every live entry is assigned its
   * range again and the per-range lists and logs are rebuilt in the same seq / LSN order, so a
   * position in a parent range is a valid position in each of its children.
   */
  rebuildRanges() {
    const { rangeIdOfDoc } = require("./ranges"); // eslint-disable-line global-require
    const collData = this.documents._parent.read();
    this.rangeByPk.clear();
    this.rangeLists = new Map();
    this.rangeLogs = new Map();
    this.snapshots.clear();
    for (const e of this.bySeqAll.arr) {
      if (!e.alive) continue; // eslint-disable-line no-continue
      e.rangeId = rangeIdOfDoc(collData, e.doc);
      DocIndex.listIn(this.rangeLists, e.rangeId, bySeq).add(e);
    }
    for (const rec of this.logAll.arr) {
      if (rec.entry.alive && rec.entry.lsn === rec.lsn) DocIndex.listIn(this.rangeLogs, rec.entry.rangeId, byLsn).add(rec);
    }
    this.stamp += 1;
    for (const l of this.rangeLists.values()) l.version = this.stamp;
  }

  /** A write to `e`: the snapshots of its lists are out of date. */
  touch(e) {
    this.stamp += 1; // one counter for all lists: a list made again never reuses a version
    this.bySeqAll.version = this.stamp;
    DocIndex.listIn(this.rangeLists, e.rangeId, bySeq).version = this.stamp;
    this.pkLists.get(e.pk).version = this.stamp;
  }

  staleLogs(e) {
    this.logAll.died();
    DocIndex.listIn(this.rangeLogs, e.rangeId, byLsn).died();
    this.pkLogs.get(e.pk).died();
  }

  /** A document was deleted (not the delete half of a replace). */
  onDelete(rid) {
    if (rid === this.replacing) return;
    const e = this.entries.get(rid);
    if (!e) return;
    this.touch(e);
    this.entries.delete(rid);
    e.alive = false;
    this.recent.set(rid, e.seq);
    if (this.recent.size > RECENT_DELETES) this.recent.delete(this.recent.keys().next().value);
    this.staleLogs(e);
    this.bySeqAll.died();
    DocIndex.listIn(this.rangeLists, e.rangeId, bySeq).died();
    const pl = this.pkLists.get(e.pk);
    pl.died();
    if (pl.live === 0) {
      this.pkLists.delete(e.pk);
      this.pkLogs.delete(e.pk);
    }
  }

  /** The seq-ordered list for a scope: {pk} (full logical partition), {rangeId}, or all. */
  list({ pk, hasPk, rangeId } = {}) {
    if (hasPk) {
      const l = this.pkLists.get(pk);
      if (!l) return { arr: [], key: e => e.seq, lowerBound: () => 0, version: 0 };
      return l;
    }
    if (rangeId !== undefined) return this.rangeLists.get(rangeId) || bySeq();
    return this.bySeqAll;
  }

  log({ pk, hasPk, rangeId } = {}) {
    if (hasPk) return this.pkLogs.get(pk) || byLsn();
    if (rangeId !== undefined) return this.rangeLogs.get(rangeId) || byLsn();
    return this.logAll;
  }

  /**
   * Entries of a scope sorted by the value at `path` (single ORDER BY; entries without a value
   * come first, as the service returns them), then by seq. Cached until the next write to one
   * of the scope's documents.
   */
  snapshot(scopeKey, scope, path, desc, valueOf) {
    const key = `${scopeKey}|${path.join("\u0001")}|${desc ? "d" : "a"}`;
    const hit = this.snapshots.get(key);
    const list = this.list(scope);
    if (hit && hit.version === list.version) {
      this.snapshots.delete(key); // LRU: move to the end
      this.snapshots.set(key, hit);
      return hit;
    }
    const rows = [];
    for (const e of list.arr) {
      if (!e.alive) continue; // eslint-disable-line no-continue
      rows.push({ e, v: valueOf(e.doc) }); // undefined values are served too (first ascending), as the service does
    }
    const dir = desc ? -1 : 1;
    rows.sort((a, b) => compareValues(a.v, b.v) * dir || a.e.seq - b.e.seq);
    const snap = { version: list.version, rows, dir };
    this.snapshots.delete(key);
    this.snapshots.set(key, snap);
    while (this.snapshots.size > SNAPSHOTS_PER_CONTAINER) this.snapshots.delete(this.snapshots.keys().next().value);
    return snap;
  }
}

/** The index of a base `Documents` store, built from its current content on first use. */
function indexOf(documents) {
  if (!documents.__docIndex) {
    const idx = new DocIndex(documents);
    documents.__docIndex = idx;
    const lsns = documents.__lsn || new Map();
    for (const item of documents._data.values()) {
      const d = item.read();
      idx.onSet(d, lsns.get(d._rid) || 0);
    }
  }
  return documents.__docIndex;
}

module.exports = { DocIndex, OrderedList, indexOf, compareValues };
