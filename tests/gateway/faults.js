"use strict";
// Test-only random fault injection, reproducible with a seeded PRNG.
//
//   POST /_test/faults {"seed":1, "throttle":0.08, "unavailable":0.03, "resetBefore":0.02,
//                       "lostAfter":0.02, "truncate":0, "delayMs":[0,0], "delayRate":0,
//                       "methods":["POST","PUT","DELETE","GET"]}
//   POST /_test/faults {}          -> faults off
//   GET  /_test/faults             -> {"config": {...}, "counts": {...}}
//
// Applies to every authorised request that is not a /_test route and whose method is listed.
// Each such request draws exactly four numbers from the PRNG (whatever the outcome), so a run
// with the same seed and the same request sequence injects the same faults.
const { HttpError } = require("./errors");

const RATES = ["throttle", "unavailable", "resetBefore", "lostAfter", "truncate"];
const KEYS = new Set(["seed", ...RATES, "delayMs", "delayRate", "methods"]);
const ALL_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"];

/** mulberry32: small, fast, good enough for test schedules. Returns floats in [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const zeroCounts = () => ({ throttle: 0, unavailable: 0, resetBefore: 0, lostAfter: 0, truncate: 0, delayed: 0 });
const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Validate and complete a configuration body; throws HttpError 400. */
function normalise(input) {
  if (!input || typeof input !== "object" || Array.isArray(input)) throw new HttpError(400, "The fault configuration must be a JSON object.");
  for (const k of Object.keys(input)) {
    if (!KEYS.has(k)) throw new HttpError(400, `Unknown fault setting '${k}'.`);
  }
  const rate = (k, v) => {
    if (v === undefined) return 0;
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw new HttpError(400, `'${k}' must be a number in [0, 1].`);
    return v;
  };
  const c = { seed: 1 };
  if (input.seed !== undefined) {
    if (!Number.isInteger(input.seed)) throw new HttpError(400, "'seed' must be an integer.");
    c.seed = input.seed;
  }
  let sum = 0;
  for (const k of RATES) { c[k] = rate(k, input[k]); sum += c[k]; }
  if (sum > 1 + 1e-9) throw new HttpError(400, `The fault rates add up to ${sum}; at most one fault per request, so the sum must be <= 1.`);
  c.delayRate = rate("delayRate", input.delayRate);
  c.delayMs = [0, 0];
  if (input.delayMs !== undefined) {
    const d = input.delayMs;
    if (!Array.isArray(d) || d.length !== 2 || !d.every(x => Number.isInteger(x) && x >= 0) || d[0] > d[1]) {
      throw new HttpError(400, "'delayMs' must be [min, max] with integers 0 <= min <= max.");
    }
    c.delayMs = [d[0], d[1]];
  }
  c.methods = ALL_METHODS.slice();
  if (input.methods !== undefined) {
    if (!Array.isArray(input.methods) || !input.methods.every(m => typeof m === "string")) throw new HttpError(400, "'methods' must be an array of HTTP method names.");
    c.methods = input.methods.map(m => m.toUpperCase());
  }
  return c;
}

class Faults {
  constructor() {
    this.configure({});
  }

  /** Replace the configuration, reseed the PRNG and zero the counters. */
  configure(input) {
    this.config = normalise(input);
    this.rng = mulberry32(this.config.seed);
    this.counts = zeroCounts();
    this.active = RATES.some(k => this.config[k] > 0) || this.config.delayRate > 0;
  }

  state() {
    return { config: { ...this.config, active: this.active }, counts: { ...this.counts } };
  }

  /** The /_test/faults route (already authorised with the master key). */
  async route(g, req, kind) {
    if (kind === "GET") return this.state();
    if (kind === "POST") {
      this.configure(await g.json(req));
      return this.state();
    }
    throw new HttpError(405, `${req.method} is not supported on /_test/faults (use GET or POST).`);
  }

  /**
   * Before a request is executed: maybe delay, then maybe answer 429/503 (throws HttpError),
   * destroy the socket (throws an error with `faultReset`), or mark the request so that
   * `end()` loses or truncates its response.
   */
  async before(req, res, pathname) {
    if (!this.active || pathname === "/_test" || pathname.startsWith("/_test/")) return;
    if (!this.config.methods.includes(req.method)) return;
    const pick = this.rng();
    const delayDraw = this.rng();
    const delayLen = this.rng();
    const retryDraw = this.rng();
    const c = this.config;
    if (delayDraw < c.delayRate) {
      this.counts.delayed += 1;
      await sleep(c.delayMs[0] + Math.floor(delayLen * (c.delayMs[1] - c.delayMs[0] + 1)));
    }
    let acc = 0;
    let fault = null;
    for (const k of RATES) {
      acc += c[k];
      if (pick < acc) { fault = k; break; }
    }
    if (!fault) return;
    this.counts[fault] += 1;
    const injected = (status, message) => Object.assign(new HttpError(status, message), { injected: true });
    if (fault === "throttle") {
      res.setHeader("x-ms-retry-after-ms", String(5 + Math.floor(retryDraw * 46)));
      res.setHeader("x-ms-substatus", "3200");
      throw injected(429, "Request rate is large. More Request Units may be needed, so no changes were made. Please retry this request later. (injected)");
    }
    if (fault === "unavailable") {
      throw injected(503, "Service is currently unavailable. More info: https://aka.ms/cosmosdb-tsg-service-unavailable (injected)");
    }
    if (fault === "resetBefore") {
      req.socket.destroy();
      const e = new Error("fault injection: connection reset before execution");
      e.faultReset = true;
      throw e;
    }
    req.faultAfter = fault; // lostAfter | truncate: executed, response damaged in end()
  }

  /** Write the final response body (instead of res.end(text)), damaging it if planned. */
  end(req, res, text) {
    const socket = res.socket || req.socket;
    if (req.faultAfter === "lostAfter" || (req.faultAfter === "truncate" && !text)) {
      if (socket) socket.destroy();
      return;
    }
    if (req.faultAfter === "truncate") {
      const buf = Buffer.from(text, "utf8");
      res.setHeader("content-length", String(buf.length));
      res.write(buf.subarray(0, buf.length >> 1), () => setImmediate(() => { if (socket) socket.destroy(); }));
      return;
    }
    res.end(text);
  }
}

module.exports = { Faults, mulberry32, normalise };
