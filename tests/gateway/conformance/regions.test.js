"use strict";
// A two-region account (--regions "East US,West US": two ports over one store) and the
// consistency header. @azure/cosmos discovers the regions from the account document, reads from
// its preferred region, fails over when that region refuses connections or answers 503, and
// after the write region moves it meets 403/3 at the old one and retries at the new one.
const test = require("node:test");
const assert = require("node:assert");
const { startGateway, rawRequest } = require("./helpers");

let gw;
test.before(async () => { gw = await startGateway(["--regions", "East US,West US"]); });
test.after(() => gw.stop());

const regions = (endpoint, body) => rawRequest(endpoint, gw.ca, { method: "POST", path: "/_test/regions", type: "regions", link: "", body });
const readItem = (endpoint, headers = {}) => rawRequest(endpoint, gw.ca, {
  method: "GET", path: "/dbs/r/colls/c/docs/a", type: "docs", link: "dbs/r/colls/c/docs/a", headers: { "x-ms-documentdb-partitionkey": "[\"x\"]", ...headers },
});

test("account document names both regions; writes at the read region answer 403/3", async () => {
  const client = gw.client();
  const { resource: account } = await client.getDatabaseAccount();
  assert.deepStrictEqual(account.writableLocations.map(l => l.name), ["East US"]);
  assert.deepStrictEqual(account.readableLocations.map(l => l.name), ["East US", "West US"]);
  const west = account.readableLocations[1].databaseAccountEndpoint;
  assert.notStrictEqual(west, gw.endpoint);
  const { database } = await client.databases.create({ id: "r" });
  const { container } = await database.containers.create({ id: "c", partitionKey: { paths: ["/pk"] } });
  await container.items.create({ id: "a", pk: "x" });
  assert.strictEqual((await readItem(west)).status, 200); // same store
  const w = await rawRequest(west, gw.ca, { method: "POST", path: "/dbs/r/colls/c/docs", type: "docs", link: "dbs/r/colls/c", body: { id: "b", pk: "x" }, headers: { "x-ms-documentdb-partitionkey": "[\"x\"]" } });
  assert.strictEqual(w.status, 403);
  assert.strictEqual(w.headers["x-ms-substatus"], "3");
});

// (@azure/cosmos 4.x fails over on 503 and timeouts, not on a refused connection: that case is
// checked raw here and through Cosmoscope's own client in the integration tests.)
test("a region goes down (refused, then 503); @azure/cosmos fails reads over on the 503", async () => {
  const { resource: account } = await gw.client().getDatabaseAccount();
  const west = account.readableLocations[1].databaseAccountEndpoint;
  const client = gw.client({ connectionPolicy: { preferredLocations: ["West US", "East US"] } });
  const container = client.database("r").container("c");
  assert.strictEqual((await container.item("a", "x").read()).statusCode, 200);
  assert.strictEqual((await regions(gw.endpoint, { down: "West US", mode: "refuse" })).status, 200);
  await assert.rejects(readItem(west), /ECONNREFUSED|socket hang up|ECONNRESET/);
  await assert.rejects(readItem(west), /ECONNREFUSED/);
  await regions(gw.endpoint, { up: "West US" });
  assert.strictEqual((await readItem(west)).status, 200);
  await regions(gw.endpoint, { down: "West US", mode: "503" });
  assert.strictEqual((await readItem(west)).status, 503);
  const fresh = gw.client({ connectionPolicy: { preferredLocations: ["West US", "East US"] } });
  assert.strictEqual((await fresh.database("r").container("c").item("a", "x").read()).statusCode, 200);
  await regions(gw.endpoint, { up: "West US" });
});

test("@azure/cosmos retries a write at the new write region after 403/3", async () => {
  const client = gw.client();
  const container = client.database("r").container("c");
  await container.items.create({ id: "before", pk: "x" });
  const st = await regions(gw.endpoint, { write: "West US" });
  assert.strictEqual(st.json.write, "West US");
  const { resource: account } = await client.getDatabaseAccount();
  assert.deepStrictEqual(account.writableLocations.map(l => l.name), ["West US"]);
  const created = await container.items.create({ id: "after", pk: "x" });
  assert.strictEqual(created.statusCode, 201);
  const east = await rawRequest(gw.endpoint, gw.ca, { method: "DELETE", path: "/dbs/r/colls/c/docs/after", type: "docs", link: "dbs/r/colls/c/docs/after", headers: { "x-ms-documentdb-partitionkey": "[\"x\"]" } });
  assert.strictEqual(east.status, 403);
  await regions(gw.endpoint, { write: "East US" });
});

test("consistency: weaker or equal levels pass, a stronger one is refused with 400, bad session tokens too", async () => {
  for (const level of ["Session", "Eventual", "ConsistentPrefix"]) assert.strictEqual((await readItem(gw.endpoint, { "x-ms-consistency-level": level })).status, 200, level);
  for (const level of ["Strong", "BoundedStaleness"]) {
    const r = await readItem(gw.endpoint, { "x-ms-consistency-level": level });
    assert.strictEqual(r.status, 400, level);
    assert.match(r.json.message, new RegExp(`ConsistencyLevel ${level} specified in the request is invalid when service is configured with consistency level Session`));
  }
  assert.strictEqual((await readItem(gw.endpoint, { "x-ms-consistency-level": "Sometimes" })).status, 400);
  const strong = gw.client({ consistencyLevel: "Strong" });
  await assert.rejects(strong.database("r").container("c").item("a", "x").read(), e => e.code === 400);
  const eventual = gw.client({ consistencyLevel: "Eventual" });
  assert.strictEqual((await eventual.database("r").container("c").item("a", "x").read()).statusCode, 200);
  assert.strictEqual((await readItem(gw.endpoint, { "x-ms-session-token": "0:-1#12" })).status, 200);
  assert.strictEqual((await readItem(gw.endpoint, { "x-ms-session-token": "nonsense" })).status, 400);
});
