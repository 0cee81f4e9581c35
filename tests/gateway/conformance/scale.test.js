"use strict";
// Answers at scale: 20,000 items over 13 partition values (bulk-loaded through
// POST /_test/.../generate), read through @azure/cosmos with small pages. Every drain must
// return every item exactly once, ORDER BY must hold across pages, and a continuation taken
// before concurrent creates/deletes/replaces must still return every item that existed
// throughout exactly once (the index and position continuations of docindex.js / pager.js).
const test = require("node:test");
const assert = require("node:assert");
const { startGateway, rawRequest } = require("./helpers");

const N = 20000;
const PARTS = 13;
let gw;
let container;

const pkOf = i => `p${i % PARTS}`;
const idsOf = rows => rows.map(r => r.id);

async function drainPages(iterator) {
  const rows = [];
  let pages = 0;
  while (iterator.hasMoreResults()) {
    const page = await iterator.fetchNext(); // eslint-disable-line no-await-in-loop
    rows.push(...page.resources);
    pages += 1;
  }
  return { rows, pages };
}

function assertOnce(ids, expected) {
  assert.strictEqual(new Set(ids).size, ids.length, "no item twice");
  assert.deepStrictEqual([...ids].sort(), [...expected].sort());
}

test.before(async () => {
  gw = await startGateway();
  const client = gw.client();
  const { database } = await client.databases.create({ id: "scale" });
  ({ container } = await database.containers.create({ id: "c", partitionKey: { paths: ["/pk"] } }));
  const r = await rawRequest(gw.endpoint, gw.ca, {
    method: "POST", path: "/_test/dbs/scale/colls/c/generate", type: "generate", link: "dbs/scale/colls/c",
    body: { count: N, partitions: PARTS, prefix: "gen-" },
  });
  assert.strictEqual(r.status, 200, r.text);
  assert.strictEqual(r.json.created, N);
});
test.after(() => gw.stop());

const allIds = () => Array.from({ length: N }, (_, i) => `gen-${i}`);

test("cross-partition drain with small pages: every item exactly once", async () => {
  const { rows, pages } = await drainPages(container.items.query("SELECT c.id, c.n FROM c", { maxItemCount: 700 }));
  assert.ok(pages >= Math.ceil(N / 700), `paged (${pages} pages)`);
  assertOnce(idsOf(rows), allIds());
  const feed = await drainPages(container.items.readAll({ maxItemCount: 900 }));
  assertOnce(idsOf(feed.rows), allIds());
});

test("filtered drain and partition-scoped drain return exactly the matching items", async () => {
  const { rows } = await drainPages(container.items.query("SELECT VALUE c.id FROM c WHERE c.n % 3 = 0", { maxItemCount: 500 }));
  assert.deepStrictEqual([...rows].sort(), allIds().filter((_, i) => i % 3 === 0).sort());
  const p5 = await drainPages(container.items.query("SELECT * FROM c", { maxItemCount: 100, partitionKey: "p5" }));
  assertOnce(idsOf(p5.rows), allIds().filter((_, i) => pkOf(i) === "p5"));
  assert.ok(p5.rows.every(r => r.pk === "p5" && r.id === `gen-${r.n}`));
});

test("ORDER BY across pages: cross-partition (SDK merge) and in one partition", async () => {
  const cross = await drainPages(container.items.query("SELECT c.id, c.n FROM c WHERE c.n < 4000 ORDER BY c.n DESC", { maxItemCount: 250 }));
  assert.deepStrictEqual(cross.rows.map(r => r.n), Array.from({ length: 4000 }, (_, i) => 3999 - i));
  const one = await drainPages(container.items.query("SELECT c.id, c.n FROM c ORDER BY c.id", { maxItemCount: 97, partitionKey: "p3" }));
  const want = allIds().filter((_, i) => pkOf(i) === "p3").sort();
  assert.deepStrictEqual(idsOf(one.rows), want);
  const top = await drainPages(container.items.query("SELECT TOP 1234 c.id FROM c", { maxItemCount: 100, partitionKey: "p2" }));
  assert.strictEqual(top.rows.length, 1234);
  assert.strictEqual(new Set(idsOf(top.rows)).size, 1234);
});

test("continuation after concurrent creates, deletes and replaces: items that existed throughout once", async () => {
  for (const [label, sql] of [["feed order", "SELECT c.id FROM c"], ["ORDER BY", "SELECT c.id, c.n FROM c ORDER BY c.n"]]) {
    const pk = label === "feed order" ? "p7" : "p8";
    const members = allIds().filter((_, i) => pkOf(i) === pk);
    const it = container.items.query(sql, { maxItemCount: 200, partitionKey: pk });
    const first = await it.fetchNext(); // eslint-disable-line no-await-in-loop
    const seen = idsOf(first.resources);
    const seenSet = new Set(seen);
    const unseen = members.filter(id => !seenSet.has(id));
    const deleted = [seen[3], seen[50], unseen[10], unseen[500], unseen[unseen.length - 1]];
    const replaced = [seen[7], unseen[20], unseen[600]];
    for (const id of deleted) await container.item(id, pk).delete(); // eslint-disable-line no-await-in-loop
    for (const id of replaced) { // eslint-disable-line no-restricted-syntax
      const { resource } = await container.item(id, pk).read(); // eslint-disable-line no-await-in-loop
      await container.item(id, pk).replace({ ...resource, touched: true }); // eslint-disable-line no-await-in-loop
    }
    for (let k = 0; k < 5; k += 1) await container.items.create({ id: `new-${label}-${k}`, pk, n: N + k }); // eslint-disable-line no-await-in-loop
    const rest = await drainPages(it); // eslint-disable-line no-await-in-loop
    const all = [...seen, ...idsOf(rest.rows)];
    assert.strictEqual(new Set(all).size, all.length, `${label}: no duplicates`);
    const got = new Set(all);
    const gone = new Set(deleted);
    for (const id of members) {
      if (!gone.has(id)) assert.ok(got.has(id), `${label}: ${id} existed throughout and was returned`);
    }
    for (const id of deleted.slice(2)) assert.ok(!got.has(id), `${label}: ${id} deleted before it was reached`);
    if (label === "ORDER BY") {
      const ns = rest.rows.map(r => r.n);
      assert.deepStrictEqual(ns, [...ns].sort((a, b) => a - b), "still in order after the writes");
    }
  }
});

test("point reads after many inserts, and the change feed of one partition", async () => {
  for (const i of [0, 1, 4999, 12345, N - 1]) {
    const { resource, statusCode } = await container.item(`gen-${i}`, pkOf(i)).read(); // eslint-disable-line no-await-in-loop
    assert.strictEqual(statusCode, 200);
    assert.strictEqual(resource.n, i);
  }
  const { statusCode } = await container.item("gen-1", pkOf(2)).read();
  assert.strictEqual(statusCode, 404, "wrong partition");
  const feed = container.items.getChangeFeedIterator({ changeFeedStartFrom: require("@azure/cosmos").ChangeFeedStartFrom.Beginning("p11"), maxItemCount: 300 }); // eslint-disable-line global-require
  const ids = [];
  for (;;) {
    const r = await feed.readNext(); // eslint-disable-line no-await-in-loop
    if (r.statusCode === 304) break;
    ids.push(...idsOf(r.result));
  }
  assertOnce(ids, allIds().filter((_, i) => pkOf(i) === "p11"));
});
