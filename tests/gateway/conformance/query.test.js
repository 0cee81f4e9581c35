"use strict";
// A truthful sandbox: DISTINCT, OFFSET/LIMIT and GROUP BY inside one partition and across
// partitions through @azure/cosmos, projection names as the service gives them, and query
// errors in the service's shape (errors[] with code and location). Expected results are
// computed here from the inserted items, not by the gateway.
const test = require("node:test");
const assert = require("node:assert");
const { startGateway, rawRequest } = require("./helpers");

let gw;
let container;
const CATS = ["Books", "Toys", "Garden", "Music", "Food"];
const items = [];
for (let i = 0; i < 60; i += 1) {
  const d = { id: `q${String(i).padStart(2, "0")}`, cat: CATS[i % CATS.length], n: (i * 7) % 23, tags: i % 4 ? ["a", "b"] : [] };
  if (i % 6 === 0) delete d.n; // missing values are skipped by the aggregates
  if (i % 9 === 0) d.color = null; // null and undefined keys form separate groups
  else if (i % 3) d.color = i % 2 ? "red" : "blue";
  items.push(d);
}
const docsPath = { path: "/dbs/qy/colls/c/docs", type: "docs", link: "dbs/qy/colls/c" };
const queryHeaders = { "content-type": "application/query+json", "x-ms-documentdb-isquery": "True" };

test.before(async () => {
  gw = await startGateway();
  const client = gw.client();
  const { database } = await client.databases.create({ id: "qy" });
  ({ container } = await database.containers.create({ id: "c", partitionKey: { paths: ["/cat"] } }));
  for (const it of items) await container.items.create(it);
});
test.after(() => gw.stop());

const all = async (query, opts = {}) => (await container.items.query(query, opts).fetchAll()).resources;
const sortBy = (rows, key) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** The expected groups: key function → {key, count, sum, avg, min, max} over `n`. */
function groupsOf(rows, keyOf) {
  const m = new Map();
  for (const d of rows) {
    const k = JSON.stringify(keyOf(d) === undefined ? "<undefined>" : keyOf(d));
    if (!m.has(k)) m.set(k, { key: keyOf(d), rows: [] });
    m.get(k).rows.push(d);
  }
  return [...m.values()].map(g => {
    const ns = g.rows.map(d => d.n).filter(n => n !== undefined);
    const sum = ns.reduce((s, n) => s + n, 0);
    return { key: g.key, count: g.rows.length, sum, avg: sum / ns.length, min: Math.min(...ns), max: Math.max(...ns) };
  });
}

for (const scope of ["across partitions", "in one partition"]) {
  const opts = scope === "in one partition" ? { partitionKey: "Toys" } : {};
  const rows = scope === "in one partition" ? items.filter(d => d.cat === "Toys") : items;

  test(`GROUP BY ${scope}: COUNT, SUM, AVG, MIN, MAX per group match the data`, async () => {
    const got = await all("SELECT c.cat, COUNT(1) AS cnt, SUM(c.n) AS s, AVG(c.n) AS a, MIN(c.n) AS lo, MAX(c.n) AS hi FROM c GROUP BY c.cat", opts);
    const want = groupsOf(rows, d => d.cat).map(g => ({ cat: g.key, cnt: g.count, s: g.sum, a: g.avg, lo: g.min, hi: g.max }));
    assert.strictEqual(got.length, want.length);
    assert.deepStrictEqual(sortBy(got, r => r.cat), sortBy(want, r => r.cat));
    assert.deepStrictEqual(Object.keys(got[0]), ["cat", "cnt", "s", "a", "lo", "hi"]); // projection order
  });

  test(`GROUP BY ${scope}: null and undefined keys are separate groups; several keys; VALUE`, async () => {
    const got = await all("SELECT c.color, COUNT(1) AS cnt FROM c GROUP BY c.color", opts);
    const want = groupsOf(rows, d => d.color).map(g => (g.key === undefined ? { cnt: g.count } : { color: g.key, cnt: g.count }));
    const key = r => ("color" in r ? String(r.color) : "~undefined");
    assert.deepStrictEqual(sortBy(got, key), sortBy(want, key));
    assert.ok(got.some(r => !("color" in r)) && got.some(r => r.color === null));

    const two = await all("SELECT c.cat, c.color, COUNT(1) AS cnt FROM c WHERE IS_DEFINED(c.color) GROUP BY c.cat, c.color", opts);
    const want2 = groupsOf(rows.filter(d => d.color !== undefined), d => [d.cat, d.color]);
    assert.strictEqual(two.length, want2.length);
    for (const g of want2) {
      assert.strictEqual(two.filter(r => r.cat === g.key[0] && r.color === g.key[1]).map(r => r.cnt).join(), String(g.count));
    }

    const values = await all("SELECT VALUE COUNT(1) FROM c GROUP BY c.cat", opts);
    assert.deepStrictEqual([...values].sort((a, b) => a - b), groupsOf(rows, d => d.cat).map(g => g.count).sort((a, b) => a - b));
    const keys = await all("SELECT VALUE c.cat FROM c GROUP BY c.cat", opts);
    assert.deepStrictEqual([...keys].sort(), [...new Set(rows.map(d => d.cat))].sort());
  });

  test(`DISTINCT and OFFSET/LIMIT ${scope}`, async () => {
    // IS_STRING: @azure/cosmos's unordered DISTINCT drops falsy values (null) across partitions
    const colors = await all("SELECT DISTINCT VALUE c.color FROM c WHERE IS_STRING(c.color)", opts);
    assert.deepStrictEqual([...colors].sort(), [...new Set(rows.filter(d => typeof d.color === "string").map(d => d.color))].sort());
    const pairs = await all("SELECT DISTINCT c.cat, c.color FROM c", opts);
    assert.strictEqual(pairs.length, new Set(rows.map(d => `${d.cat}/${d.color}`)).size);
    const byId = [...rows].sort((a, b) => (a.id < b.id ? -1 : 1)).map(d => d.id);
    const page = await all("SELECT VALUE c.id FROM c ORDER BY c.id OFFSET 2 LIMIT 5", opts);
    assert.deepStrictEqual(page, byId.slice(2, 7));
    const paged = await all("SELECT VALUE c.id FROM c ORDER BY c.id OFFSET 1 LIMIT 100", { ...opts, maxItemCount: 3 });
    assert.deepStrictEqual(paged, byId.slice(1));
    const top = await all("SELECT DISTINCT TOP 2 VALUE c.cat FROM c", opts);
    assert.strictEqual(new Set(top).size, Math.min(2, new Set(rows.map(d => d.cat)).size));
  });

  test(`a bare identifier is named by itself ${scope} ("t", not "$1")`, async () => {
    const got = await all("SELECT c.id, t FROM c JOIN t IN c.tags WHERE c.id < 'q05' ORDER BY c.id", opts);
    const want = rows.filter(d => d.id < "q05").sort((a, b) => (a.id < b.id ? -1 : 1)).flatMap(d => d.tags.map(t => ({ id: d.id, t })));
    assert.deepStrictEqual(got.map(r => `${r.id}:${r.t}`).sort(), want.map(r => `${r.id}:${r.t}`).sort());
    assert.ok(got.every(r => Object.keys(r).join() === "id,t"));
  });
}

test("the GROUP BY plan has the service's fields and a rewritten query with groupByItems", async () => {
  const r = await rawRequest(gw.endpoint, gw.ca, {
    method: "POST", ...docsPath, body: { query: "SELECT c.cat, COUNT(1) AS cnt, AVG(c.n) AS a FROM c GROUP BY c.cat", parameters: [] },
    headers: { ...queryHeaders, "x-ms-cosmos-is-query-plan-request": "True", "x-ms-documentdb-query-enablecrosspartition": "True" },
  });
  assert.strictEqual(r.status, 200);
  const q = r.json.queryInfo;
  assert.deepStrictEqual(q.groupByExpressions, ["c.cat"]);
  assert.deepStrictEqual(q.groupByAliases, ["cat", "cnt", "a"]);
  assert.deepStrictEqual(q.groupByAliasToAggregateType, { cat: null, cnt: "Count", a: "Average" });
  assert.strictEqual(q.rewrittenQuery, "SELECT [{\"item\": c.cat}] AS groupByItems, {\"cat\": c.cat, \"cnt\": {\"item\": COUNT(1)}, "
    + "\"a\": {\"item\": {\"sum\": SUM(c.n), \"count\": COUNT(c.n)}}} AS payload FROM c GROUP BY c.cat");
  // one range runs it: one row per group of that range, partial aggregates under "item"
  const rows = await rawRequest(gw.endpoint, gw.ca, {
    method: "POST", ...docsPath, body: { query: q.rewrittenQuery, parameters: [] },
    headers: { ...queryHeaders, "x-ms-documentdb-partitionkeyrangeid": "0" },
  });
  assert.strictEqual(rows.status, 200);
  for (const d of rows.json.Documents) {
    const members = items.filter(x => x.cat === d.groupByItems[0].item);
    assert.strictEqual(d.payload.cnt.item, members.length);
    assert.strictEqual(d.payload.a.item.count, members.filter(x => x.n !== undefined).length);
  }
});

/** The errors[] the service embeds in its message ("Message: {…}\r\nActivityId: …"). */
async function queryErrors(query, headers = {}) {
  const r = await rawRequest(gw.endpoint, gw.ca, {
    method: "POST", ...docsPath, body: { query, parameters: [] }, headers: { ...queryHeaders, "x-ms-documentdb-partitionkey": "[\"Toys\"]", ...headers },
  });
  assert.strictEqual(r.status, 400);
  assert.strictEqual(r.json.code, "BadRequest");
  const m = /^Message: (\{.*\})\r\nActivityId: ([0-9a-f-]+), /.exec(r.json.message);
  assert.ok(m, r.json.message);
  assert.strictEqual(m[2], r.headers["x-ms-activity-id"]);
  return JSON.parse(m[1]).errors;
}

test("query errors carry severity, code, message and the location to underline", async () => {
  const q1 = "SELECT * FORM c";
  assert.deepStrictEqual(await queryErrors(q1), [{ severity: "Error", location: { start: 9, end: 13 }, code: "SC1001", message: "Syntax error, incorrect syntax near 'FORM'." }]);
  const q2 = "SELECT * FROM c WHERE c.n =";
  assert.deepStrictEqual((await queryErrors(q2))[0].location, { start: q2.length, end: q2.length });
  assert.strictEqual((await queryErrors(q2))[0].code, "SC1002");
  // offsets stay those of the user's text when DISTINCT / GROUP BY are taken off before parsing
  const q3 = "SELECT DISTINCT c.cat FROM c WHERE c.n >> GROUP BY c.cat";
  const e3 = await queryErrors(q3);
  assert.strictEqual(q3.slice(e3[0].location.start, e3[0].location.end), "GROUP");
  const q4 = "SELECT c.cat FROM c GROUP BY c.cat,";
  assert.strictEqual((await queryErrors(q4))[0].location.start, q4.length);
  const q5 = "SELECT d.id FROM c";
  assert.deepStrictEqual(await queryErrors(q5), [{ severity: "Error", location: { start: 7, end: 8 }, code: "SC2001", message: "Identifier 'd' could not be resolved." }]);
  // with GROUP BY the SELECT list may use only group keys, aggregates and constants
  const q6 = "SELECT c.cat, c.name, COUNT(1) AS n FROM c GROUP BY c.cat";
  const e6 = await queryErrors(q6);
  assert.strictEqual(e6[0].code, "SC2102");
  assert.strictEqual(q6.slice(e6[0].location.start, e6[0].location.end), "c.name");
  // the plan request answers the same way, and @azure/cosmos hands the body to the caller
  const planErrors = await queryErrors(q1, { "x-ms-cosmos-is-query-plan-request": "True" });
  assert.deepStrictEqual(planErrors[0].location, { start: 9, end: 13 });
  await assert.rejects(all(q1), e => e.code === 400 && /"location":\{"start":9,"end":13\}/.test(e.body.message));
});

test("service semantics the base engine lacked (oracle findings), in one partition", async () => {
  const { database } = await gw.client().databases.createIfNotExists({ id: "qy" });
  const { container: sem } = await database.containers.create({
    id: "sem",
    partitionKey: { paths: ["/pk"] },
    indexingPolicy: { compositeIndexes: [[{ path: "/cat", order: "ascending" }, { path: "/n", order: "ascending" }]] },
  });
  const docs = [
    { id: "a", pk: "p", mixed: 0, tags: "red", s: "a b c", r: -0.5, cat: "x", n: 1, sortv: 2 },
    { id: "b", pk: "p", mixed: "0", tags: ["t"], s: "Apple", r: -12.5, cat: "x", n: 2 },
    { id: "c", pk: "p", mixed: 5, s: "b", r: 2.5, cat: "y", n: 1, sortv: 1 },
  ];
  for (const d of docs) await sem.items.create(d);
  const q = async query => (await sem.items.query(query, { partitionKey: "p" }).fetchAll()).resources;
  // comparisons across types are undefined: "0" != 0 does not hold
  assert.deepStrictEqual(await q("SELECT VALUE c.id FROM c WHERE c.mixed != 0"), ["c"]);
  // a JOIN over a string yields no rows for that item
  assert.deepStrictEqual(await q("SELECT VALUE t FROM c JOIN t IN c.tags"), ["t"]);
  assert.deepStrictEqual(await q("SELECT VALUE CONTAINS(c.s, 'A', true) FROM c"), [true, true, false]);
  assert.deepStrictEqual(await q("SELECT VALUE STARTSWITH(c.s, 'app', true) FROM c"), [false, true, false]);
  assert.deepStrictEqual(await q("SELECT VALUE REPLACE(c.s, ' ', '_') FROM c"), ["a_b_c", "Apple", "b"]);
  assert.deepStrictEqual(await q("SELECT VALUE ROUND(c.r) FROM c"), [-1, -13, 3]);
  // ORDER BY returns items without the value too (undefined first), also page by page
  assert.deepStrictEqual(await q("SELECT VALUE c.id FROM c ORDER BY c.sortv"), ["b", "c", "a"]);
  const paged = (await sem.items.query("SELECT VALUE c.id FROM c ORDER BY c.sortv DESC", { partitionKey: "p", maxItemCount: 1 }).fetchAll()).resources;
  assert.deepStrictEqual(paged, ["a", "c", "b"]);
  // a VALUE that is undefined gives no row (not null)
  assert.deepStrictEqual(await q("SELECT VALUE c.sortv FROM c"), [2, 1]);
  // a composite index serves its exact reverse
  assert.deepStrictEqual(await q("SELECT VALUE c.id FROM c ORDER BY c.cat DESC, c.n DESC"), ["c", "b", "a"]);
});
