"use strict";
// Shared test helpers: make the test certificates, spawn the gateway (--port 0, HTTPS with the
// test CA, TLS verification on), build @azure/cosmos clients.
const { spawn, execFileSync } = require("child_process");
const fs = require("fs");
const https = require("https");
const path = require("path");
const readline = require("readline");
const { CosmosClient } = require("@azure/cosmos");

const ROOT = path.join(__dirname, "..");
const CERTS = path.join(ROOT, ".certs");
const KEY = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

function certs() {
  execFileSync("bash", [path.join(ROOT, "make-certs.sh"), CERTS], { stdio: "inherit" });
  return {
    ca: fs.readFileSync(path.join(CERTS, "ca.pem")),
    cert: path.join(CERTS, "server.pem"),
    key: path.join(CERTS, "server-key.pem"),
    dir: CERTS,
  };
}

/** Start a gateway; resolves {endpoint, ca, client(opts), stop()}. */
function startGateway(extraArgs = [], { serverCert, serverKey } = {}) {
  const c = certs();
  const args = [path.join(ROOT, "server.js"), "--port", "0", "--cert", serverCert || c.cert, "--key", serverKey || c.key, ...extraArgs];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error("gateway did not start in 15 s")), 15000);
    child.once("exit", code => reject(new Error(`gateway exited early (${code})`)));
    rl.once("line", line => {
      clearTimeout(timer);
      const m = /^Gateway ready at (https?:\/\/127\.0\.0\.1:\d+\/)$/.exec(line);
      if (!m) return reject(new Error(`unexpected ready line: ${line}`));
      const endpoint = m[1];
      const agent = new https.Agent({ ca: c.ca, keepAlive: true });
      const clients = [];
      resolve({
        endpoint,
        ca: c.ca,
        certs: c,
        readyLine: line,
        agent,
        client(opts = {}) {
          const cl = new CosmosClient({ endpoint, key: KEY, agent, ...opts });
          clients.push(cl);
          return cl;
        },
        stop() {
          for (const cl of clients) { try { cl.dispose(); } catch (e) { /* ignore */ } }
          agent.destroy();
          return new Promise(res => {
            if (child.exitCode !== null) return res(child.exitCode);
            child.once("exit", code => res(code));
            child.kill("SIGTERM");
          });
        },
      });
      return undefined;
    });
  });
}

/** A raw HTTPS request signed with the master key (for routes the SDK has no API for). */
function rawRequest(endpoint, ca, { method, path: p, type, link, body, headers = {}, key = KEY, date }) {
  const { masterAuthHeader } = require("../auth"); // eslint-disable-line global-require
  const d = date || new Date().toUTCString();
  const h = {
    "x-ms-date": d,
    "x-ms-version": "2020-07-15",
    authorization: masterAuthHeader(key, method, type, link, d),
    ...headers,
  };
  const data = body === undefined ? undefined : (typeof body === "string" ? body : JSON.stringify(body));
  if (data !== undefined) { h["content-type"] = h["content-type"] || "application/json"; h["content-length"] = Buffer.byteLength(data); }
  return new Promise((resolve, reject) => {
    const u = new URL(p, endpoint);
    const r = https.request(u, { method, headers: h, ca }, res => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", s => { text += s; });
      res.on("end", () => {
        let json;
        try { json = text ? JSON.parse(text) : undefined; } catch (e) { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    r.on("error", reject);
    if (data !== undefined) r.write(data);
    r.end();
  });
}

module.exports = { startGateway, rawRequest, certs, KEY };
