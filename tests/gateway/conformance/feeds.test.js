"use strict";
// Change feed and conflicts.
const test = require("node:test");
const assert = require("node:assert");
const { ChangeFeedStartFrom, StatusCodes } = require("@azure/cosmos");
const { startGateway, rawRequest } = require("./helpers");
const { rangeIdForPk } = require("../ranges");

let gw;
let client;
let container;
test.before(async () => {
  gw = await startGateway();
  client = gw.client();
  const { database } = await client.databases.create({ id: "feeds" });
  ({ container } = await database.containers.create({ id: "c", partitionKey: { paths: ["/pk"] } }));
});
test.after(() => gw.stop());

async function drain(it) {
  const out = [];
  for (;;) {
    const r = await it.readNext();
    if (r.statusCode === StatusCodes.NotModified || r.result.length === 0) return { items: out, last: r };
    out.push(...r.result);
  }
}

test("change feed: Beginning / Now with a partition key, new writes then nothing", async () => {
  await container.items.create({ id: "1", pk: "a", v: 1 });
  await container.items.create({ id: "2", pk: "b", v: 1 });
  await container.items.create({ id: "3", pk: "a", v: 1 });
  const fromStart = container.items.getChangeFeedIterator({ changeFeedStartFrom: ChangeFeedStartFrom.Beginning("a") });
  const first = await drain(fromStart);
  assert.deepStrictEqual(first.items.map(d => d.id), ["1", "3"]);
  const fromNow = container.items.getChangeFeedIterator({ changeFeedStartFrom: ChangeFeedStartFrom.Now("a") });
  const none = await fromNow.readNext();
  assert.strictEqual(none.statusCode, StatusCodes.NotModified);
  await container.item("1", "a").replace({ id: "1", pk: "a", v: 2 });
  await container.items.create({ id: "4", pk: "b", v: 1 });
  await container.items.create({ id: "5", pk: "a", v: 1 });
  const seen = await drain(fromNow);
  assert.deepStrictEqual(seen.items.map(d => `${d.id}:${d.v}`), ["1:2", "5:1"]);
  const again = await fromNow.readNext();
  assert.strictEqual(again.statusCode, StatusCodes.NotModified);
  assert.strictEqual(again.result.length, 0);
  const more = await drain(fromStart);
  assert.deepStrictEqual(more.items.map(d => d.id), ["1", "5"]);
  // whole container from the beginning: latest version of each item, in modification order
  // within a logical partition (the SDK reads the partition key ranges one after another)
  const whole = await drain(container.items.getChangeFeedIterator({ changeFeedStartFrom: ChangeFeedStartFrom.Beginning() }));
  assert.deepStrictEqual(whole.items.filter(d => d.pk === "a").map(d => d.id), ["3", "1", "5"]);
  assert.deepStrictEqual(whole.items.filter(d => d.pk === "b").map(d => d.id), ["2", "4"]);
});

test("change feed raw protocol: etag continuation, max item count, 304 with same etag", async () => {
  const p = { method: "GET", path: "/dbs/feeds/colls/c/docs", type: "docs", link: "dbs/feeds/colls/c" };
  // the range that holds pk "a" (items 1, 3, 5); pk "b" hashes to another range
  assert.notStrictEqual(rangeIdForPk(["a"]), rangeIdForPk(["b"]));
  const h = { "a-im": "Incremental feed", "x-ms-documentdb-partitionkeyrangeid": rangeIdForPk(["a"]) };
  const r1 = await rawRequest(gw.endpoint, gw.ca, { ...p, headers: { ...h, "x-ms-max-item-count": "2" } });
  assert.strictEqual(r1.status, 200);
  assert.strictEqual(r1.json.Documents.length, 2);
  assert.strictEqual(r1.headers["x-ms-item-count"], "2");
  const r2 = await rawRequest(gw.endpoint, gw.ca, { ...p, headers: { ...h, "if-none-match": r1.headers.etag } });
  assert.strictEqual(r2.json.Documents.length, 1);
  const r3 = await rawRequest(gw.endpoint, gw.ca, { ...p, headers: { ...h, "if-none-match": r2.headers.etag } });
  assert.strictEqual(r3.status, 304);
  assert.strictEqual(r3.headers.etag, r2.headers.etag);
  const r4 = await rawRequest(gw.endpoint, gw.ca, { ...p, headers: { ...h, "if-none-match": "*" } });
  assert.strictEqual(r4.status, 304);
  // changes made by a stored procedure are in the feed too
  await container.scripts.storedProcedures.create({ id: "touch", body: "function () { var c = getContext().getCollection(); c.upsertDocument(c.getSelfLink(), { id: 'sp', pk: 'a' }, function (e) { if (e) throw e; }); }" });
  await container.scripts.storedProcedure("touch").execute("a");
  const r5 = await rawRequest(gw.endpoint, gw.ca, { ...p, headers: { ...h, "if-none-match": r4.headers.etag } });
  assert.deepStrictEqual(r5.json.Documents.map(d => d.id), ["sp"]);
});

test("conflicts: seed via /_test, list, query, read, delete", async () => {
  const { resource: doc } = await container.item("3", "a").read();
  for (const id of ["k1", "k2"]) {
    const r = await rawRequest(gw.endpoint, gw.ca, {
      method: "POST", path: "/_test/dbs/feeds/colls/c/conflicts", type: "conflicts", link: "dbs/feeds/colls/c",
      body: { id, content: { ...doc, v: 99 }, operationType: "replace" },
    });
    assert.strictEqual(r.status, 201, r.text);
  }
  const unsigned = await rawRequest(gw.endpoint, gw.ca, { method: "POST", path: "/_test/dbs/feeds/colls/c/conflicts", type: "docs", link: "x", body: { id: "k3", content: {} } });
  assert.strictEqual(unsigned.status, 401);
  const list = await container.conflicts.readAll().fetchAll();
  assert.deepStrictEqual(list.resources.map(c => c.id), ["k1", "k2"]);
  const c = list.resources[0];
  assert.strictEqual(c.resourceType, "document");
  assert.strictEqual(c.operationType, "replace");
  assert.strictEqual(c.resourceId, doc._rid);
  assert.strictEqual(JSON.parse(c.content).v, 99);
  assert.ok(c._rid && c._self && c._etag && c._ts);
  const q = await container.conflicts.query("SELECT * FROM c WHERE c.id = 'k2'").fetchAll();
  assert.strictEqual(q.resources.length, 1);
  const { resource: one } = await container.conflict("k1", "a").read();
  assert.strictEqual(one.id, "k1");
  await container.conflict("k1", "a").delete();
  const after = await container.conflicts.readAll().fetchAll();
  assert.deepStrictEqual(after.resources.map(x => x.id), ["k2"]);
  await assert.rejects(container.conflict("k1", "a").read(), e => e.code === 404);
});
