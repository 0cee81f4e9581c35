"use strict";
// Partition key ranges. Every partitioned container has three physical ranges over the
// effective partition key (EPK) space ""–"FF"; a document's EPK is a stable hash of its
// partition-key value(s). Containers without a partition key have the single range "0".
const crypto = require("crypto");
const { pkPaths, pkValues } = require("./base");
const { HttpError } = require("./errors");

const SPLIT = [
  { id: "0", minInclusive: "", maxExclusive: "55" },
  { id: "1", minInclusive: "55", maxExclusive: "AA" },
  { id: "2", minInclusive: "AA", maxExclusive: "FF" },
];
const SINGLE = [{ id: "0", minInclusive: "", maxExclusive: "FF" }];

const rangesOf = collData => (pkPaths(collData).length ? SPLIT : SINGLE);

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
function rangeIdForPk(values) {
  return rangeIdForEpk(SPLIT, epkOfValues(values));
}

function rangeIdOfDoc(collData, doc) {
  const paths = pkPaths(collData);
  if (!paths.length) return "0";
  return rangeIdForEpk(SPLIT, epkOfValues(pkValues(paths, doc)));
}

/** The x-ms-documentdb-partitionkeyrangeid header, checked against the container's ranges. */
function requestedRange(collData, req) {
  let id = req.headers["x-ms-documentdb-partitionkeyrangeid"];
  if (Array.isArray(id)) [id] = id;
  if (id === undefined || id === "") return undefined;
  id = String(id).split(",")[0].trim();
  if (!rangesOf(collData).some(r => r.id === id)) {
    const e = new HttpError(410, `Partition key range ${id} is gone.`);
    e.subStatus = 1002;
    throw e;
  }
  return id;
}

/** The GET …/pkranges feed body. */
function pkrangesBody(collData, res) {
  const out = rangesOf(collData).map((r, i) => ({
    id: r.id,
    _rid: `${collData._rid}${i}`,
    _self: `${collData._self}pkranges/${r.id}/`,
    _etag: `"pkrange-${r.id}"`,
    _ts: collData._ts,
    minInclusive: r.minInclusive,
    maxExclusive: r.maxExclusive,
    ridPrefix: i,
    throughputFraction: 1 / rangesOf(collData).length,
    status: "online",
    parents: [],
    ownedArchivalPKRangeIds: [],
  }));
  res.setHeader("x-ms-item-count", String(out.length));
  res.setHeader("etag", `"${out.length}"`);
  return { _rid: collData._rid, PartitionKeyRanges: out, _count: out.length };
}

module.exports = { rangesOf, rangeIdForPk, rangeIdOfDoc, requestedRange, pkrangesBody, epkOfValues };
