#!/usr/bin/env node
"use strict";
// Benchmark of the loopback gateway (tests/gateway) at scale, with @azure/cosmos as client.
// Starts its own gateway (HTTPS, test CA, keep-alive), bulk-loads items server-side through
// POST /_test/dbs/{db}/colls/{c}/generate, then measures: the first page of SELECT *, of a
// filtered query, of a partition-scoped query and of ORDER BY; a drain; point reads; an import
// through the SDK. A benchmark, not a test: it prints figures (one JSON line per measure) and
// asserts nothing. "gateway alone" lines time raw HTTPS query pages without the SDK.
//
//   node tests/bench/gateway-scale.js [--items 1000000] [--drain 100000] [--import 10000]
//        [--page-size 1000] [--concurrency 16] [--reads 5000] [--gateway DIR]
const { spawn, execFileSync } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const https = require("https");
const os = require("os");
const path = require("path");
const readline = require("readline");

const ARGS = { items: 1000000, drain: 100000, import: 10000, pageSize: 1000, concurrency: 16, reads: 5000, gateway: path.join(__dirname, "../gateway") };
const KEY = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

function parseArgs(argv) {
  const names = { "--items": "items", "--drain": "drain", "--import": "import", "--page-size": "pageSize", "--concurrency": "concurrency", "--reads": "reads", "--gateway": "gateway" };
  for (let i = 0; i < argv.length; i += 2) {
    const k = names[argv[i]];
    if (!k || i + 1 >= argv.length) throw new Error(`bad argument ${argv[i]}`);
    ARGS[k] = k === "gateway" ? path.resolve(argv[i + 1]) : Number(argv[i + 1]);
  }
}

let CosmosClient; // from the gateway's node_modules, once --gateway is known
const { masterAuthHeader } = require(path.join(__dirname, "../gateway/auth"));

function startGateway(dir) {
  execFileSync("bash", [path.join(ARGS.gateway, "make-certs.sh"), dir], { stdio: "ignore" });
  const child = spawn(process.execPath, ["--max-old-space-size=8192", path.join(ARGS.gateway, "server.js"), "--port", "0",
    "--cert", path.join(dir, "server.pem"), "--key", path.join(dir, "server-key.pem")], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.once("exit", code => reject(new Error(`gateway exited (${code})`)));
    readline.createInterface({ input: child.stdout }).once("line", line => {
      const m = /(https:\/\/\S+)/.exec(line);
      if (m) resolve({ endpoint: m[1], child });
      else reject(new Error(line));
    });
  });
}

function generate(endpoint, ca, db, coll, body) {
  return signedPost(endpoint, ca, `/_test/dbs/${db}/colls/${coll}/generate`, "generate", `dbs/${db}/colls/${coll}`, body, {});
}

/** One query page straight over HTTPS (no SDK): what the gateway alone takes. */
function rawQuery(endpoint, ca, agent, db, coll, query, extra) {
  return signedPost(endpoint, ca, `/dbs/${db}/colls/${coll}/docs`, "docs", `dbs/${db}/colls/${coll}`, { query, parameters: [] }, {
    "content-type": "application/query+json", "x-ms-documentdb-isquery": "True", "x-ms-max-item-count": "100",
    "x-ms-documentdb-query-enablecrosspartition": "True", ...extra,
  }, agent);
}

function signedPost(endpoint, ca, urlPath, type, link, body, extra, agent) {
  const d = new Date().toUTCString();
  const data = JSON.stringify(body);
  const headers = {
    "x-ms-date": d, "x-ms-version": "2020-07-15", "content-type": "application/json", "content-length": Buffer.byteLength(data),
    authorization: masterAuthHeader(KEY, "POST", type, link, d), ...extra,
  };
  return new Promise((resolve, reject) => {
    const r = https.request(new URL(urlPath, endpoint), { method: "POST", headers, ca, agent, timeout: 600000 }, res => {
      let t = "";
      res.on("data", s => { t += s; });
      res.on("end", () => (res.statusCode === 200 ? resolve(JSON.parse(t)) : reject(new Error(`${res.statusCode} ${t}`))));
    });
    r.on("error", reject);
    r.end(data);
  });
}

const ms = t0 => Number(process.hrtime.bigint() - t0) / 1e6;
const round = v => Math.round(v * 10) / 10;
const out = o => process.stdout.write(`${JSON.stringify(o)}\n`);
const median = a => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

async function signedCheck(p) {
  const r = await p;
  if (!r.Documents || !r.Documents.length) throw new Error("empty page");
  return r;
}

async function firstPage(container, query, opts, runs = 5) {
  const times = [];
  let n = 0;
  for (let i = 0; i < runs; i += 1) {
    const t0 = process.hrtime.bigint();
    const page = await container.items.query(query, { maxItemCount: 100, ...opts }).fetchNext();
    times.push(ms(t0));
    n = page.resources.length;
  }
  return { first_ms: round(times[0]), median_ms: round(median(times)), items: n };
}

async function drain(container, query, opts) {
  const t0 = process.hrtime.bigint();
  const it = container.items.query(query, { maxItemCount: ARGS.pageSize, ...opts });
  let n = 0;
  const ids = new Set();
  while (it.hasMoreResults()) {
    const page = await it.fetchNext();
    n += page.resources.length;
    for (const r of page.resources) ids.add(r.id);
  }
  const t = ms(t0);
  return { items: n, distinct: ids.size, s: Math.round(t / 100) / 10, items_per_s: Math.round(n / (t / 1000)) };
}

async function pool(n, concurrency, fn) {
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next;
      next += 1;
      if (i >= n) return;
      await fn(i); // eslint-disable-line no-await-in-loop
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function main() {
  parseArgs(process.argv.slice(2));
  ({ CosmosClient } = require(path.join(ARGS.gateway, "node_modules/@azure/cosmos"))); // eslint-disable-line global-require, import/no-dynamic-require
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gwscale-"));
  const gw = await startGateway(dir);
  const ca = fs.readFileSync(path.join(dir, "ca.pem"));
  const agent = new https.Agent({ keepAlive: true, ca });
  const client = new CosmosClient({ endpoint: gw.endpoint, key: KEY, agent });
  try {
    out({ gateway: ARGS.gateway, cores: os.cpus().length, node: process.version, items: ARGS.items });
    const { database } = await client.databases.create({ id: "scale" });
    const { container: big } = await database.containers.create({ id: "big", partitionKey: { paths: ["/pk"] } });
    const { container: mid } = await database.containers.create({ id: "mid", partitionKey: { paths: ["/pk"] } });

    let t0 = process.hrtime.bigint();
    for (let s = 0; s < ARGS.items; s += 100000) {
      await generate(gw.endpoint, ca, "scale", "big", { count: Math.min(100000, ARGS.items - s), start: s, partitions: 100 });
    }
    out({ measure: "preload (server-side)", items: ARGS.items, s: Math.round(ms(t0) / 100) / 10 });
    await generate(gw.endpoint, ca, "scale", "mid", { count: ARGS.drain, partitions: 100 });

    for (const [label, sql, extra] of [["SELECT * FROM c", "SELECT * FROM c", {}],
      ["WHERE c.tags[1] = 't3'", "SELECT c.id, c.n FROM c WHERE c.tags[1] = 't3'", {}],
      ["one partition", "SELECT * FROM c", { "x-ms-documentdb-partitionkey": "[\"p7\"]" }],
      ["ORDER BY c.n DESC, range 0", "SELECT * FROM c ORDER BY c.n DESC", { "x-ms-documentdb-partitionkeyrangeid": "0" }]]) {
      const times = [];
      for (let i = 0; i < 5; i += 1) {
        const t = process.hrtime.bigint();
        await signedCheck(rawQuery(gw.endpoint, ca, agent, "scale", "big", sql, extra)); // eslint-disable-line no-await-in-loop
        times.push(ms(t));
      }
      out({ measure: `gateway alone (raw HTTPS): first page (100) ${label}`, first_ms: round(times[0]), median_ms: round(median(times)) });
    }
    out({ measure: `first page (100) SELECT * FROM c, ${ARGS.items} items`, ...await firstPage(big, "SELECT * FROM c") });
    out({ measure: "first page (100) WHERE c.tags[1] = 't3' (1/7 match)", ...await firstPage(big, "SELECT c.id, c.n FROM c WHERE c.tags[1] = 't3'") });
    const tail = Math.floor(ARGS.items * 0.99);
    out({ measure: `first page (100) WHERE c.n >= ${tail} (1% match, at the end)`, ...await firstPage(big, `SELECT * FROM c WHERE c.n >= ${tail}`) });
    out({ measure: "first page (100) one partition (pk header)", ...await firstPage(big, "SELECT * FROM c", { partitionKey: "p7" }) });
    out({ measure: "first page (100) ORDER BY c.n DESC (snapshot build, then cached)", ...await firstPage(big, "SELECT * FROM c ORDER BY c.n DESC", {}, 3) });

    out({ measure: `drain SELECT * FROM c, ${ARGS.drain} items, page ${ARGS.pageSize}`, ...await drain(mid, "SELECT * FROM c") });
    out({ measure: `drain one partition of the ${ARGS.items}-item container`, ...await drain(big, "SELECT * FROM c", { partitionKey: "p7" }) });
    out({ measure: `drain ORDER BY c.n, ${ARGS.drain} items`, ...await drain(mid, "SELECT * FROM c ORDER BY c.n") });

    t0 = process.hrtime.bigint();
    const lat = [];
    await pool(ARGS.reads, ARGS.concurrency, async () => {
      const i = crypto.randomInt(ARGS.items);
      const t = process.hrtime.bigint();
      await big.item(`gen-${i}`, `p${i % 100}`).read();
      lat.push(ms(t));
    });
    out({ measure: `point reads, concurrency ${ARGS.concurrency}`, reads: ARGS.reads, per_s: Math.round(ARGS.reads / (ms(t0) / 1000)), p50_ms: round(median(lat)) });

    const runId = Date.now().toString(36);
    t0 = process.hrtime.bigint();
    await pool(ARGS.import, ARGS.concurrency, i => big.items.create({ id: `${runId}-${i}`, pk: `p${i % 100}`, n: i, name: `item ${i}`, tags: ["bench", `t${i % 7}`] }));
    out({ measure: `import via SDK into the ${ARGS.items}-item container, concurrency ${ARGS.concurrency}`, items: ARGS.import, items_per_s: Math.round(ARGS.import / (ms(t0) / 1000)) });
  } finally {
    client.dispose();
    agent.destroy();
    gw.child.kill("SIGTERM");
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(e => {
  process.stderr.write(`gateway-scale failed: ${e.stack || e}\n`);
  process.exit(1);
});
