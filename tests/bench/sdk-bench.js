#!/usr/bin/env node
"use strict";
// SDK benchmark against a Cosmos DB endpoint (e.g. the loopback gateway in tests/gateway):
//   node tests/bench/sdk-bench.js --endpoint URL --key K --ca FILE --db D --container C
//        [--items 10000] [--page-size 1000] [--concurrency 16]
// Creates the container (pk /pk) if needed, imports N small generated items with the given
// concurrency, then drains SELECT * FROM c and SELECT * FROM c ORDER BY c.n with maxItemCount = page size. Prints one JSON line.
// No assertions on timings.
const fs = require("fs");
const https = require("https");
const http = require("http");
const path = require("path");

const { CosmosClient } = require(path.join(__dirname, "../gateway/node_modules/@azure/cosmos"));

function parseArgs(argv) {
  const o = { items: 10000, pageSize: 1000, concurrency: 16 };
  const names = { "--endpoint": "endpoint", "--key": "key", "--ca": "ca", "--db": "db", "--container": "container",
    "--items": "items", "--page-size": "pageSize", "--concurrency": "concurrency" };
  for (let i = 0; i < argv.length; i += 2) {
    const k = names[argv[i]];
    if (!k || i + 1 >= argv.length) throw new Error(`bad argument ${argv[i]}`);
    o[k] = ["items", "pageSize", "concurrency"].includes(k) ? Number(argv[i + 1]) : argv[i + 1];
  }
  for (const k of ["endpoint", "key", "db", "container"]) if (!o[k]) throw new Error(`--${k} is required`);
  return o;
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\nusage: sdk-bench.js --endpoint URL --key K --ca FILE --db D --container C [--items N] [--page-size N] [--concurrency N]\n`);
    process.exit(2);
  }
  const agent = o.endpoint.startsWith("https:")
    ? new https.Agent({ keepAlive: true, ca: o.ca ? fs.readFileSync(o.ca) : undefined })
    : new http.Agent({ keepAlive: true });
  const client = new CosmosClient({ endpoint: o.endpoint, key: o.key, agent });
  const { database } = await client.databases.createIfNotExists({ id: o.db });
  const { container } = await database.containers.createIfNotExists({ id: o.container, partitionKey: { paths: ["/pk"] } });

  const runId = Date.now().toString(36);
  let next = 0;
  const t0 = process.hrtime.bigint();
  async function worker() {
    for (;;) {
      const i = next;
      next += 1;
      if (i >= o.items) return;
      await container.items.create({ id: `${runId}-${i}`, pk: `p${i % 100}`, n: i, name: `item ${i}`, tags: ["bench", `t${i % 7}`] });
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  const importS = Number(process.hrtime.bigint() - t0) / 1e9;

  const t1 = process.hrtime.bigint();
  let drained = 0;
  const it = container.items.query("SELECT * FROM c", { maxItemCount: o.pageSize });
  while (it.hasMoreResults()) {
    const page = await it.fetchNext();
    drained += page.resources.length;
  }
  const queryS = Number(process.hrtime.bigint() - t1) / 1e9;

  // The same drain ordered across partitions: the SDK merges the per-range ORDER BY streams.
  const t2 = process.hrtime.bigint();
  let ordered = 0;
  let last = -Infinity;
  const oit = container.items.query("SELECT * FROM c ORDER BY c.n", { maxItemCount: o.pageSize });
  while (oit.hasMoreResults()) {
    const page = await oit.fetchNext();
    for (const r of page.resources) {
      if (r.n < last) throw new Error(`ORDER BY out of order at ${ordered}`);
      last = r.n;
    }
    ordered += page.resources.length;
  }
  const orderS = Number(process.hrtime.bigint() - t2) / 1e9;
  if (ordered !== drained) throw new Error(`ORDER BY drain returned ${ordered} items, the plain drain ${drained}`);
  client.dispose();
  agent.destroy();
  process.stdout.write(`${JSON.stringify({
    client: "@azure/cosmos",
    import_items_per_s: Math.round((o.items / importS) * 10) / 10,
    query_items_per_s: Math.round((drained / queryS) * 10) / 10,
    import_s: Math.round(importS * 1000) / 1000,
    query_s: Math.round(queryS * 1000) / 1000,
    orderby_s: Math.round(orderS * 1000) / 1000,
  })}\n`);
}

main().catch(e => {
  process.stderr.write(`sdk-bench failed: ${e.stack || e}\n`);
  process.exit(1);
});
