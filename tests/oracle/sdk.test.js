"use strict";
// The oracle corpus through @azure/cosmos against the loopback gateway: every query across
// partitions, scoped to one partition key value (and to a hierarchical key prefix), compared (in order, or as multisets) with
// the result the corpus's reference evaluator computed from the raw documents.
const test = require("node:test");
const assert = require("node:assert");
const { startGateway } = require("../gateway/conformance/helpers");
const { build } = require("./expected");
const S = require("./semantics");

const oracle = build();
let gw;
const containers = {};

test.before(async () => {
  gw = await startGateway();
  const client = gw.client();
  const { database } = await client.databases.create({ id: "oracle" });
  for (const c of oracle.containers) {
    const { container } = await database.containers.create({ id: c.id, partitionKey: c.partitionKey, indexingPolicy: c.indexingPolicy });
    for (let i = 0; i < c.docs.length; i += 25) await Promise.all(c.docs.slice(i, i + 25).map(d => container.items.create(d)));
    containers[c.id] = { container, paths: c.partitionKey.paths };
  }
});
test.after(() => gw.stop());

/** A short account of how two canonical lists differ. */
function difference(got, want) {
  const count = list => list.reduce((m, x) => m.set(x, (m.get(x) || 0) + 1), new Map());
  const g = count(got);
  const w = count(want);
  const missing = [...w].filter(([k, n]) => (g.get(k) || 0) < n).map(([k]) => k);
  const extra = [...g].filter(([k, n]) => (w.get(k) || 0) < n).map(([k]) => k);
  const cut = list => list.slice(0, 3).map(s => (s.length > 160 ? `${s.slice(0, 160)}…` : s)).join(" ; ");
  if (!missing.length && !extra.length) {
    const i = got.findIndex((x, j) => x !== want[j]);
    return `same items, order differs at ${i}: got ${cut([got[i]])}, want ${cut([want[i]])}`;
  }
  return `got ${got.length}, want ${want.length}; missing ${missing.length} (${cut(missing)}); extra ${extra.length} (${cut(extra)})`;
}

const counts = {};

for (const c of oracle.cases) {
  for (const run of c.runs) {
    const skip = c.skip[`sdk:${run.scope}`] || c.skip.sdk;
    counts[run.scope] = counts[run.scope] || { pass: 0, fail: 0, skip: 0 };
    test(`sdk [${run.scope}] ${c.name}`, { skip }, async () => {
      counts[run.scope].fail += 1; // until it passes
      const { container, paths } = containers[c.container];
      const options = {};
      if (run.partitionKey) options.partitionKey = paths.length === 1 ? run.partitionKey[0] : run.partitionKey;
      const { resources } = await container.items.query({ query: run.sql, parameters: run.parameters }, options).fetchAll();
      const got = S.canonicalList(c.system ? resources.map(S.stripSystem) : resources, c.ordered);
      const want = S.canonicalList(run.expected, c.ordered);
      if (S.canonical(got) !== S.canonical(want)) assert.fail(`${run.sql}\n${difference(got, want)}`);
      counts[run.scope].fail -= 1;
      counts[run.scope].pass += 1;
    });
    if (skip) counts[run.scope].skip += 1;
  }
}

test.after(() => {
  const text = Object.entries(counts).map(([scope, n]) => `${scope} ${JSON.stringify(n)}`).join(", ");
  process.stdout.write(`# oracle @azure/cosmos: ${text}\n`);
});
