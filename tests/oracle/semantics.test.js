"use strict";
// The reference evaluator's own rules, checked against the documented behaviour of the
// service (learn.microsoft.com, Azure Cosmos DB for NoSQL query reference), so that a wrong
// rule cannot hide behind agreeing clients.
const test = require("node:test");
const assert = require("node:assert");
const S = require("./semantics");
const { CONTAINERS, inPartition } = require("./dataset");
const { CORPUS } = require("./corpus");

test("equality and comparison: undefined across types, deep equality within objects/arrays", () => {
  assert.strictEqual(S.eqOp(0, "true"), undefined); // the docs' own example: WHERE 0 = "true" matches nothing
  assert.strictEqual(S.eqOp(null, null), true);
  assert.strictEqual(S.eqOp(undefined, undefined), undefined);
  assert.strictEqual(S.eqOp({ a: 1, b: [2] }, { b: [2], a: 1 }), true);
  assert.strictEqual(S.eqOp([1, 2], [2, 1]), false);
  assert.strictEqual(S.ne(1, "1"), undefined);
  assert.strictEqual(S.cmp([1], [1]), undefined); // > >= < <= != on arrays: undefined
  assert.ok(!S.gt("b", 1) && !S.lt("b", 1));
});

test("ORDER BY type order: undefined < null < false < true < numbers < strings", () => {
  const sorted = S.sortBy(["b", 2, true, null, undefined, false, -1, "A"].map(v => ({ v })), [[x => x.v, 1]]).map(x => x.v);
  assert.deepStrictEqual(sorted, [undefined, null, false, true, -1, 2, "A", "b"]);
});

test("ROUND rounds half away from zero; math on non-numbers is undefined", () => {
  assert.deepStrictEqual([2.5, -2.5, 0.5, -0.5, 1.4, -1.6].map(S.round), [3, -3, 1, -1, 1, -2]);
  assert.strictEqual(S.round("1"), undefined);
});

test("aggregates skip undefined; SUM/AVG of a non-number is undefined; MIN/MAX follow the type order", () => {
  assert.strictEqual(S.count([1, undefined, null, "a"]), 3);
  assert.strictEqual(S.sum([1, undefined, 2]), 3);
  assert.strictEqual(S.sum([1, "a"]), undefined);
  assert.strictEqual(S.sum([1, null]), undefined);
  assert.strictEqual(S.avg([]), undefined);
  assert.strictEqual(S.avg([1, 2]), 1.5);
  assert.strictEqual(S.minOf([3, "a", null, true]), null);
  assert.strictEqual(S.maxOf([3, "a", null, true]), "a");
  assert.strictEqual(S.minOf([]), undefined);
});

test("projections: undefined members and VALUE results are left out; canonical text ignores key order", () => {
  assert.deepStrictEqual(S.obj({ a: undefined, b: null }), { b: null });
  assert.deepStrictEqual(S.vals([1, undefined, null]), [1, null]);
  assert.strictEqual(S.canonical({ b: 1, a: [{ d: 1, c: 2 }] }), S.canonical({ a: [{ c: 2, d: 1 }], b: 1 }));
  assert.deepStrictEqual(S.canonicalList([2, 1], false), ["1", "2"]);
  assert.deepStrictEqual(S.canonicalList([2, 1], true), ["2", "1"]);
});

test("the dataset is the same on every run and covers what the corpus needs", () => {
  const items = CONTAINERS.find(c => c.id === "items");
  assert.strictEqual(items.docs.length, 300);
  assert.strictEqual(S.canonical(items.docs[17]), S.canonical(require("./dataset").CONTAINERS[0].docs[17]));
  const types = new Set(items.docs.map(d => S.typeRank(d.mixed)));
  assert.deepStrictEqual([...types].sort(), [0, 1, 2, 3, 4, 5, 6]);
  assert.ok(new Set(items.docs.map(d => d.pk)).size >= 5);
  assert.ok(inPartition(items, items.scopedKey).length > 20);
  const hier = CONTAINERS.find(c => c.id === "hier");
  assert.strictEqual(hier.partitionKey.kind, "MultiHash");
  assert.ok(inPartition(hier, hier.scopedPrefix).length > inPartition(hier, hier.scopedKey).length);
  assert.ok(CORPUS.length >= 60);
});
