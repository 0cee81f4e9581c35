#!/usr/bin/env node
"use strict";
// Peak memory of a cross-partition GROUP BY through cosmoscope-cli: N items (default 100,000,
// generated server-side over 100 partition key values) grouped into 10 groups, against the
// same CLI draining the items themselves. A benchmark, not a test: it prints figures and
// asserts nothing but the answer (10 groups of N/10).
//
//   node tests/bench/groupby-memory.js [--cli build/app/cli/cosmoscope-cli] [--items 100000]
const { spawn, execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const https = require("https");
const readline = require("readline");

const GATEWAY = path.join(__dirname, "../gateway");
const { masterAuthHeader } = require(path.join(GATEWAY, "auth")); // eslint-disable-line import/no-dynamic-require
const KEY = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
const ARGS = { cli: path.join(__dirname, "../../build/app/cli/cosmoscope-cli"), items: 100000 };
for (let i = 2; i + 1 < process.argv.length; i += 2) {
  const k = process.argv[i].replace(/^--/, "");
  ARGS[k] = k === "items" ? Number(process.argv[i + 1]) : path.resolve(process.argv[i + 1]);
}

function startGateway(dir) {
  execFileSync("bash", [path.join(GATEWAY, "make-certs.sh"), dir], { stdio: "ignore" });
  const child = spawn(process.execPath, ["--max-old-space-size=8192", path.join(GATEWAY, "server.js"), "--port", "0",
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
  const d = new Date().toUTCString();
  const data = JSON.stringify(body);
  const headers = {
    "x-ms-date": d, "x-ms-version": "2020-07-15", "content-type": "application/json", "content-length": Buffer.byteLength(data),
    authorization: masterAuthHeader(KEY, "POST", "generate", `dbs/${db}/colls/${coll}`, d),
  };
  return new Promise((resolve, reject) => {
    const r = https.request(new URL(`/_test/dbs/${db}/colls/${coll}/generate`, endpoint), { method: "POST", headers, ca, timeout: 600000 }, res => {
      let t = "";
      res.on("data", c => { t += c; });
      res.on("end", () => (res.statusCode === 200 ? resolve(JSON.parse(t)) : reject(new Error(t))));
    });
    r.on("error", reject);
    r.end(data);
  });
}

/** Runs the CLI under GNU time: {stdout, seconds, peakKiB}. */
function cliMeasured(endpoint, dir, args) {
  const out = execFileSync("/usr/bin/time", ["-f", "%e %M", "-o", path.join(dir, "time.txt"), ARGS.cli,
    "--endpoint", endpoint, "--key", KEY, "--ca-cert", path.join(dir, "ca.pem"), ...args], { maxBuffer: 1 << 30 });
  const [seconds, peakKiB] = fs.readFileSync(path.join(dir, "time.txt"), "utf8").trim().split(/\s+/).map(Number);
  return { stdout: out.toString("utf8"), seconds, peakKiB };
}

(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "groupby-bench-"));
  const gw = await startGateway(dir);
  try {
    const ca = fs.readFileSync(path.join(dir, "ca.pem"));
    cliMeasured(gw.endpoint, dir, ["db", "create", "bench"]);
    cliMeasured(gw.endpoint, dir, ["container", "create", "bench", "g", "--partition-key", "/pk"]);
    for (let s = 0; s < ARGS.items; s += 100000) {
      await generate(gw.endpoint, ca, "bench", "g", { count: Math.min(100000, ARGS.items - s), start: s, partitions: 100 });
    }
    const sql = "SELECT c.n % 10 AS k, COUNT(1) AS cnt, SUM(c.n) AS s, AVG(c.n) AS a, MIN(c.name) AS lo, "
      + "MAX(c.name) AS hi FROM c GROUP BY c.n % 10";
    const g = cliMeasured(gw.endpoint, dir, ["query", "bench", "g", sql, "--page-size", "1000"]);
    const rows = g.stdout.split("\n").filter(l => l.trim()).map(l => JSON.parse(l));
    const ok = rows.length === 10 && rows.every(r => r.cnt === ARGS.items / 10);
    const drain = cliMeasured(gw.endpoint, dir, ["query", "bench", "g", "SELECT * FROM c", "--page-size", "1000"]);
    const drained = drain.stdout.split("\n").filter(l => l.trim()).length;
    const mib = k => (k / 1024).toFixed(1);
    console.log(`GROUP BY over ${ARGS.items.toLocaleString("en")} items, 10 groups: peak RSS ${mib(g.peakKiB)} MiB, `
      + `${g.seconds.toFixed(2)} s, ${rows.length} groups${ok ? " of " + (ARGS.items / 10) + " each" : " (UNEXPECTED)"}`);
    console.log(`SELECT * drain of the same ${drained.toLocaleString("en")} items: peak RSS ${mib(drain.peakKiB)} MiB, ${drain.seconds.toFixed(2)} s`);
  } finally {
    gw.child.kill("SIGTERM");
    fs.rmSync(dir, { recursive: true, force: true });
  }
})().catch(e => {
  console.error(e);
  process.exit(1);
});
