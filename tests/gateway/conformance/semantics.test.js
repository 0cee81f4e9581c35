"use strict";
// Query semantics where the base engine differed from the service (patched in sqlfixes.js),
// through @azure/cosmos in one partition: cross-type equality, JOIN over a non-array, string
// functions' ignore-case argument, REPLACE, ROUND, ORDER BY with undefined values, composite
// indexes served in reverse, SELECT VALUE of undefined.
const test = require("node:test");
const assert = require("node:assert");
const { startGateway } = require("./helpers");

let gw;
let c;
const q = async (sql, pk = "p") => (await c.items.query(sql, { partitionKey: pk }).fetchAll()).resources;

test.before(async () => {
  gw = await startGateway();
  const { database } = await gw.client().databases.create({ id: "semantics" });
  ({ container: c } = await database.containers.create({
    id: "c", partitionKey: { paths: ["/pk"] },
    indexingPolicy: { compositeIndexes: [[{ path: "/cat", order: "ascending" }, { path: "/n", order: "ascending" }]] },
  }));
  const docs = [
    { id: "a", pk: "p", cat: "x", n: 1, v: 0, tags: ["red", "blue"], s: "Alpha beta beta" },
    { id: "b", pk: "p", cat: "x", n: 2, v: "0", tags: "red", s: "alpha" },
    { id: "c", pk: "p", cat: "y", n: 3, v: false, s: "Gamma" },
    { id: "d", pk: "p", cat: "y", n: 4, v: null, tags: [] },
    { id: "e", pk: "p", cat: "x", n: 5 },
  ];
  for (const d of docs) await c.items.create(d);
});
test.after(() => gw.stop());

test("= and != across types are undefined", async () => {
  assert.deepStrictEqual(await q("SELECT VALUE c.id FROM c WHERE c.v != 0"), []);
  assert.deepStrictEqual(await q("SELECT VALUE c.id FROM c WHERE c.v = 0"), ["a"]);
  assert.deepStrictEqual(await q("SELECT VALUE c.id FROM c WHERE NOT (c.v = 0)"), []);
  assert.deepStrictEqual((await q("SELECT VALUE c.id FROM c WHERE c.v = null")), ["d"]);
});

test("JOIN, EXISTS and scalar subqueries over a non-array yield no rows", async () => {
  assert.deepStrictEqual(await q("SELECT VALUE t FROM c JOIN t IN c.tags"), ["red", "blue"]);
  assert.deepStrictEqual(await q("SELECT VALUE c.id FROM c WHERE EXISTS(SELECT VALUE t FROM t IN c.tags WHERE t = 'red')"), ["a"]);
  assert.deepStrictEqual(await q("SELECT c.id, (SELECT VALUE COUNT(1) FROM t IN c.tags) AS k FROM c WHERE c.id IN ('a', 'b')"),
    [{ id: "a", k: 2 }, { id: "b", k: 0 }]);
});

test("string functions: ignore-case argument, INDEX_OF start, REPLACE every occurrence; ROUND half away from zero", async () => {
  assert.deepStrictEqual(await q("SELECT VALUE c.id FROM c WHERE CONTAINS(c.s, 'ALPHA', true)"), ["a", "b"]);
  assert.deepStrictEqual(await q("SELECT VALUE c.id FROM c WHERE CONTAINS(c.s, 'ALPHA')"), []);
  assert.deepStrictEqual(await q("SELECT VALUE c.id FROM c WHERE STARTSWITH(c.s, 'gam', true)"), ["c"]);
  assert.deepStrictEqual(await q("SELECT VALUE c.id FROM c WHERE ENDSWITH(c.s, 'BETA', true)"), ["a"]);
  assert.deepStrictEqual(await q("SELECT VALUE INDEX_OF(c.s, 'beta', 7) FROM c WHERE c.id = 'a'"), [11]);
  assert.deepStrictEqual(await q("SELECT VALUE REPLACE(c.s, ' ', '_') FROM c WHERE c.id = 'a'"), ["Alpha_beta_beta"]);
  assert.deepStrictEqual(await q("SELECT VALUE [ROUND(-0.5), ROUND(0.5), ROUND(-12.5), ROUND(2.4)] FROM c WHERE c.id = 'a'"), [[-1, 1, -13, 2]]);
});

test("ORDER BY serves undefined values (first ascending, last descending) and a composite index in reverse", async () => {
  assert.deepStrictEqual(await q("SELECT VALUE c.id FROM c ORDER BY c.v"), ["e", "d", "c", "a", "b"]);
  assert.deepStrictEqual(await q("SELECT VALUE c.id FROM c ORDER BY c.v DESC"), ["b", "a", "c", "d", "e"]);
  assert.deepStrictEqual(await q("SELECT VALUE c.id FROM c ORDER BY c.cat DESC, c.n DESC"), ["d", "c", "e", "b", "a"]);
  await assert.rejects(q("SELECT VALUE c.id FROM c ORDER BY c.cat DESC, c.n ASC"), e => e.code === 400);
});

test("SELECT VALUE of an undefined value yields no row", async () => {
  assert.deepStrictEqual(await q("SELECT VALUE c.tags[1] FROM c"), ["blue"]);
  assert.deepStrictEqual(await q("SELECT VALUE c.v + 1 FROM c"), [1]);
});
