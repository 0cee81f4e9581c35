"use strict";
// Account, auth, TLS, offers, client mistakes, paging, partition-scoped queries, UDFs.
const test = require("node:test");
const assert = require("node:assert");
const https = require("https");
const crypto = require("crypto");
const { CosmosClient, PartitionKeyKind } = require("@azure/cosmos");
const { startGateway, rawRequest } = require("./helpers");

let gw;
let client;
test.before(async () => {
  gw = await startGateway();
  client = gw.client();
});
test.after(async () => {
  const code = await gw.stop();
  assert.strictEqual(code, 0, "gateway exits 0 on SIGTERM");
});

test("ready line and account read report the real endpoint", async () => {
  assert.match(gw.readyLine, /^Gateway ready at https:\/\/127\.0\.0\.1:\d+\/$/);
  const { resource } = await client.getDatabaseAccount();
  assert.strictEqual(resource.writableLocations[0].databaseAccountEndpoint, gw.endpoint);
  assert.strictEqual(resource.readableLocations[0].databaseAccountEndpoint, gw.endpoint);
  assert.strictEqual(resource.writableLocations[0].name, "Loopback");
  assert.strictEqual(resource.consistencyPolicy, "Session");
});

test("wrong master key gets 401 through the SDK", async () => {
  const bad = new CosmosClient({ endpoint: gw.endpoint, key: crypto.randomBytes(64).toString("base64"), agent: gw.agent,
    connectionPolicy: { enableEndpointDiscovery: false } });
  await assert.rejects(bad.databases.readAll().fetchAll(), e => e.code === 401);
  bad.dispose();
});

test("raw auth failures: missing header, bad signature, stale date -> 401 with service error shape", async () => {
  const r1 = await rawRequest(gw.endpoint, gw.ca, { method: "GET", path: "/dbs", type: "dbs", link: "", headers: { authorization: "" } });
  assert.strictEqual(r1.status, 401);
  assert.strictEqual(r1.json.code, "Unauthorized");
  const r2 = await rawRequest(gw.endpoint, gw.ca, { method: "GET", path: "/dbs", type: "docs", link: "" });
  assert.strictEqual(r2.status, 401);
  assert.match(r2.json.message, /^The input authorization token can't serve the request/);
  const old = new Date(Date.now() - 16 * 60 * 1000).toUTCString();
  const r3 = await rawRequest(gw.endpoint, gw.ca, { method: "GET", path: "/dbs", type: "dbs", link: "", date: old });
  assert.strictEqual(r3.status, 401);
  const future = new Date(Date.now() + 16 * 60 * 1000).toUTCString();
  assert.strictEqual((await rawRequest(gw.endpoint, gw.ca, { method: "GET", path: "/dbs", type: "dbs", link: "", date: future })).status, 401);
  const ok = await rawRequest(gw.endpoint, gw.ca, { method: "GET", path: "/dbs", type: "dbs", link: "" });
  assert.strictEqual(ok.status, 200);
  for (const h of ["x-ms-activity-id", "x-ms-request-charge", "x-ms-session-token", "x-ms-item-count"]) assert.ok(ok.headers[h], h);
});

test("TLS verification stays on: a client without the test CA fails", async () => {
  const agent = new https.Agent({ keepAlive: false });
  const c = new CosmosClient({ endpoint: gw.endpoint, key: "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==", agent,
    connectionPolicy: { enableEndpointDiscovery: false, retryOptions: { maxRetryAttemptCount: 0 } } });
  await assert.rejects(c.databases.readAll().fetchAll());
  c.dispose();
});

test("a server certificate not from the test CA is refused (untrusted.pem)", async () => {
  const dir = gw.certs.dir;
  const bad = await startGateway([], { serverCert: `${dir}/untrusted.pem`, serverKey: `${dir}/untrusted-key.pem` });
  try {
    const c = bad.client({ connectionPolicy: { enableEndpointDiscovery: false, retryOptions: { maxRetryAttemptCount: 0 } } });
    await assert.rejects(c.databases.readAll().fetchAll(), e => /certificate|self.signed/i.test(`${e.code} ${e.message}`));
  } finally {
    await bad.stop();
  }
});

test("offers: read, replace with validation, manual <-> autoscale", async () => {
  const { database } = await client.databases.create({ id: "offersdb" });
  const { container } = await database.containers.create({ id: "c", partitionKey: { paths: ["/pk"] }, throughput: 400 });
  const { resource: offer } = await container.readOffer();
  const { resource: coll } = await container.read();
  assert.strictEqual(offer.offerResourceId, coll._rid);
  assert.strictEqual(offer.resource, coll._self);
  assert.strictEqual(offer._self, `offers/${offer._rid}/`);
  assert.deepStrictEqual(offer.content, { offerThroughput: 400, offerIsRUPerMinuteThroughputEnabled: false });
  const read = await client.offer(offer.id).read();
  assert.strictEqual(read.headers["x-ms-cosmos-min-throughput"], "400");
  await assert.rejects(client.offer(offer.id).replace({ ...offer, content: { offerThroughput: 450 } }), e => e.code === 400);
  await assert.rejects(client.offer(offer.id).replace({ ...offer, content: { offerThroughput: 300 } }), e => e.code === 400);
  const r = await client.offer(offer.id).replace({ ...offer, content: { offerThroughput: 1000 } });
  assert.strictEqual(r.resource.content.offerThroughput, 1000);
  // migrate to autoscale, then set max
  const m = await client.offer(offer.id).replace(r.resource, { initialHeaders: { "x-ms-cosmos-migrate-offer-to-autopilot": "true" } });
  assert.ok(m.resource.content.offerAutopilotSettings.maxThroughput >= 4000);
  await assert.rejects(client.offer(offer.id).replace({ ...m.resource, content: { offerAutopilotSettings: { maxThroughput: 1500 } } }), e => e.code === 400);
  const a = await client.offer(offer.id).replace({ ...m.resource, content: { offerAutopilotSettings: { maxThroughput: 8000 } } });
  assert.deepStrictEqual(a.resource.content, { offerThroughput: 800, offerAutopilotSettings: { maxThroughput: 8000 } });
  const back = await client.offer(offer.id).replace(a.resource, { initialHeaders: { "x-ms-cosmos-migrate-offer-to-manual-throughput": "true" } });
  assert.strictEqual(back.resource.content.offerThroughput, 800);
  assert.strictEqual(back.resource.content.offerAutopilotSettings, undefined);
  // autoscale on create; query by offerResourceId; delete removes the offer
  const { container: c2 } = await database.containers.create({ id: "auto", partitionKey: { paths: ["/pk"] }, maxThroughput: 4000 });
  const { resource: c2data } = await c2.read();
  const q = await client.offers.query({ query: "SELECT * FROM root r WHERE r.offerResourceId = @p", parameters: [{ name: "@p", value: c2data._rid }] }).fetchAll();
  assert.strictEqual(q.resources.length, 1);
  assert.deepStrictEqual(q.resources[0].content, { offerThroughput: 400, offerAutopilotSettings: { maxThroughput: 4000 } });
  await c2.delete();
  const q2 = await client.offers.query(`SELECT * FROM root r WHERE r.offerResourceId = '${c2data._rid}'`).fetchAll();
  assert.strictEqual(q2.resources.length, 0);
  const all = await client.offers.readAll().fetchAll();
  assert.ok(all.resources.some(o => o.id === offer.id));
});

test("client mistakes get 400/404 with {code,message}, never 500", async () => {
  const { database } = await client.databases.createIfNotExists({ id: "mistakes" });
  await database.containers.createIfNotExists({ id: "c", partitionKey: { paths: ["/pk"] } });
  const base = "/dbs/mistakes/colls/c";
  const cases = [
    [{ method: "POST", path: `${base}/docs`, type: "docs", link: "dbs/mistakes/colls/c", body: "{not json", headers: { "x-ms-documentdb-partitionkey": "[\"a\"]" } }, 400],
    [{ method: "GET", path: `${base}/docs/x`, type: "docs", link: "dbs/mistakes/colls/c/docs/x" }, 400],
    [{ method: "GET", path: `${base}/docs/x`, type: "docs", link: "dbs/mistakes/colls/c/docs/x", headers: { "x-ms-documentdb-partitionkey": "not-json" } }, 400],
    [{ method: "POST", path: "/dbs/mistakes/colls/nope/docs", type: "docs", link: "dbs/mistakes/colls/nope", body: { id: "1", pk: "a" } }, 404],
    [{ method: "POST", path: `${base}/docs`, type: "docs", link: "dbs/mistakes/colls/c", body: { id: "1", pk: "b" }, headers: { "x-ms-documentdb-partitionkey": "[\"a\"]" } }, 400],
    [{ method: "POST", path: `${base}/docs`, type: "docs", link: "dbs/mistakes/colls/c", body: { query: "SELEC nonsense" }, headers: { "x-ms-documentdb-isquery": "True", "content-type": "application/query+json", "x-ms-documentdb-query-enablecrosspartition": "True" } }, 400],
    [{ method: "POST", path: "/dbs", type: "dbs", link: "", body: "[]" }, 400],
  ];
  for (const [req, status] of cases) {
    const r = await rawRequest(gw.endpoint, gw.ca, req);
    assert.strictEqual(r.status, status, `${req.method} ${req.path}: ${r.text}`);
    assert.strictEqual(typeof r.json.code, "string");
    assert.strictEqual(typeof r.json.message, "string");
  }
  await assert.rejects(database.container("c").item("missing", "a").read().then(r => { if (r.statusCode === 404) { const e = new Error("nf"); e.code = 404; throw e; } }), e => e.code === 404);
});

test("paging with continuation (query and readAll)", async () => {
  const { database } = await client.databases.createIfNotExists({ id: "paging" });
  const { container } = await database.containers.createIfNotExists({ id: "c", partitionKey: { paths: ["/pk"] } });
  for (let i = 0; i < 25; i += 1) await container.items.create({ id: `i${i}`, pk: `p${i % 3}`, n: i });
  const it = container.items.query("SELECT * FROM c", { maxItemCount: 10 });
  const pages = [];
  while (it.hasMoreResults()) {
    const page = await it.fetchNext();
    if (page.resources.length) pages.push(page.resources.length);
  }
  assert.deepStrictEqual(pages, [10, 10, 5]);
  const first = await container.items.query("SELECT * FROM c", { maxItemCount: 7 }).fetchNext();
  assert.ok(first.continuationToken);
  const second = await container.items.query("SELECT * FROM c", { maxItemCount: 7, continuationToken: first.continuationToken }).fetchNext();
  assert.strictEqual(second.resources.length, 7);
  assert.notStrictEqual(second.resources[0].id, first.resources[0].id);
  const all = await container.items.readAll({ maxItemCount: 4 }).fetchAll();
  assert.strictEqual(all.resources.length, 25);
});

test("partition-scoped queries: flat and hierarchical (prefix and full)", async () => {
  const { database } = await client.databases.createIfNotExists({ id: "pkq" });
  const { container: flat } = await database.containers.createIfNotExists({ id: "flat", partitionKey: { paths: ["/pk"] } });
  for (let i = 0; i < 12; i += 1) await flat.items.create({ id: `f${i}`, pk: `p${i % 3}` });
  const r = await flat.items.query("SELECT * FROM c", { partitionKey: "p1" }).fetchAll();
  assert.strictEqual(r.resources.length, 4);
  assert.ok(r.resources.every(d => d.pk === "p1"));
  const paged = await flat.items.query("SELECT * FROM c", { partitionKey: "p2", maxItemCount: 3 }).fetchAll();
  assert.strictEqual(paged.resources.length, 4);

  const { container: h } = await database.containers.createIfNotExists({
    id: "hier", partitionKey: { paths: ["/tenant", "/user"], kind: PartitionKeyKind.MultiHash, version: 2 } });
  const rows = [["t1", "u1"], ["t1", "u2"], ["t2", "u1"]];
  for (const [t, u] of rows) for (let i = 0; i < 3; i += 1) await h.items.create({ id: `x${i}`, tenant: t, user: u, v: `${t}${u}${i}` });
  const full = await h.items.query("SELECT * FROM c", { partitionKey: ["t1", "u2"] }).fetchAll();
  assert.strictEqual(full.resources.length, 3);
  assert.ok(full.resources.every(d => d.tenant === "t1" && d.user === "u2"));
  const prefix = await h.items.query("SELECT * FROM c", { partitionKey: ["t1"] }).fetchAll();
  assert.strictEqual(prefix.resources.length, 6);
  // point ops use the full hierarchical key: same id "x0" in three partitions
  const { resource } = await h.item("x0", ["t2", "u1"]).read();
  assert.strictEqual(resource.v, "t2u10");
  await h.item("x0", ["t1", "u2"]).replace({ id: "x0", tenant: "t1", user: "u2", v: "changed" });
  assert.strictEqual((await h.item("x0", ["t1", "u1"]).read()).resource.v, "t1u10");
  assert.strictEqual((await h.item("x0", ["t1", "u2"]).read()).resource.v, "changed");
  await h.item("x0", ["t2", "u1"]).delete();
  assert.strictEqual((await h.item("x0", ["t2", "u1"]).read()).statusCode, 404);
  assert.strictEqual((await h.items.query("SELECT * FROM c").fetchAll()).resources.length, 8);
});

test("UDF create/list/replace and use in a query", async () => {
  const { database } = await client.databases.createIfNotExists({ id: "udfs" });
  const { container } = await database.containers.createIfNotExists({ id: "c", partitionKey: { paths: ["/pk"] } });
  await container.items.create({ id: "1", pk: "a", price: 10 });
  await container.scripts.userDefinedFunctions.create({ id: "tax", body: "function (p) { return p * 0.2; }" });
  const list = await container.scripts.userDefinedFunctions.readAll().fetchAll();
  assert.deepStrictEqual(list.resources.map(u => u.id), ["tax"]);
  const r = await container.items.query("SELECT VALUE udf.tax(c.price) FROM c", { partitionKey: "a" }).fetchAll();
  assert.deepStrictEqual(r.resources, [2]);
  await container.scripts.userDefinedFunction("tax").replace({ id: "tax", body: "function (p) { return p * 0.5; }" });
  const r2 = await container.items.query("SELECT VALUE udf.tax(c.price) FROM c", { partitionKey: "a" }).fetchAll();
  assert.deepStrictEqual(r2.resources, [5]);
});

test("injected throttling: 429 with x-ms-retry-after-ms, which the SDK retries", async () => {
  const set = await rawRequest(gw.endpoint, gw.ca, { method: "POST", path: "/_test/throttle", type: "throttle", link: "",
    body: { count: 2, retryAfterMs: 20 } });
  assert.strictEqual(set.status, 200);
  const raw = await rawRequest(gw.endpoint, gw.ca, { method: "GET", path: "/dbs", type: "dbs", link: "" });
  assert.strictEqual(raw.status, 429);
  assert.strictEqual(raw.headers["x-ms-retry-after-ms"], "20");
  assert.strictEqual(raw.json.code, "TooManyRequests");
  // One throttled answer remains: the SDK waits and retries transparently.
  const { resources } = await client.databases.readAll().fetchAll();
  assert.ok(Array.isArray(resources));
  // The SDK's first attempt took the last injected 429, so a raw request now passes.
  const after = await rawRequest(gw.endpoint, gw.ca, { method: "GET", path: "/dbs", type: "dbs", link: "" });
  assert.strictEqual(after.status, 200);
});

test("a container without throughput gets 400 RU/s unless its database shares throughput", async () => {
  const { database: plain } = await client.databases.create({ id: "default-offer-db" });
  const { container: own } = await plain.containers.create({ id: "own", partitionKey: { paths: ["/pk"] } });
  const { resource: offer } = await own.readOffer();
  assert.strictEqual(offer.content.offerThroughput, 400);
  const { database: shared } = await client.databases.create({ id: "shared-offer-db", throughput: 1000 });
  const { container: inShared } = await shared.containers.create({ id: "c", partitionKey: { paths: ["/pk"] } });
  const { resource: none } = await inShared.readOffer();
  assert.strictEqual(none, undefined);
});
