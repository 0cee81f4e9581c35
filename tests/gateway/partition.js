"use strict";
// Partition-key header parsing and matching (flat and hierarchical/MultiHash keys).
const { pkPaths, pkValues, storePartitionFromHeader } = require("./base");
const { HttpError } = require("./errors");

/** The parsed `x-ms-documentdb-partitionkey` header as an array, or undefined when absent. */
function parsePkHeader(req) {
  let raw = req.headers["x-ms-documentdb-partitionkey"];
  if (Array.isArray(raw)) raw = raw[0];
  if (raw === undefined || raw === "") return undefined;
  let v;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    throw new HttpError(400, `The partition key ${raw} is invalid: the x-ms-documentdb-partitionkey header must be a JSON array.`);
  }
  return Array.isArray(v) ? v : [v];
}

const isUndefinedMarker = v => v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0;

/** Does `doc` belong to the logical partition (or hierarchical prefix) given by `arr`? */
function docMatchesPk(paths, doc, arr) {
  if (!arr || arr.length === 0 || paths.length === 0) return true;
  const vals = pkValues(paths, doc);
  for (let i = 0; i < arr.length && i < vals.length; i += 1) {
    const want = arr[i];
    const have = vals[i];
    if (isUndefinedMarker(want)) {
      if (have !== undefined) return false;
    } else if (have !== want) {
      return false;
    }
  }
  return true;
}

/** Resolve the partition of a point operation; throws 400 when the header is missing/short. */
function pointPartition(collData, req, id) {
  const paths = pkPaths(collData);
  const arr = parsePkHeader(req);
  if (arr === undefined) {
    if (paths.length === 0) return { arr: [], store: id };
    throw new HttpError(400, "PartitionKey value must be supplied for this operation.");
  }
  if (paths.length > 1 && arr.length !== paths.length) {
    throw new HttpError(400, "The partition key supplied in x-ms-partitionkey header has fewer components than defined in the collection.");
  }
  if (paths.length <= 1 && arr.length > 1) {
    throw new HttpError(400, "The partition key supplied in x-ms-partitionkey header has more components than defined in the collection.");
  }
  return { arr, store: storePartitionFromHeader(collData, arr, id) };
}

module.exports = { parsePkHeader, docMatchesPk, pointPartition, pkPaths, pkValues };
