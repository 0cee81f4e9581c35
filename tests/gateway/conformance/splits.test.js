"use strict";
// Partition splits (POST /_test/…/split): the pkranges feed shows the children with their
// parents and answers the change-feed style If-None-Match with 304 when nothing changed; the
// parent's id answers 410/1002 (or 1007); @azure/cosmos drains an ORDER BY query and the change
// feed across a split that happens between its pages, every item exactly once.
const test = require("node:test");
const assert = require("node:assert");
const { ChangeFeedStartFrom, StatusCodes } = require("@azure/cosmos");
const { startGateway, rawRequest } = require("./helpers");

let gw;
let database;
test.before(async () => {
  gw = await startGateway();
  ({ database } = await gw.client().databases.create({ id: "splits" }));
});
test.after(() => gw.stop());

const raw = (opts) => rawRequest(gw.endpoint, gw.ca, opts);
const split = (coll, range, subStatus) => raw({
  method: "POST", path: `/_test/dbs/splits/colls/${coll}/split`, type: "split", link: `dbs/splits/colls/${coll}`, body: { range, subStatus },
});
const pkranges = (coll, headers = {}) => raw({
  method: "GET", path: `/dbs/splits/colls/${coll}/pkranges`, type: "pkranges", link: `dbs/splits/colls/${coll}`, headers,
});

async function containerWith(id, n) {
  const { container } = await database.containers.create({ id, partitionKey: { paths: ["/pk"] } });
  const items = [];
  for (let i = 0; i < n; i += 1) items.push({ id: `i${String(i).padStart(3, "0")}`, pk: `p${i % 23}`, n: (i * 37) % n });
  for (const it of items) await container.items.create(it);
  return { container, items };
}

test("split: children with parents in the feed, incremental feed with etag and 304, 410 for the parent", async () => {
  await containerWith("feed", 40);
  const before = await pkranges("feed");
  assert.strictEqual(before.status, 200);
  const etag = before.headers.etag;
  const unchanged = await pkranges("feed", { "a-im": "Incremental feed", "if-none-match": etag });
  assert.strictEqual(unchanged.status, 304);

  const s = await split("feed", "1", 1002);
  assert.strictEqual(s.status, 200, s.text);
  const after = await pkranges("feed");
  const ranges = after.json.PartitionKeyRanges;
  assert.deepStrictEqual(ranges.map(r => r.id), ["0", "3", "4", "2"]);
  assert.deepStrictEqual(ranges.find(r => r.id === "3").parents, ["1"]);
  assert.strictEqual(ranges.find(r => r.id === "3").minInclusive, "55");
  assert.strictEqual(ranges.find(r => r.id === "4").maxExclusive, "AA");
  assert.strictEqual(ranges.find(r => r.id === "3").maxExclusive, ranges.find(r => r.id === "4").minInclusive);
  assert.notStrictEqual(after.headers.etag, etag);
  const changes = await pkranges("feed", { "a-im": "Incremental feed", "if-none-match": etag });
  assert.strictEqual(changes.status, 200);
  assert.deepStrictEqual(changes.json.PartitionKeyRanges.map(r => [r.id, r.parents]), [["3", ["1"]], ["4", ["1"]]]);
  const again = await pkranges("feed", { "a-im": "Incremental feed", "if-none-match": after.headers.etag });
  assert.strictEqual(again.status, 304);

  const q = range => raw({
    method: "POST", path: "/dbs/splits/colls/feed/docs", type: "docs", link: "dbs/splits/colls/feed",
    body: { query: "SELECT VALUE c.id FROM c" },
    headers: { "content-type": "application/query+json", "x-ms-documentdb-isquery": "True", "x-ms-documentdb-partitionkeyrangeid": range },
  });
  const gone = await q("1");
  assert.strictEqual(gone.status, 410);
  assert.strictEqual(gone.headers["x-ms-substatus"], "1002");
  // the children hold exactly the parent's items
  const all = [];
  for (const r of ["0", "3", "4", "2"]) all.push(...(await q(r)).json.Documents);
  assert.strictEqual(all.length, 40);
  assert.strictEqual(new Set(all).size, 40);

  await split("feed", "2", 1007);
  const completing = await q("2");
  assert.strictEqual(completing.status, 410);
  assert.strictEqual(completing.headers["x-ms-substatus"], "1007");
  assert.strictEqual((await split("feed", "9")).status, 404);
});

// What the SDKs do after a 410 (ParallelQueryExecutionContextBase._enqueueReplacementDocumentProducers):
// the parent's continuation goes to each child. Checked raw, for a plain and an ORDER BY query.
// (@azure/cosmos 4.9.3 itself loops on the buffered 410 of a split in its query pipeline: its
// DocumentProducer keeps the error as a buffered result that peakNextItem() never raises.)
test("a parent's continuation is valid in each child: the children return the rest exactly once", async () => {
  const { items } = await containerWith("query", 90);
  const q = (query, range, continuation) => raw({
    method: "POST", path: "/dbs/splits/colls/query/docs", type: "docs", link: "dbs/splits/colls/query",
    body: { query },
    headers: {
      "content-type": "application/query+json", "x-ms-documentdb-isquery": "True", "x-ms-max-item-count": "5",
      "x-ms-documentdb-partitionkeyrangeid": range, ...(continuation ? { "x-ms-continuation": continuation } : {}),
    },
  });
  const drainRange = async (query, range, continuation) => {
    const out = [];
    let c = continuation;
    do {
      const r = await q(query, range, c);
      assert.strictEqual(r.status, 200, r.text);
      out.push(...r.json.Documents);
      c = r.headers["x-ms-continuation"];
    } while (c);
    return out;
  };
  for (const [query, parent] of [["SELECT VALUE c.id FROM c", "1"], ["SELECT VALUE c.n FROM c ORDER BY c.n", "0"]]) {
    const whole = await drainRange(query, parent);
    assert.ok(whole.length > 10, "the range must hold several pages");
    const first = await q(query, parent);
    const second = await q(query, parent, first.headers["x-ms-continuation"]);
    const seen = [...first.json.Documents, ...second.json.Documents];
    const s = await split("query", parent);
    assert.strictEqual(s.status, 200);
    assert.strictEqual((await q(query, parent, second.headers["x-ms-continuation"])).status, 410);
    const rest = [];
    for (const child of s.json.children) rest.push(...await drainRange(query, child.id, second.headers["x-ms-continuation"]));
    const sorted = v => [...v].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    assert.deepStrictEqual(sorted([...seen, ...rest]), sorted(whole));
  }
  assert.strictEqual(items.length, 90);
});

test("@azure/cosmos: the change feed survives a split (1002 and 1007) between pages", async () => {
  const { container, items } = await containerWith("changes", 60);
  const iter = container.items.getChangeFeedIterator({ changeFeedStartFrom: ChangeFeedStartFrom.Beginning(), maxItemCount: 5 });
  const seen = [];
  let pages = 0;
  for (;;) {
    const r = await iter.readNext();
    if (r.statusCode === StatusCodes.NotModified) break;
    seen.push(...r.result.map(d => d.id));
    pages += 1;
    if (pages === 2) {
      assert.strictEqual((await split("changes", "2", 1007)).status, 200);
      assert.strictEqual((await split("changes", "0", 1002)).status, 200);
    }
  }
  assert.deepStrictEqual([...seen].sort(), items.map(i => i.id).sort());
});
