"use strict";
// Partition key ranges, range-scoped requests, the query plan and the 400/1004 refusal of
// cross-partition queries that need a client pipeline. The SDK fetches the plan and fans out
// itself: its results are compared with what JS computes from the inserted data.
const test = require("node:test");
const assert = require("node:assert");
const { startGateway, rawRequest } = require("./helpers");

let gw;
let container;
const CATS = ["Books", "Electronics", "Garden", "Toys", "Music", "Sports", "Food", "Games"];
const items = [];
for (let i = 0; i < 48; i += 1) {
  // unique prices (ties would make the order ambiguous), a few strings and a missing one
  items.push({ id: `p${String(i).padStart(2, "0")}`, cat: CATS[i % CATS.length], price: ((i * 37) % 101) + 0.5 });
}
const docsPath = { path: "/dbs/xp/colls/c/docs", type: "docs", link: "dbs/xp/colls/c" };
const queryHeaders = { "content-type": "application/query+json", "x-ms-documentdb-isquery": "True" };

test.before(async () => {
  gw = await startGateway();
  const client = gw.client();
  const { database } = await client.databases.create({ id: "xp" });
  ({ container } = await database.containers.create({ id: "c", partitionKey: { paths: ["/cat"] } }));
  for (const it of items) await container.items.create(it);
});
test.after(() => gw.stop());

test("pkranges: three ranges covering \"\"–\"FF\", documents spread over several", async () => {
  const r = await rawRequest(gw.endpoint, gw.ca, { method: "GET", path: "/dbs/xp/colls/c/pkranges", type: "pkranges", link: "dbs/xp/colls/c" });
  assert.strictEqual(r.status, 200);
  const ranges = r.json.PartitionKeyRanges;
  assert.deepStrictEqual(ranges.map(x => [x.id, x.minInclusive, x.maxExclusive]), [["0", "", "55"], ["1", "55", "AA"], ["2", "AA", "FF"]]);
  assert.ok(ranges.every(x => Array.isArray(x.parents)));
  let total = 0;
  let nonEmpty = 0;
  for (const range of ranges) {
    const q = await rawRequest(gw.endpoint, gw.ca, {
      method: "POST", ...docsPath, body: { query: "SELECT VALUE c.id FROM c", parameters: [] },
      headers: { ...queryHeaders, "x-ms-documentdb-partitionkeyrangeid": range.id },
    });
    assert.strictEqual(q.status, 200);
    total += q.json.Documents.length;
    if (q.json.Documents.length) nonEmpty += 1;
    // a logical partition lives in exactly one range
    const cats = new Set(items.filter(i => q.json.Documents.includes(i.id)).map(i => i.cat));
    for (const cat of cats) assert.ok(items.filter(i => i.cat === cat).every(i => q.json.Documents.includes(i.id)));
  }
  assert.strictEqual(total, items.length);
  assert.ok(nonEmpty >= 2, "fan-out must really happen");
  const gone = await rawRequest(gw.endpoint, gw.ca, {
    method: "POST", ...docsPath, body: { query: "SELECT * FROM c" }, headers: { ...queryHeaders, "x-ms-documentdb-partitionkeyrangeid": "7" },
  });
  assert.strictEqual(gone.status, 410);
});

test("cross-partition ORDER BY without range or key: 400/1004 with the plan; plain queries pass", async () => {
  const body = { query: "SELECT * FROM c ORDER BY c.price DESC", parameters: [] };
  const refused = await rawRequest(gw.endpoint, gw.ca, {
    method: "POST", ...docsPath, body, headers: { ...queryHeaders, "x-ms-documentdb-query-enablecrosspartition": "True" },
  });
  assert.strictEqual(refused.status, 400);
  assert.strictEqual(refused.headers["x-ms-substatus"], "1004");
  assert.match(refused.json.message, /Cross partition query with TOP\/ORDER BY/);
  assert.strictEqual(JSON.parse(refused.json.additionalErrorInfo).queryInfo.orderBy[0], "Descending");
  const plain = await rawRequest(gw.endpoint, gw.ca, {
    method: "POST", ...docsPath, body: { query: "SELECT * FROM c WHERE c.price > 50" },
    headers: { ...queryHeaders, "x-ms-documentdb-query-enablecrosspartition": "True" },
  });
  assert.strictEqual(plain.status, 200);
  const scoped = await rawRequest(gw.endpoint, gw.ca, {
    method: "POST", ...docsPath, body, headers: { ...queryHeaders, "x-ms-documentdb-partitionkey": "[\"Books\"]" },
  });
  assert.strictEqual(scoped.status, 200);
});

test("query plan: the service's shape and rewritten ORDER BY / aggregate forms", async () => {
  const plan = async query => {
    const r = await rawRequest(gw.endpoint, gw.ca, {
      method: "POST", ...docsPath, body: { query, parameters: [] },
      headers: { ...queryHeaders, "x-ms-cosmos-is-query-plan-request": "True", "x-ms-cosmos-query-version": "1.0", "x-ms-cosmos-supported-query-features": "Aggregate, CompositeAggregate, Distinct, MultipleOrderBy, OffsetAndLimit, OrderBy, Top, NonValueAggregate" },
    });
    assert.strictEqual(r.status, 200);
    assert.strictEqual(r.json.partitionedQueryExecutionInfoVersion, 2);
    assert.deepStrictEqual(r.json.queryRanges, [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }]);
    return r.json.queryInfo;
  };
  const ob = await plan("SELECT TOP 5 c.id FROM c WHERE c.price > 1 ORDER BY c.price DESC");
  assert.strictEqual(ob.top, 5);
  assert.deepStrictEqual(ob.orderBy, ["Descending"]);
  assert.deepStrictEqual(ob.orderByExpressions, ["c.price"]);
  assert.match(ob.rewrittenQuery, /^SELECT TOP 5 c\._rid, \[\{"item": c\.price\}\] AS orderByItems, \{"id": c\.id\} AS payload FROM c WHERE .*\{documentdb-formattableorderbyquery-filter\}.* ORDER BY c\.price DESC$/);
  const avg = await plan("SELECT VALUE AVG(c.price) FROM c");
  assert.deepStrictEqual(avg.aggregates, ["Average"]);
  assert.strictEqual(avg.hasSelectValue, true);
  assert.strictEqual(avg.rewrittenQuery, "SELECT VALUE [{\"item\": {\"sum\": SUM(c.price), \"count\": COUNT(c.price)}}] FROM c");
  const nv = await plan("SELECT COUNT(1) AS n FROM c");
  assert.deepStrictEqual(nv.groupByAliasToAggregateType, { n: "Count" });
  const d = await plan("SELECT DISTINCT VALUE c.cat FROM c");
  assert.strictEqual(d.distinctType, "Unordered");
  const ol = await plan("SELECT * FROM c ORDER BY c.price OFFSET 3 LIMIT 4");
  assert.deepStrictEqual([ol.offset, ol.limit], [3, 4]);
});

test("@azure/cosmos runs the plan: ORDER BY, TOP, aggregates match the data", async () => {
  const all = async (query, opts = {}) => (await container.items.query(query, opts).fetchAll()).resources;
  const byPriceDesc = [...items].sort((a, b) => b.price - a.price);
  assert.deepStrictEqual((await all("SELECT * FROM c ORDER BY c.price DESC")).map(d => d.id), byPriceDesc.map(d => d.id));
  // paged by the SDK
  assert.deepStrictEqual((await all("SELECT * FROM c ORDER BY c.price DESC", { maxItemCount: 5 })).map(d => d.id), byPriceDesc.map(d => d.id));
  assert.deepStrictEqual((await all("SELECT TOP 5 c.id, c.price FROM c ORDER BY c.price DESC")).map(d => d.id), byPriceDesc.slice(0, 5).map(d => d.id));
  assert.deepStrictEqual((await all("SELECT VALUE c.id FROM c ORDER BY c.id")), items.map(d => d.id).sort());
  assert.deepStrictEqual(await all("SELECT VALUE COUNT(1) FROM c"), [items.length]);
  const sum = items.reduce((s, d) => s + d.price, 0);
  assert.deepStrictEqual(await all("SELECT VALUE SUM(c.price) FROM c"), [sum]);
  const [avg] = await all("SELECT VALUE AVG(c.price) FROM c");
  assert.ok(Math.abs(avg - sum / items.length) < 1e-9);
  assert.deepStrictEqual(await all("SELECT VALUE MAX(c.price) FROM c"), [Math.max(...items.map(d => d.price))]);
  assert.deepStrictEqual(await all("SELECT VALUE MIN(c.price) FROM c"), [Math.min(...items.map(d => d.price))]);
  const [row] = await all("SELECT COUNT(1) AS n, MAX(c.price) AS m FROM c WHERE c.cat != 'Books'");
  const notBooks = items.filter(d => d.cat !== "Books");
  assert.deepStrictEqual(row, { n: notBooks.length, m: Math.max(...notBooks.map(d => d.price)) });
});

test("change feed per range: the ranges together hold every item once", async () => {
  const seen = [];
  for (const id of ["0", "1", "2"]) {
    const r = await rawRequest(gw.endpoint, gw.ca, {
      method: "GET", ...docsPath, headers: { "a-im": "Incremental feed", "x-ms-documentdb-partitionkeyrangeid": id },
    });
    if (r.status === 200) seen.push(...r.json.Documents.map(d => d.id));
  }
  assert.deepStrictEqual(seen.sort(), items.map(d => d.id).sort());
});
