"use strict";
// Users, permissions and resource tokens.
const test = require("node:test");
const assert = require("node:assert");
const { CosmosClient, PermissionMode } = require("@azure/cosmos");
const { startGateway } = require("./helpers");

let gw;
let client;
let db;
let products;
let orders;
test.before(async () => {
  gw = await startGateway();
  client = gw.client();
  ({ database: db } = await client.databases.create({ id: "secdb" }));
  ({ container: products } = await db.containers.create({ id: "products", partitionKey: { paths: ["/pk"] } }));
  ({ container: orders } = await db.containers.create({ id: "orders", partitionKey: { paths: ["/pk"] } }));
  await products.items.create({ id: "p1", pk: "a" });
  await products.items.create({ id: "p2", pk: "b" });
  await orders.items.create({ id: "o1", pk: "a" });
});
test.after(() => gw.stop());

const tokenClient = perms => new CosmosClient({ endpoint: gw.endpoint, permissionFeed: perms, agent: gw.agent });

test("users: CRUD, list, query, upsert, rename, 409/404, If-Match", async () => {
  const { resource: u } = await db.users.create({ id: "alice" });
  assert.ok(u._rid && u._self && u._etag && u._ts);
  assert.strictEqual(u._permissions, "permissions/");
  await assert.rejects(db.users.create({ id: "alice" }), e => e.code === 409);
  await assert.rejects(db.user("nobody").read(), e => e.code === 404);
  await db.users.upsert({ id: "bob" });
  const list = await db.users.readAll().fetchAll();
  assert.deepStrictEqual(list.resources.map(x => x.id).sort(), ["alice", "bob"]);
  const q = await db.users.query({ query: "SELECT * FROM u WHERE u.id = @id", parameters: [{ name: "@id", value: "bob" }] }).fetchAll();
  assert.strictEqual(q.resources.length, 1);
  await assert.rejects(db.user("bob").replace({ id: "robert" }, { accessCondition: { type: "IfMatch", condition: "\"stale\"" } }), e => e.code === 412);
  const { resource: renamed } = await db.user("bob").replace({ id: "robert" });
  assert.strictEqual(renamed.id, "robert");
  await assert.rejects(db.user("bob").read(), e => e.code === 404);
  await db.user("robert").delete();
});

test("permissions: CRUD with fresh _token; resource token scoped to its container", async () => {
  const user = db.user("alice");
  const { resource: perm } = await user.permissions.create({ id: "all-products", permissionMode: PermissionMode.All, resource: products.url });
  assert.match(perm._token, /^type=resource&ver=1\.0&sig=/);
  const { resource: again } = await user.permission("all-products").read();
  assert.notStrictEqual(again._token, perm._token, "fresh token on each read");
  const list = await user.permissions.readAll().fetchAll();
  assert.strictEqual(list.resources.length, 1);
  await assert.rejects(user.permissions.create({ id: "all-products", permissionMode: PermissionMode.All, resource: products.url }), e => e.code === 409);

  const tc = tokenClient([perm]);
  const c = tc.database("secdb").container("products");
  assert.strictEqual((await c.item("p1", "a").read()).resource.id, "p1");
  const all = await c.items.query("SELECT * FROM c").fetchAll();
  assert.strictEqual(all.resources.length, 2);
  await c.items.create({ id: "p3", pk: "a" });
  // The SDK only sends a token whose path matches; present the products token for orders anyway.
  const misuse = new CosmosClient({ endpoint: gw.endpoint, agent: gw.agent,
    resourceTokens: { "dbs/secdb/colls/products": perm._token, "dbs/secdb/colls/orders": perm._token } });
  await assert.rejects(misuse.database("secdb").container("orders").item("o1", "a").read(), e => e.code === 403);
  await assert.rejects(misuse.database("secdb").container("orders").items.query("SELECT * FROM c").fetchAll(), e => e.code === 403);
  assert.strictEqual((await misuse.database("secdb").container("products").item("p2", "b").read()).resource.id, "p2");
  misuse.dispose();
  // no token covers the database feed: the SDK sends none it can match -> 401/403
  await assert.rejects(tc.databases.readAll().fetchAll(), e => e.code === 401 || e.code === 403);
  tc.dispose();

  // deleting the permission revokes its tokens
  await user.permission("all-products").delete();
  const revoked = tokenClient([again]);
  await assert.rejects(revoked.database("secdb").container("products").item("p1", "a").read(), e => e.code === 401);
  revoked.dispose();
});

test("Read permission refuses writes; partition-scoped permission; expiry", async () => {
  const user = db.user("alice");
  const { resource: ro } = await user.permissions.create({ id: "ro", permissionMode: PermissionMode.Read, resource: products.url });
  const tc = tokenClient([ro]);
  const c = tc.database("secdb").container("products");
  assert.strictEqual((await c.item("p2", "b").read()).resource.id, "p2");
  await assert.rejects(c.items.create({ id: "nope", pk: "a" }), e => e.code === 403);
  await assert.rejects(c.item("p1", "a").delete(), e => e.code === 403);
  tc.dispose();

  const { resource: pkPerm } = await user.permissions.upsert({ id: "only-a", permissionMode: PermissionMode.All, resource: products.url, resourcePartitionKey: ["a"] });
  const tp = tokenClient([pkPerm]);
  const cp = tp.database("secdb").container("products");
  assert.strictEqual((await cp.item("p1", "a").read()).resource.id, "p1");
  await assert.rejects(cp.item("p2", "b").read(), e => e.code === 403);
  tp.dispose();

  const { resource: short } = await user.permission("ro").read({ initialHeaders: { "x-ms-documentdb-expiry-seconds": "1" } });
  await new Promise(r => setTimeout(r, 1200));
  const te = tokenClient([short]);
  await assert.rejects(te.database("secdb").container("products").item("p1", "a").read(), e => e.code === 401);
  te.dispose();
});
