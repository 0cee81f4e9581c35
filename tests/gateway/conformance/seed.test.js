"use strict";
// --seed sample contents (names the C++ tests rely on).
const test = require("node:test");
const assert = require("node:assert");
const { CosmosClient } = require("@azure/cosmos");
const { startGateway } = require("./helpers");

let gw;
let client;
test.before(async () => {
  gw = await startGateway(["--seed", "sample"]);
  client = gw.client();
});
test.after(() => gw.stop());

const count = async (c, opts) => (await c.items.query("SELECT VALUE COUNT(1) FROM c", opts).fetchAll()).resources[0];

test("databases, containers, item counts, partition keys", async () => {
  const dbs = (await client.databases.readAll().fetchAll()).resources.map(d => d.id).sort();
  assert.deepStrictEqual(dbs, ["SampleDB", "TelemetryDB"]);
  const sample = client.database("SampleDB");
  const colls = (await sample.containers.readAll().fetchAll()).resources;
  assert.deepStrictEqual(colls.map(c => c.id).sort(), ["Orders", "Products"]);
  assert.deepStrictEqual(colls.find(c => c.id === "Orders").partitionKey.paths, ["/customerId", "/orderMonth"]);
  const products = sample.container("Products");
  assert.strictEqual(await count(products), 1500);
  assert.strictEqual(await count(sample.container("Orders")), 1500);
  const events = client.database("TelemetryDB").container("Events");
  assert.strictEqual(await count(events), 500);
  assert.strictEqual((await events.read()).resource.defaultTtl, 2592000);
  const { resource: p } = await products.item("prod-0001", "Books").read();
  for (const k of ["name", "price", "tags", "dimensions", "stock", "createdAt"]) assert.ok(k in p, k);
  const { resources: [o] } = await sample.container("Orders").items.query("SELECT TOP 1 * FROM c").fetchAll();
  const scoped = await sample.container("Orders").items.query("SELECT * FROM c", { partitionKey: [o.customerId] }).fetchAll();
  assert.ok(scoped.resources.length >= 1 && scoped.resources.every(x => x.customerId === o.customerId));
  assert.ok(Array.isArray(o.lines) && o.lines.length >= 1);
});

test("offers: Products manual 400, Orders autoscale 4000, TelemetryDB shared 1000", async () => {
  const sample = client.database("SampleDB");
  assert.strictEqual((await sample.container("Products").readOffer()).resource.content.offerThroughput, 400);
  assert.strictEqual((await sample.container("Orders").readOffer()).resource.content.offerAutopilotSettings.maxThroughput, 4000);
  assert.strictEqual((await client.database("TelemetryDB").readOffer()).resource.content.offerThroughput, 1000);
  assert.strictEqual((await client.database("TelemetryDB").container("Events").readOffer()).resource, undefined);
});

test("scripts, UDF, user/permission, conflicts", async () => {
  const products = client.database("SampleDB").container("Products");
  const before = (await products.item("prod-0009", "Books").read()).resource.price;
  const r = await products.scripts.storedProcedure("bulkUpdatePrice").execute("Books", [10], { enableScriptLogging: true });
  const books = await count(products, { partitionKey: "Books" });
  assert.strictEqual(r.resource.updated, books);
  assert.strictEqual(decodeURIComponent(r.headers["x-ms-documentdb-script-log-results"]), `updated ${books} items`);
  const after = (await products.item("prod-0009", "Books").read()).resource.price;
  assert.strictEqual(after, Math.round(before * 1.1 * 100) / 100);
  const { resource: created } = await products.items.create({ id: "new-1", category: "Books", price: 10 }, { preTriggerInclude: ["addTimestamp"] });
  assert.ok(created.modifiedAt && created.createdAt);
  const tax = await products.items.query("SELECT VALUE udf.tax(c.price) FROM c WHERE c.id = 'new-1'", { partitionKey: "Books" }).fetchAll();
  assert.deepStrictEqual(tax.resources, [2]);
  const { resource: perm } = await client.database("SampleDB").user("reader").permission("read-products").read();
  assert.strictEqual(perm.permissionMode, "Read");
  const reader = new CosmosClient({ endpoint: gw.endpoint, resourceTokens: { "dbs/SampleDB/colls/Products": perm._token }, agent: gw.agent });
  const rp = reader.database("SampleDB").container("Products");
  assert.strictEqual((await rp.item("prod-0003", "Garden").read()).resource.id, "prod-0003");
  await assert.rejects(rp.items.create({ id: "x", category: "Books" }), e => e.code === 403);
  reader.dispose();
  const conflicts = (await products.conflicts.readAll().fetchAll()).resources;
  assert.deepStrictEqual(conflicts.map(c => c.id), ["conflict-1", "conflict-2"]);
});
