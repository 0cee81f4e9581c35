"use strict";
// Partition key ranges. Every partitioned container starts with three physical ranges over the
// effective partition key (EPK) space ""–"FF"; a document's EPK is a stable hash of its
// partition-key value(s). Containers without a partition key have the single range "0".
//
// Ranges can be split by a test route (POST /_test/…/split), as the service splits a partition
// that grows: the parent's id is gone (requests naming it answer 410 with substatus 1002, or
// 1007 "completing split" when asked), its two children carry `parents`. The pkranges feed is a
// change feed: with `A-IM: Incremental feed` and `If-None-Match: <etag>` it returns only the
// ranges created after that etag, or 304 when nothing changed.
const crypto = require("crypto");
const { pkPaths, pkValues } = require("./base");
const { HttpError } = require("./errors");

const SPLIT = [
  { id: "0", minInclusive: "", maxExclusive: "55" },
  { id: "1", minInclusive: "55", maxExclusive: "AA" },
  { id: "2", minInclusive: "AA", maxExclusive: "FF" },
];
const SINGLE = [{ id: "0", minInclusive: "", maxExclusive: "FF" }];
const EPK_DIGITS = 32;

// container _rid -> {version, ranges: [{id, minInclusive, maxExclusive, parents, version}], gone: Map(id -> substatus)}
const tables = new Map();

function tableOf(collData) {
  const key = collData._rid;
  let t = tables.get(key);
  if (!t) {
    const initial = pkPaths(collData).length ? SPLIT : SINGLE;
    t = { version: 1, ranges: initial.map(r => ({ ...r, parents: [], version: 1 })), gone: new Map() };
    tables.set(key, t);
  }
  return t;
}

const rangesOf = collData => tableOf(collData).ranges;

/** EPK of a partition-key value array: MD5 hex, first byte kept below 0xFF. */
function epkOfValues(values) {
  const h = crypto.createHash("md5").update(JSON.stringify(values.map(v => (v === undefined ? null : v)))).digest();
  h[0] %= 0xff;
  return h.toString("hex").toUpperCase();
}

function rangeIdForEpk(ranges, epk) {
  const r = ranges.find(x => x.minInclusive <= epk && epk < x.maxExclusive);
  return r ? r.id : ranges[ranges.length - 1].id;
}

/** The range id a partition-key value (array, as in the header) lives in. */
function rangeIdForPk(values, collData) {
  return rangeIdForEpk(collData ? rangesOf(collData) : SPLIT, epkOfValues(values));
}

function rangeIdOfDoc(collData, doc) {
  const paths = pkPaths(collData);
  if (!paths.length) return rangesOf(collData)[0].id;
  return rangeIdForEpk(rangesOf(collData), epkOfValues(pkValues(paths, doc)));
}

function goneError(id, subStatus) {
  const e = new HttpError(410, subStatus === 1007
    ? `The split of partition key range ${id} is completing; refresh the partition key ranges.`
    : `Partition key range ${id} is gone.`);
  e.subStatus = subStatus;
  return e;
}

/** The x-ms-documentdb-partitionkeyrangeid header, checked against the container's ranges. */
function requestedRange(collData, req) {
  let id = req.headers["x-ms-documentdb-partitionkeyrangeid"];
  if (Array.isArray(id)) [id] = id;
  if (id === undefined || id === "") return undefined;
  id = String(id).split(",")[0].trim();
  const t = tableOf(collData);
  if (!t.ranges.some(r => r.id === id)) throw goneError(id, t.gone.get(id) || 1002);
  return id;
}

const padEpk = s => BigInt(`0x${(s || "").padEnd(EPK_DIGITS, "0")}`);
function midEpk(min, max) {
  const mid = (padEpk(min) + padEpk(max === "FF" ? "FF" : max)) / 2n;
  return mid.toString(16).toUpperCase().padStart(EPK_DIGITS, "0").replace(/(..)0+$/, "$1");
}

/**
 * Splits live range `id` of a container at the middle of its EPK span. Requests naming it
 * then answer 410/`subStatus` (1002 gone, 1007 completing split). Returns the two children.
 */
function splitRange(collData, id, subStatus = 1002) {
  const t = tableOf(collData);
  const at = t.ranges.findIndex(r => r.id === id);
  if (at < 0) throw new HttpError(404, `Partition key range ${id} is not a live range of this container.`);
  const parent = t.ranges[at];
  const mid = midEpk(parent.minInclusive, parent.maxExclusive);
  if (!(parent.minInclusive < mid && mid < parent.maxExclusive)) throw new HttpError(400, `Partition key range ${id} is too small to split.`);
  const next = Math.max(...t.ranges.map(r => Number(r.id)), ...[...t.gone.keys()].map(Number)) + 1;
  t.version += 1;
  const children = [
    { id: String(next), minInclusive: parent.minInclusive, maxExclusive: mid, parents: [...parent.parents, id], version: t.version },
    { id: String(next + 1), minInclusive: mid, maxExclusive: parent.maxExclusive, parents: [...parent.parents, id], version: t.version },
  ];
  t.ranges.splice(at, 1, ...children);
  t.gone.set(id, subStatus === 1007 ? 1007 : 1002);
  return children;
}

function rangeResource(collData, r) {
  const n = Number(r.id);
  return {
    id: r.id,
    _rid: `${collData._rid}${n}`,
    _self: `${collData._self}pkranges/${r.id}/`,
    _etag: `"pkrange-${r.id}"`,
    _ts: collData._ts,
    minInclusive: r.minInclusive,
    maxExclusive: r.maxExclusive,
    ridPrefix: n,
    throughputFraction: 1 / rangesOf(collData).length,
    status: "online",
    parents: r.parents,
    ownedArchivalPKRangeIds: [],
  };
}

/**
 * The GET …/pkranges feed body. A change feed (`A-IM: Incremental feed`) with `If-None-Match`
 * returns the ranges created after that etag, or 304 when the ranges did not change.
 */
function pkrangesBody(collData, req, res) {
  const t = tableOf(collData);
  const etag = `"${t.version}"`;
  res.setHeader("etag", etag);
  const incremental = String(req.headers["a-im"] || "").toLowerCase() === "incremental feed";
  const since = /^"?(\d+)"?$/.exec(String(req.headers["if-none-match"] || "").trim());
  let list = t.ranges;
  if (incremental && since) {
    const v = Number(since[1]);
    if (v >= t.version) {
      res.statusCode = 304;
      return undefined;
    }
    list = t.ranges.filter(r => r.version > v);
  }
  const out = list.map(r => rangeResource(collData, r));
  res.setHeader("x-ms-item-count", String(out.length));
  return { _rid: collData._rid, PartitionKeyRanges: out, _count: out.length };
}

module.exports = { rangesOf, rangeIdForPk, rangeIdOfDoc, requestedRange, pkrangesBody, epkOfValues, splitRange };
