"use strict";
// Random fault injection (POST/GET /_test/faults, faults.js): lost responses, resets before
// execution, truncation, 429/503, delays, seeded reproducibility, counters.
const test = require("node:test");
const assert = require("node:assert");
const { startGateway, rawRequest } = require("./helpers");

const DB = "faults-db";
const COLL = "c";
let gw;
let client;
let container;

const setFaults = body => rawRequest(gw.endpoint, gw.ca, { method: "POST", path: "/_test/faults", type: "faults", link: "", body });
const getFaults = async () => (await rawRequest(gw.endpoint, gw.ca, { method: "GET", path: "/_test/faults", type: "faults", link: "" })).json;
const rawRead = id => rawRequest(gw.endpoint, gw.ca, {
  method: "GET", path: `/dbs/${DB}/colls/${COLL}/docs/${id}`, type: "docs", link: `dbs/${DB}/colls/${COLL}/docs/${id}`,
  headers: { "x-ms-documentdb-partitionkey": JSON.stringify(["a"]) },
});
const rawList = () => rawRequest(gw.endpoint, gw.ca, { method: "GET", path: "/dbs", type: "dbs", link: "" });
// A transport failure, not an HTTP status: the SDK reports no numeric code.
const isConnectionError = e => Boolean(e) && typeof e.code !== "number" && /ECONNRESET|EPIPE|socket hang up|aborted|premature close/i.test(`${e.code} ${e.message}`);
const ZERO = { throttle: 0, unavailable: 0, resetBefore: 0, lostAfter: 0, truncate: 0, delayed: 0 };

test.before(async () => {
  gw = await startGateway();
  client = gw.client();
  const { database } = await client.databases.create({ id: DB });
  ({ container } = await database.containers.create({ id: COLL, partitionKey: { paths: ["/pk"] } }));
});
test.after(async () => {
  await setFaults({});
  const code = await gw.stop();
  assert.strictEqual(code, 0, "gateway exits 0 on SIGTERM");
});

test("lostAfter: the create is executed, the SDK sees a connection error, a raw read finds the item", async () => {
  const set = await setFaults({ seed: 3, lostAfter: 1.0, methods: ["POST"] });
  assert.strictEqual(set.status, 200);
  assert.deepStrictEqual(set.json.counts, ZERO);
  assert.strictEqual(set.json.config.lostAfter, 1);
  await assert.rejects(container.items.create({ id: "lost-1", pk: "a", n: 1 }), e => {
    assert.ok(isConnectionError(e), `connection error expected, got ${e.code} ${e.message}`);
    return true;
  });
  const st = await getFaults();
  assert.deepStrictEqual(st.counts, { ...ZERO, lostAfter: 1 }, "one create, one lost response (the SDK does not retry writes)");
  await setFaults({});
  const r = await rawRead("lost-1");
  assert.strictEqual(r.status, 200, "the store changed although the response was lost");
  assert.strictEqual(r.json.id, "lost-1");
  assert.strictEqual(r.json.n, 1);
  // The client's dilemma: blindly retrying the create now conflicts.
  await assert.rejects(container.items.create({ id: "lost-1", pk: "a", n: 1 }), e => e.code === 409);
});

test("resetBefore: the connection is reset before execution, nothing is stored", async () => {
  await setFaults({ seed: 3, resetBefore: 1.0, methods: ["POST"] });
  await assert.rejects(container.items.create({ id: "reset-1", pk: "a" }), e => {
    assert.ok(isConnectionError(e), `connection error expected, got ${e.code} ${e.message}`);
    return true;
  });
  assert.deepStrictEqual((await getFaults()).counts, { ...ZERO, resetBefore: 1 });
  await setFaults({});
  assert.strictEqual((await rawRead("reset-1")).status, 404, "nothing was written");
  // Safe to retry: the same create now succeeds.
  const { statusCode } = await container.items.create({ id: "reset-1", pk: "a" });
  assert.strictEqual(statusCode, 201);
});

test("truncate: the create is executed, the response has its full Content-Length but half the body", async () => {
  await setFaults({ seed: 3, truncate: 1.0, methods: ["POST"] });
  await assert.rejects(container.items.create({ id: "trunc-1", pk: "a" }), e => {
    assert.ok(isConnectionError(e), `connection error expected, got ${e.code} ${e.message}`);
    return true;
  });
  assert.deepStrictEqual((await getFaults()).counts, { ...ZERO, truncate: 1 });
  await setFaults({});
  assert.strictEqual((await rawRead("trunc-1")).status, 200);
});

test("throttle and unavailable answer without executing; /_test routes are exempt", async () => {
  await setFaults({ seed: 5, throttle: 1.0, methods: ["GET"] });
  const t = await rawList();
  assert.strictEqual(t.status, 429);
  assert.strictEqual(t.headers["x-ms-substatus"], "3200");
  const after = Number(t.headers["x-ms-retry-after-ms"]);
  assert.ok(after >= 5 && after <= 50, `x-ms-retry-after-ms ${after}`);
  assert.strictEqual(t.json.code, "TooManyRequests");
  assert.ok(t.headers["x-ms-activity-id"]);
  // POST is not in `methods`: a raw-signed create passes.
  const ok = await rawRequest(gw.endpoint, gw.ca, { method: "POST", path: `/dbs/${DB}/colls/${COLL}/docs`, type: "docs", link: `dbs/${DB}/colls/${COLL}`,
    body: { id: "through-1", pk: "a" }, headers: { "x-ms-documentdb-partitionkey": "[\"a\"]" } });
  assert.strictEqual(ok.status, 201);
  await setFaults({ seed: 5, unavailable: 1.0, methods: ["POST"] });
  const u = await rawRequest(gw.endpoint, gw.ca, { method: "POST", path: `/dbs/${DB}/colls/${COLL}/docs`, type: "docs", link: `dbs/${DB}/colls/${COLL}`,
    body: { id: "unavail-1", pk: "a" }, headers: { "x-ms-documentdb-partitionkey": "[\"a\"]" } });
  assert.strictEqual(u.status, 503);
  assert.strictEqual(u.json.code, "ServiceUnavailable");
  const st = await getFaults(); // a /_test GET while faults are on
  assert.deepStrictEqual(st.counts, { ...ZERO, unavailable: 1 });
  await setFaults({});
  assert.strictEqual((await rawRead("unavail-1")).status, 404, "503 did not execute");
});

test("delays: delayRate 1 waits within [min, max] before executing", async () => {
  await setFaults({ seed: 9, delayRate: 1.0, delayMs: [80, 120], methods: ["GET"] });
  const t0 = Date.now();
  assert.strictEqual((await rawList()).status, 200);
  assert.ok(Date.now() - t0 >= 75, `took ${Date.now() - t0} ms`);
  assert.deepStrictEqual((await getFaults()).counts, { ...ZERO, delayed: 1 });
  await setFaults({});
});

test("a seed reproduces the same fault schedule; counters match what the client saw; {} turns faults off", async () => {
  const cfg = { seed: 42, throttle: 0.3, unavailable: 0.2, methods: ["GET"] };
  const run = async () => {
    await setFaults(cfg);
    const statuses = [];
    for (let i = 0; i < 40; i += 1) statuses.push((await rawList()).status);
    return { statuses, counts: (await getFaults()).counts };
  };
  const a = await run();
  const b = await run();
  assert.deepStrictEqual(a.statuses, b.statuses);
  assert.deepStrictEqual(a.counts, b.counts);
  assert.strictEqual(a.counts.throttle, a.statuses.filter(s => s === 429).length);
  assert.strictEqual(a.counts.unavailable, a.statuses.filter(s => s === 503).length);
  assert.ok(a.counts.throttle > 0 && a.counts.unavailable > 0 && a.statuses.includes(200), a.statuses.join(","));
  cfg.seed = 43;
  const c = await run();
  assert.notDeepStrictEqual(c.statuses, a.statuses, "another seed, another schedule");
  const off = await setFaults({});
  assert.strictEqual(off.json.config.active, false);
  assert.deepStrictEqual(off.json.counts, ZERO);
  for (let i = 0; i < 10; i += 1) assert.strictEqual((await rawList()).status, 200);
  assert.deepStrictEqual((await getFaults()).counts, ZERO);
});

test("the SDK rides through a mixed schedule of retryable faults on reads", async () => {
  // 429s and delays only: the SDK retries 429 by itself, so every read succeeds.
  await setFaults({ seed: 11, throttle: 0.3, delayRate: 0.5, delayMs: [0, 10], methods: ["GET"] });
  for (let i = 0; i < 10; i += 1) {
    const { resource } = await container.item("lost-1", "a").read();
    assert.strictEqual(resource.id, "lost-1");
  }
  const st = await getFaults();
  assert.ok(st.counts.throttle > 0, JSON.stringify(st.counts));
  await setFaults({});
});

test("bad configurations are refused with 400", async () => {
  for (const body of [{ lostafter: 1 }, { throttle: 2 }, { throttle: 0.6, unavailable: 0.6 }, { delayMs: [5, 1] }, { seed: "x" }, { methods: "GET" }, []]) {
    const r = await setFaults(body);
    assert.strictEqual(r.status, 400, JSON.stringify(body));
    assert.strictEqual(r.json.code, "BadRequest");
  }
  // /_test/throttle is independent and still works.
  const t = await rawRequest(gw.endpoint, gw.ca, { method: "POST", path: "/_test/throttle", type: "throttle", link: "", body: { count: 1, retryAfterMs: 7 } });
  assert.strictEqual(t.status, 200);
  const r = await rawList();
  assert.strictEqual(r.status, 429);
  assert.strictEqual(r.headers["x-ms-retry-after-ms"], "7");
  assert.strictEqual((await rawList()).status, 200);
});
