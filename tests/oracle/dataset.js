"use strict";
// The oracle's dataset: generated from a seeded PRNG (mulberry32), so every run and every
// client sees the same documents. Two containers:
//   items  partition key /pk, 300 documents: nested objects, arrays, missing and null fields,
//          one field holding every JSON type, unicode strings, seven partition key values
//   hier   hierarchical key [/tenant, /region] (MultiHash), 90 documents
// Numbers used by SUM/AVG are integers (exact in any summation order); prices are quarters.

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PKS = ["alpha", "beta", "gamma", "delta", "ünïcödé", "数据", "epsilon"];
const CATS = ["books", "tools", "toys", "food"];
const NAMES = ["Ada", "bob", "Çelik", "Émile", "zoë", "Łukasz", "日本語", "O'Brien", "  spaced ",
  "ÅSA", "mañana", "Δelta"];
const NOTES = ["plain", "emoji 😀 fun", "tab\there", "quote \"q\"", "back\\slash", "ελληνικά", ""];
const TAGS = ["red", "green", "blue", "amber"];
const GROUPS = ["g1", "g2", "g3"];

function pick(rnd, list) { return list[Math.floor(rnd() * list.length)]; }
function int(rnd, lo, hi) { return lo + Math.floor(rnd() * (hi - lo + 1)); }

function makeItems() {
  const rnd = mulberry32(20261129);
  const docs = [];
  for (let i = 0; i < 300; i += 1) {
    const d = { id: `i${String(i).padStart(3, "0")}`, pk: pick(rnd, PKS), n: i, cat: CATS[(i * 7) % 4] };
    const r = rnd();
    if (r < 0.1) { /* price missing */ } else if (r < 0.15) d.price = null;
    else d.price = int(rnd, -400, 400) / 4;
    d.qty = int(rnd, 0, 20);
    d.name = `${pick(rnd, NAMES)}${i % 10}`;
    d.note = pick(rnd, NOTES);
    const t = rnd();
    if (t < 0.15) { /* tags missing */ } else if (t < 0.2) d.tags = "red"; // not an array
    else {
      const k = int(rnd, 0, 3);
      d.tags = [];
      for (let j = 0; j < k; j += 1) { const tag = pick(rnd, TAGS); if (!d.tags.includes(tag)) d.tags.push(tag); }
    }
    switch (i % 7) { // every JSON type in one field, and missing
      case 0: d.mixed = int(rnd, -5, 15); break;
      case 1: d.mixed = pick(rnd, ["x", "10", "abc", "Zed", ""]); break;
      case 2: d.mixed = rnd() < 0.5; break;
      case 3: d.mixed = null; break;
      case 4: d.mixed = [int(rnd, 0, 3), "a"]; break;
      case 5: d.mixed = { k: int(rnd, 0, 3) }; break;
      default: break;
    }
    switch (i % 6) { // orderable types only: undefined, null, booleans, numbers, strings
      case 0: break;
      case 1: d.sortv = null; break;
      case 2: d.sortv = rnd() < 0.5; break;
      case 3: d.sortv = int(rnd, -50, 50); break;
      case 4: d.sortv = pick(rnd, ["a", "B", "b", "aa", "10", ""]); break;
      default: d.sortv = int(rnd, 0, 9) + 0.5; break;
    }
    const g = rnd();
    if (g < 0.12) { /* group missing */ } else if (g < 0.22) d.group = null;
    else d.group = pick(rnd, GROUPS);
    if (rnd() < 0.7) d.flag = rnd() < 0.5;
    if (rnd() < 0.8) {
      const k = int(rnd, 0, 4);
      d.scores = [];
      for (let j = 0; j < k; j += 1) d.scores.push(int(rnd, 0, 100));
    }
    const nest = rnd();
    if (nest < 0.1) { /* no nested */ } else if (nest < 0.2) d.nested = null;
    else if (nest < 0.3) d.nested = { level1: {} };
    else d.nested = { level1: { level2: { v: int(rnd, 0, 9) }, arr: [int(rnd, 0, 3), { w: int(rnd, 0, 3) }] } };
    if (rnd() < 0.6) d.objs = [{ k: int(rnd, 0, 3), label: pick(rnd, TAGS) }, { k: int(rnd, 0, 3) }];
    docs.push(d);
  }
  return docs;
}

const TENANTS = ["t1", "t2", "t3"];
const REGIONS = ["eu", "us", "apac"];
const KINDS = ["order", "refund", "quote"];

function makeHier() {
  const rnd = mulberry32(4242);
  const docs = [];
  for (let i = 0; i < 90; i += 1) {
    const d = { id: `h${String(i).padStart(2, "0")}`, tenant: TENANTS[i % 3], region: REGIONS[Math.floor(i / 3) % 3] };
    d.amount = int(rnd, 1, 500);
    d.kind = pick(rnd, KINDS);
    if (rnd() < 0.8) d.lines = [{ sku: `s${int(rnd, 1, 5)}`, q: int(rnd, 1, 4) }];
    if (d.lines && rnd() < 0.3) d.lines.push({ sku: `s${int(rnd, 1, 5)}`, q: int(rnd, 1, 4) });
    docs.push(d);
  }
  return docs;
}

const CONTAINERS = [
  {
    id: "items",
    partitionKey: { paths: ["/pk"], kind: "Hash", version: 2 },
    indexingPolicy: {
      indexingMode: "consistent",
      automatic: true,
      includedPaths: [{ path: "/*" }],
      excludedPaths: [{ path: "/\"_etag\"/?" }],
      compositeIndexes: [
        [{ path: "/cat", order: "ascending" }, { path: "/n", order: "ascending" }],
        [{ path: "/cat", order: "ascending" }, { path: "/n", order: "descending" }],
        [{ path: "/qty", order: "descending" }, { path: "/n", order: "ascending" }],
        [{ path: "/pk", order: "ascending" }, { path: "/qty", order: "ascending" }, { path: "/n", order: "ascending" }],
      ],
    },
    docs: makeItems(),
    scopedKey: ["beta"], // the partition the scoped runs use
  },
  {
    id: "hier",
    partitionKey: { paths: ["/tenant", "/region"], kind: "MultiHash", version: 2 },
    indexingPolicy: {
      indexingMode: "consistent",
      automatic: true,
      includedPaths: [{ path: "/*" }],
      excludedPaths: [{ path: "/\"_etag\"/?" }],
      compositeIndexes: [
        [{ path: "/amount", order: "descending" }, { path: "/id", order: "ascending" }],
        [{ path: "/region", order: "ascending" }, { path: "/amount", order: "ascending" }],
      ],
    },
    docs: makeHier(),
    scopedKey: ["t2", "us"],
    scopedPrefix: ["t2"], // a hierarchical prefix: every region of tenant t2
  },
];

/** The documents of `container` in the partition `key` (an array of path values, or a prefix). */
function inPartition(container, key) {
  const paths = container.partitionKey.paths.map(p => p.slice(1)).slice(0, key.length);
  return container.docs.filter(d => paths.every((p, i) => d[p] === key[i]));
}

module.exports = { CONTAINERS, inPartition, mulberry32 };
