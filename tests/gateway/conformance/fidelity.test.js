"use strict";
// JSON fidelity of item documents, like the service: integers outside JS's safe range keep their
// exact digits and objects keep their key order (also integer-like keys), end to end: writes,
// point read, queries (SELECT * and projections), read feed, change feed, patch, conflicts.
// Checked on the response TEXT of raw requests (a JSON.parse client would round), and with
// @azure/cosmos (which parses with JSON.parse: it still works, seeing doubles).
const test = require("node:test");
const assert = require("node:assert");
const { startGateway, rawRequest } = require("./helpers");
const { rangeIdForPk } = require("../ranges");
const fidelity = require("../fidelity");

const DOC = "{\"id\":\"n1\",\"pk\":\"a\",\"zeta\":1,\"alpha\":{\"z\":true,\"a\":[3,1,2]},\"big\":9007199254740993,\"neg\":-9223372036854775808,\"dec\":1.25}";
const USER_KEYS = ["id", "pk", "zeta", "alpha", "big", "neg", "dec"];
const docs = { path: "/dbs/fid/colls/c/docs", type: "docs", link: "dbs/fid/colls/c" };
const pkA = { "x-ms-documentdb-partitionkey": "[\"a\"]" };
const queryHeaders = { ...pkA, "content-type": "application/query+json", "x-ms-documentdb-isquery": "True" };

let gw;
let client;
let container;
test.before(async () => {
  gw = await startGateway();
  client = gw.client();
  const { database } = await client.databases.create({ id: "fid" });
  ({ container } = await database.containers.create({ id: "c", partitionKey: { paths: ["/pk"] } }));
});
test.after(() => gw.stop());

const raw = opts => rawRequest(gw.endpoint, gw.ca, opts);
const query = (sql, extra = {}) => raw({ method: "POST", ...docs, headers: { ...queryHeaders, ...extra }, body: JSON.stringify({ query: sql, parameters: [] }) });

/** The user keys (system properties aside) of an object in document order. */
const userKeys = o => Object.keys(o).filter(k => !k.startsWith("_"));

function assertExactN1(text, what) {
  assert.ok(text.includes("\"big\":9007199254740993"), `${what}: ${text}`);
  assert.ok(text.includes("\"neg\":-9223372036854775808"), `${what}: ${text}`);
  assert.ok(text.includes("\"dec\":1.25"), `${what}: ${text}`);
}
function assertOrderN1(doc, what) {
  assert.deepStrictEqual(userKeys(doc), USER_KEYS, what);
  assert.deepStrictEqual(Object.keys(doc.alpha), ["z", "a"], what);
  assert.deepStrictEqual(doc.alpha.a, [3, 1, 2], what);
}

test("parser/serializer: exact big integers, key order, same as JSON otherwise", () => {
  const o = fidelity.parse(DOC);
  assert.strictEqual(fidelity.stringify(o), DOC);
  assert.ok(fidelity.isBig(o.big));
  assert.strictEqual(fidelity.digitsOf(o.neg), "-9223372036854775808");
  assert.strictEqual(o.big + 0, 9007199254740992); // behaves as its double elsewhere
  assert.strictEqual(JSON.stringify({ b: o.big }), "{\"b\":9007199254740992}");
  assert.strictEqual(typeof o.zeta, "number"); // safe integers stay plain numbers
  // integer-like keys keep their place (JS would move them to the front)
  const k = "{\"b\":1,\"10\":{\"x\":1,\"2\":[1,{\"3\":null,\"a\":\"\\u00e9\"}]},\"2\":2,\"01\":3}";
  assert.strictEqual(fidelity.stringify(fidelity.parse(k)), "{\"b\":1,\"10\":{\"x\":1,\"2\":[1,{\"3\":null,\"a\":\"é\"}]},\"2\":2,\"01\":3}");
  assert.strictEqual(fidelity.stringify({ ...fidelity.parse(k), _rid: "r", 5: 5 }), "{\"b\":1,\"10\":{\"x\":1,\"2\":[1,{\"3\":null,\"a\":\"é\"}]},\"2\":2,\"01\":3,\"5\":5,\"_rid\":\"r\"}");
  // numbers' text otherwise normalised like the service (and JSON.parse)
  assert.strictEqual(fidelity.stringify(fidelity.parse("[1.50,1e2,-0,12345678901234567.5,1E+400]")), "[1.5,100,0,12345678901234568,null]");
  // "__proto__" is a plain key
  const p = fidelity.parse("{\"__proto__\":{\"x\":1},\"9007199254740993\":9007199254740993}");
  assert.strictEqual(Object.getPrototypeOf(p), Object.prototype);
  assert.strictEqual(fidelity.stringify(p), "{\"__proto__\":{\"x\":1},\"9007199254740993\":9007199254740993}");
  // anything JSON.stringify writes, stringify writes the same (without big ints / odd keys)
  const plain = [1, -2.5, "x\u2028\"y", null, true, { a: [1, { 0: 1 }], u: undefined, f() {} }, new Date(0), [undefined]];
  assert.strictEqual(fidelity.stringify(plain), JSON.stringify(plain));
  for (const bad of ["", "{", "{\"a\":1,}", "[1,]", "01", "[9007199254740993,]", "{\"10\":1,}", "{\"a\":\"\\x\"}", "[1] x"]) {
    assert.throws(() => fidelity.parse(bad), SyntaxError, bad);
  }
});

test("create (raw POST, exact text) → point read → replace: big integers and key order kept", async () => {
  const c = await raw({ method: "POST", ...docs, headers: pkA, body: DOC });
  assert.strictEqual(c.status, 201, c.text);
  assertExactN1(c.text, "create response");
  assertOrderN1(c.json, "create response");
  assert.ok(c.text.startsWith(DOC.slice(0, -1)), c.text); // user properties first, as sent

  const r = await raw({ method: "GET", path: `${docs.path}/n1`, type: "docs", link: `${docs.link}/docs/n1`, headers: pkA });
  assert.strictEqual(r.status, 200, r.text);
  assertExactN1(r.text, "point read");
  assertOrderN1(r.json, "point read");

  // replace with one field changed: the others stay exact
  const changed = DOC.replace("\"zeta\":1", "\"zeta\":2");
  const p = await raw({ method: "PUT", path: `${docs.path}/n1`, type: "docs", link: `${docs.link}/docs/n1`, headers: pkA, body: changed });
  assert.strictEqual(p.status, 200, p.text);
  assertExactN1(p.text, "replace response");
  assert.ok(p.text.includes("\"zeta\":2"), p.text);
  assertOrderN1(p.json, "replace response");
  const r2 = await raw({ method: "GET", path: `${docs.path}/n1`, type: "docs", link: `${docs.link}/docs/n1`, headers: pkA });
  assert.ok(r2.text.startsWith(changed.slice(0, -1)), r2.text);
});

test("queries: SELECT *, projections, VALUE; filters and ORDER BY use the double value", async () => {
  const all = await query("SELECT * FROM c WHERE c.id = \"n1\"");
  assert.strictEqual(all.status, 200, all.text);
  assertExactN1(all.text, "SELECT *");
  assert.strictEqual(all.json.Documents.length, 1);
  assertOrderN1(all.json.Documents[0], "SELECT *");

  const proj = await query("SELECT c.big, c.neg, c.alpha FROM c WHERE c.id = \"n1\"");
  assert.ok(proj.text.includes("{\"big\":9007199254740993,\"neg\":-9223372036854775808,\"alpha\":{\"z\":true,\"a\":[3,1,2]}}"), proj.text);
  const val = await query("SELECT VALUE c.big FROM c WHERE c.id = \"n1\"");
  assert.ok(val.text.includes("\"Documents\":[9007199254740993]"), val.text);

  // comparisons see the double (like the service's query engine)
  await raw({ method: "POST", ...docs, headers: pkA, body: "{\"id\":\"n2\",\"pk\":\"a\",\"big\":12345678901234567890}" });
  await raw({ method: "POST", ...docs, headers: pkA, body: "{\"id\":\"n3\",\"pk\":\"a\",\"big\":5}" });
  const gt = await query("SELECT VALUE c.id FROM c WHERE c.big > 9007199254740000");
  assert.deepStrictEqual(gt.json.Documents.sort(), ["n1", "n2"]);
  const eq = await query("SELECT VALUE c.id FROM c WHERE c.big = 9007199254740993"); // the literal is a double too
  assert.deepStrictEqual(eq.json.Documents, ["n1"]);
  const isNum = await query("SELECT VALUE c.id FROM c WHERE IS_NUMBER(c.big) AND IS_PRIMITIVE(c.neg)");
  assert.deepStrictEqual(isNum.json.Documents, ["n1"]);
  const ordered = await query("SELECT c.id, c.big FROM c WHERE IS_DEFINED(c.big) ORDER BY c.big DESC");
  assert.deepStrictEqual(ordered.json.Documents.map(d => d.id), ["n2", "n1", "n3"]);
  assert.ok(ordered.text.includes("{\"id\":\"n2\",\"big\":12345678901234567890}"), ordered.text);
  // paged ORDER BY across the big values (continuation carries the double)
  const page1 = await query("SELECT VALUE c.id FROM c WHERE IS_DEFINED(c.big) ORDER BY c.big", { "x-ms-max-item-count": "2" });
  assert.deepStrictEqual(page1.json.Documents, ["n3", "n1"]);
  const page2 = await query("SELECT VALUE c.id FROM c WHERE IS_DEFINED(c.big) ORDER BY c.big", { "x-ms-max-item-count": "2", "x-ms-continuation": page1.headers["x-ms-continuation"] });
  assert.deepStrictEqual(page2.json.Documents, ["n2"]);
  const sum = await query("SELECT VALUE SUM(c.big) FROM c WHERE c.id IN (\"n1\", \"n3\")");
  assert.deepStrictEqual(sum.json.Documents, [9007199254740992 + 5]);
  const str = await query("SELECT VALUE ToString(c.neg) FROM c WHERE c.id = \"n1\"");
  assert.deepStrictEqual(str.json.Documents, ["-9223372036854775808"]);
  for (const id of ["n2", "n3"]) await container.item(id, "a").delete();
});

test("read feed and change feed keep the exact document", async () => {
  const feed = await raw({ method: "GET", ...docs, headers: pkA });
  assert.strictEqual(feed.status, 200, feed.text);
  assertExactN1(feed.text, "read feed");
  assertOrderN1(feed.json.Documents.find(d => d.id === "n1"), "read feed");

  const cf = await raw({ method: "GET", ...docs, headers: { "a-im": "Incremental feed", "x-ms-documentdb-partitionkeyrangeid": rangeIdForPk(["a"]) } });
  assert.strictEqual(cf.status, 200, cf.text);
  assertExactN1(cf.text, "change feed");
  assertOrderN1(cf.json.Documents.find(d => d.id === "n1"), "change feed");
  const cfPk = await raw({ method: "GET", ...docs, headers: { ...pkA, "a-im": "Incremental feed" } });
  assertExactN1(cfPk.text, "change feed (pk)");
});

test("integer-like keys keep their place (write, read, query, feeds)", async () => {
  const body = "{\"id\":\"k1\",\"pk\":\"a\",\"10\":\"x\",\"2\":\"y\",\"b\":{\"9\":1,\"a\":2,\"1\":[{\"z\":0,\"0\":1}]}}";
  const prefix = body.slice(0, -1);
  const c = await raw({ method: "POST", ...docs, headers: pkA, body });
  assert.strictEqual(c.status, 201, c.text);
  assert.ok(c.text.startsWith(prefix), c.text);
  const r = await raw({ method: "GET", path: `${docs.path}/k1`, type: "docs", link: `${docs.link}/docs/k1`, headers: pkA });
  assert.ok(r.text.startsWith(prefix), r.text);
  const q = await query("SELECT * FROM c WHERE c.id = \"k1\"");
  assert.ok(q.text.includes(prefix), q.text);
  const proj = await query("SELECT VALUE c.b FROM c WHERE c.id = \"k1\"");
  assert.ok(proj.text.includes("[{\"9\":1,\"a\":2,\"1\":[{\"z\":0,\"0\":1}]}]"), proj.text);
  const feed = await raw({ method: "GET", ...docs, headers: pkA });
  assert.ok(feed.text.includes(prefix), feed.text);
  const cf = await raw({ method: "GET", ...docs, headers: { ...pkA, "a-im": "Incremental feed" } });
  assert.ok(cf.text.includes(prefix), cf.text);
  await container.item("k1", "a").delete();
});

test("upsert and patch keep the untouched values exact", async () => {
  const up = DOC.replace("\"n1\"", "\"u1\"");
  const u = await raw({ method: "POST", ...docs, headers: { ...pkA, "x-ms-documentdb-is-upsert": "True" }, body: up });
  assert.strictEqual(u.status, 201, u.text);
  assert.ok(u.text.startsWith(up.slice(0, -1)), u.text);
  const u2 = await raw({ method: "POST", ...docs, headers: { ...pkA, "x-ms-documentdb-is-upsert": "True" }, body: up.replace("\"dec\":1.25", "\"dec\":2.5") });
  assert.strictEqual(u2.status, 200, u2.text);
  assertExactN1(u2.text.replace("\"dec\":2.5", "\"dec\":1.25"), "upsert (replace)");

  const patch = await raw({
    method: "PATCH", path: `${docs.path}/u1`, type: "docs", link: `${docs.link}/docs/u1`, headers: pkA,
    body: "{\"operations\":[{\"op\":\"set\",\"path\":\"/zeta\",\"value\":7},{\"op\":\"add\",\"path\":\"/more\",\"value\":18446744073709551615}]}",
  });
  assert.strictEqual(patch.status, 200, patch.text);
  assert.ok(patch.text.startsWith("{\"id\":\"u1\",\"pk\":\"a\",\"zeta\":7,\"alpha\":{\"z\":true,\"a\":[3,1,2]},\"big\":9007199254740993,\"neg\":-9223372036854775808,\"dec\":2.5,"), patch.text);
  assert.ok(patch.text.includes("\"more\":18446744073709551615"), patch.text);
  await container.item("u1", "a").delete();
});

test("batch writes are exact; a failing stored procedure rolls back to the exact item", async () => {
  const b = await raw({
    method: "POST", ...docs, headers: { ...pkA, "x-ms-cosmos-is-batch-request": "True", "x-ms-cosmos-batch-atomic": "True" },
    body: "[{\"operationType\":\"Create\",\"resourceBody\":{\"id\":\"b1\",\"pk\":\"a\",\"big\":123456789012345678,\"10\":1,\"b\":2}}]",
  });
  assert.strictEqual(b.status, 200, b.text);
  assert.ok(b.text.includes("\"resourceBody\":{\"id\":\"b1\",\"pk\":\"a\",\"big\":123456789012345678,\"10\":1,\"b\":2,"), b.text);
  await container.scripts.storedProcedures.create({
    id: "touchThenFail",
    body: "function () { var c = getContext().getCollection(); c.readDocument(c.getAltLink() + '/docs/b1', function (e, d) { if (e) throw e; d.v = 1; c.replaceDocument(d._self, d, function (e2) { if (e2) throw e2; throw new Error('boom'); }); }); }",
  });
  await assert.rejects(container.scripts.storedProcedure("touchThenFail").execute("a"), e => e.code === 400);
  const r = await raw({ method: "GET", path: `${docs.path}/b1`, type: "docs", link: `${docs.link}/docs/b1`, headers: pkA });
  assert.ok(r.text.startsWith("{\"id\":\"b1\",\"pk\":\"a\",\"big\":123456789012345678,\"10\":1,\"b\":2,"), r.text);
  await container.item("b1", "a").delete();
});

test("conflicts: content keeps the exact item text", async () => {
  const body = `{"id":"cf1","content":${DOC},"operationType":"replace"}`;
  const s = await raw({ method: "POST", path: "/_test/dbs/fid/colls/c/conflicts", type: "conflicts", link: "dbs/fid/colls/c", body });
  assert.strictEqual(s.status, 201, s.text);
  assert.strictEqual(s.json.content, DOC);
  const { resources } = await container.conflicts.readAll().fetchAll();
  assert.strictEqual(resources.find(x => x.id === "cf1").content, DOC);
});

test("@azure/cosmos still works with such items (it parses with JSON.parse: doubles)", async () => {
  const { resource } = await container.item("n1", "a").read();
  assert.strictEqual(resource.big, 9007199254740992);
  assert.deepStrictEqual(userKeys(resource), USER_KEYS);
  const { resources } = await container.items.query({ query: "SELECT VALUE c.id FROM c WHERE c.big = @b", parameters: [{ name: "@b", value: 9007199254740993 }] }, { partitionKey: "a" }).fetchAll();
  assert.deepStrictEqual(resources, ["n1"]);
  // an SDK write of the same item rounds on the client side; the gateway stores what it gets
  await container.items.upsert({ ...resource, id: "s1" });
  const r = await raw({ method: "GET", path: `${docs.path}/s1`, type: "docs", link: `${docs.link}/docs/s1`, headers: pkA });
  assert.ok(r.text.includes("\"big\":9007199254740992"), r.text);
});
