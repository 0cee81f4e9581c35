"use strict";
// Stored procedures (execute with partition key, params, logging, errors) and triggers.
const test = require("node:test");
const assert = require("node:assert");
const { TriggerType, TriggerOperation } = require("@azure/cosmos");
const { startGateway } = require("./helpers");

let gw;
let container;
test.before(async () => {
  gw = await startGateway();
  const client = gw.client();
  const { database } = await client.databases.create({ id: "scripts" });
  ({ container } = await database.containers.create({ id: "c", partitionKey: { paths: ["/pk"] } }));
});
test.after(() => gw.stop());

test("stored procedure CRUD, execute with partition key, params and script log", async () => {
  const body = function addAndCount(prefix, n) {
    const coll = getContext().getCollection(); // eslint-disable-line no-undef
    console.log("adding", n);
    for (let i = 0; i < n; i += 1) {
      coll.createDocument(coll.getSelfLink(), { id: `${prefix}${i}`, pk: "a" }, (err) => { if (err) throw err; });
    }
    coll.queryDocuments(coll.getSelfLink(), { query: "SELECT VALUE COUNT(1) FROM c WHERE STARTSWITH(c.id, @p)", parameters: [{ name: "@p", value: prefix }] }, {}, (err, res) => {
      if (err) throw err;
      getContext().getResponse().setBody({ count: res[0] }); // eslint-disable-line no-undef
    });
  };
  await container.scripts.storedProcedures.create({ id: "addAndCount", body });
  const list = await container.scripts.storedProcedures.readAll().fetchAll();
  assert.deepStrictEqual(list.resources.map(s => s.id), ["addAndCount"]);
  const res = await container.scripts.storedProcedure("addAndCount").execute("a", ["k", 3], { enableScriptLogging: true });
  assert.deepStrictEqual(res.resource, { count: 3 });
  assert.strictEqual(decodeURIComponent(res.headers["x-ms-documentdb-script-log-results"]), "adding 3");
  const { resource } = await container.item("k1", "a").read();
  assert.strictEqual(resource.pk, "a");
  // read/replace/query/delete of the definition
  const { resource: def } = await container.scripts.storedProcedure("addAndCount").read();
  assert.ok(def._rid && def._self && def._etag);
  await container.scripts.storedProcedure("addAndCount").replace({ id: "addAndCount", body: "function () { getContext().getResponse().setBody('v2'); }" });
  assert.strictEqual((await container.scripts.storedProcedure("addAndCount").execute("a")).resource, "v2");
  const q = await container.scripts.storedProcedures.query("SELECT * FROM s WHERE s.id = 'addAndCount'").fetchAll();
  assert.strictEqual(q.resources.length, 1);
  await container.scripts.storedProcedure("addAndCount").delete();
  await assert.rejects(container.scripts.storedProcedure("addAndCount").read(), e => e.code === 404);
});

test("stored procedure errors: thrown error -> 400 and rolled back; other partition -> error", async () => {
  await container.scripts.storedProcedures.create({ id: "boom", body: "function (id) { var c = getContext().getCollection(); c.createDocument(c.getSelfLink(), { id: id, pk: 'a' }); throw new Error('kaboom'); }" });
  await assert.rejects(container.scripts.storedProcedure("boom").execute("a", ["rolled"]), e => e.code === 400 && /kaboom/.test(e.message));
  assert.strictEqual((await container.item("rolled", "a").read()).statusCode, 404);
  await container.scripts.storedProcedures.create({ id: "cross", body: "function () { var c = getContext().getCollection(); c.createDocument(c.getSelfLink(), { id: 'x', pk: 'other' }, function (err) { if (err) throw err; }); }" });
  await assert.rejects(container.scripts.storedProcedure("cross").execute("a"), e => e.code === 400);
  await assert.rejects(container.scripts.storedProcedures.create({ id: "syntax", body: "function ( {" }), e => e.code === 400);
});

test("pre-trigger changes the written item; post-trigger sees the response; errors -> 400", async () => {
  await container.scripts.triggers.create({
    id: "stamp", triggerType: TriggerType.Pre, triggerOperation: TriggerOperation.All,
    body: "function () { var r = getContext().getRequest(); var b = r.getBody(); b.stamped = true; b.name = (b.name || '').toUpperCase(); r.setBody(b); }",
  });
  await container.scripts.triggers.create({
    id: "audit", triggerType: TriggerType.Post, triggerOperation: TriggerOperation.Create,
    body: "function () { var d = getContext().getResponse().getBody(); var c = getContext().getCollection(); c.createDocument(c.getSelfLink(), { id: 'audit-' + d.id, pk: d.pk, of: d._rid }, function (e) { if (e) throw e; }); }",
  });
  const { resource } = await container.items.create({ id: "t1", pk: "b", name: "widget" }, { preTriggerInclude: ["stamp"], postTriggerInclude: ["audit"] });
  assert.strictEqual(resource.stamped, true);
  assert.strictEqual(resource.name, "WIDGET");
  const audit = (await container.item("audit-t1", "b").read()).resource;
  assert.strictEqual(audit.of, resource._rid);
  // replace with the pre-trigger; a Create-only post-trigger on replace -> 400
  const r = await container.item("t1", "b").replace({ id: "t1", pk: "b", name: "gadget" }, { preTriggerInclude: ["stamp"] });
  assert.strictEqual(r.resource.name, "GADGET");
  await assert.rejects(container.item("t1", "b").replace({ id: "t1", pk: "b" }, { postTriggerInclude: ["audit"] }), e => e.code === 400);
  await assert.rejects(container.items.create({ id: "t2", pk: "b" }, { preTriggerInclude: ["nope"] }), e => e.code === 400);
  await assert.rejects(container.items.create({ id: "t3", pk: "b" }, { preTriggerInclude: ["audit"] }), e => e.code === 400);
  await container.scripts.triggers.create({ id: "reject", triggerType: TriggerType.Pre, triggerOperation: TriggerOperation.Create, body: "function () { throw new Error('no way'); }" });
  await assert.rejects(container.items.create({ id: "t4", pk: "b" }, { preTriggerInclude: ["reject"] }), e => e.code === 400);
  assert.strictEqual((await container.item("t4", "b").read()).statusCode, 404);
  const list = await container.scripts.triggers.readAll().fetchAll();
  assert.deepStrictEqual(list.resources.map(t => t.id).sort(), ["audit", "reject", "stamp"]);
  await container.scripts.trigger("reject").delete();
});
