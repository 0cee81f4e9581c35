"use strict";
// Cosmos DB NoSQL value semantics for the reference evaluator, written from the service's
// documentation (not from the gateway): undefined vs null, comparisons of different types are
// undefined (and a WHERE keeps only true), ORDER BY's type order
// undefined < null < false < true < numbers < strings, ROUND half away from zero, aggregates
// that skip undefined, and canonical JSON for comparing results.

/** Rank in ORDER BY's (and MIN/MAX's) order of types. */
function typeRank(v) {
  if (v === undefined) return 0;
  if (v === null) return 1;
  if (typeof v === "boolean") return 2;
  if (typeof v === "number") return 3;
  if (typeof v === "string") return 4;
  if (Array.isArray(v)) return 5;
  return 6;
}

/** JSON with object keys sorted, so equal values have equal text. */
function canonical(v) {
  if (v === undefined) return "undefined";
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  return `{${Object.keys(v).filter(k => v[k] !== undefined).sort()
    .map(k => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
}

/** ORDER BY comparison: by type rank, then by value within a type. */
function orderCmp(a, b) {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (ra <= 1) return 0;
  if (ra >= 5) { const x = canonical(a); const y = canonical(b); return x < y ? -1 : (x > y ? 1 : 0); }
  if (ra === 2) return Number(a) - Number(b);
  return a < b ? -1 : (a > b ? 1 : 0);
}

/** A comparison operator's three-valued result: -1/0/1, or undefined across types. */
function cmp(a, b) {
  if (a === undefined || b === undefined) return undefined;
  const ra = typeRank(a);
  if (ra !== typeRank(b) || ra >= 5) return undefined;
  return orderCmp(a, b);
}
/** `=`: defined within one type, objects and arrays by deep equality; undefined across types. */
function eqOp(a, b) {
  if (a === undefined || b === undefined || typeRank(a) !== typeRank(b)) return undefined;
  return canonical(a) === canonical(b);
}
const eq = (a, b) => eqOp(a, b) === true;
const ne = (a, b) => { const c = cmp(a, b); return c === undefined ? undefined : c !== 0; };
const lt = (a, b) => cmp(a, b) === -1;
const le = (a, b) => { const c = cmp(a, b); return c !== undefined && c <= 0; };
const gt = (a, b) => cmp(a, b) === 1;
const ge = (a, b) => { const c = cmp(a, b); return c !== undefined && c >= 0; };
const isNum = v => typeof v === "number";
const isStr = v => typeof v === "string";

/** Property access that gives undefined along a missing or non-object path. */
function get(v, ...path) {
  let cur = v;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    if (typeof p === "number" && !Array.isArray(cur)) return undefined;
    if (typeof p === "string" && Array.isArray(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

/** An object projection: properties whose value is undefined are left out. */
function obj(o) {
  const out = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}
/** A VALUE projection: undefined values produce no result. */
const vals = list => list.filter(v => v !== undefined);
/** The elements of an array (JOIN / IN sources); anything else has none. */
const elems = v => (Array.isArray(v) ? v : []);

/** Stable sort by several [keyFn, 1 | -1] specifications. */
function sortBy(rows, specs) {
  return rows.map((r, i) => [r, i]).sort((x, y) => {
    for (const [fn, dir] of specs) {
      const c = orderCmp(fn(x[0]), fn(y[0]));
      if (c !== 0) return dir * c;
    }
    return x[1] - y[1];
  }).map(x => x[0]);
}

function distinct(list) {
  const seen = new Set();
  return list.filter(v => { const k = canonical(v); if (seen.has(k)) return false; seen.add(k); return true; });
}

/** Rows grouped by the canonical text of the key tuple (undefined and null kept apart). */
function groupBy(rows, keyFns) {
  const groups = new Map();
  for (const r of rows) {
    const keys = keyFns.map(fn => fn(r));
    const k = keys.map(canonical).join("|");
    if (!groups.has(k)) groups.set(k, { keys, rows: [] });
    groups.get(k).rows.push(r);
  }
  return [...groups.values()];
}

// Aggregates: undefined arguments are skipped. SUM and AVG are undefined when any argument is
// not a number; MIN and MAX follow the type order; all but COUNT are undefined over nothing.
function count(list) { return list.filter(v => v !== undefined).length; }
function sum(list) {
  const d = list.filter(v => v !== undefined);
  if (d.some(v => typeof v !== "number")) return undefined;
  return d.reduce((a, b) => a + b, 0);
}
function avg(list) {
  const d = list.filter(v => v !== undefined);
  if (d.length === 0 || d.some(v => typeof v !== "number")) return undefined;
  return d.reduce((a, b) => a + b, 0) / d.length;
}
function minOf(list) {
  const d = list.filter(v => v !== undefined && typeRank(v) < 5);
  return d.length ? d.reduce((a, b) => (orderCmp(b, a) < 0 ? b : a)) : undefined;
}
function maxOf(list) {
  const d = list.filter(v => v !== undefined && typeRank(v) < 5);
  return d.length ? d.reduce((a, b) => (orderCmp(b, a) > 0 ? b : a)) : undefined;
}

/** ROUND: half away from zero. */
const round = x => (isNum(x) ? Math.sign(x) * Math.round(Math.abs(x)) : undefined);
const num = fn => x => (isNum(x) ? fn(x) : undefined);
const str = fn => (x, ...rest) => (isStr(x) ? fn(x, ...rest) : undefined);

/** The service's system properties, dropped from whole-document results before comparing. */
const SYSTEM = ["_rid", "_self", "_etag", "_attachments", "_ts", "_lsn"];
function stripSystem(v) {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
  const out = {};
  for (const [k, x] of Object.entries(v)) if (!SYSTEM.includes(k)) out[k] = x;
  return out;
}

/** Canonical texts of `results`, sorted unless `ordered`. */
function canonicalList(results, ordered) {
  const texts = results.map(canonical);
  return ordered ? texts : texts.sort();
}

module.exports = {
  typeRank, canonical, orderCmp, cmp, eqOp, eq, ne, lt, le, gt, ge, isNum, isStr, get, obj, vals, elems,
  sortBy, distinct, groupBy, count, sum, avg, minOf, maxOf, round, num, str, stripSystem,
  canonicalList, SYSTEM,
};
