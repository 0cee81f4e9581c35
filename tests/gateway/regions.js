"use strict";
// A multi-region account for tests: every region is a listening port over the same store.
// The account document (GET /) names them in `writableLocations` / `readableLocations` as the
// service does; a write that arrives at a region that is not the write region answers
// 403 substatus 3 (WriteForbidden). Test route POST /_test/regions:
//   {"down": "<name>", "mode": "refuse" | "503"}   connection refused (the port is closed) or
//                                                  every request answered 503 (substatus 0)
//   {"up": "<name>"}                               serve again (re-listens on the same port)
//   {"write": "<name>"}                            move the write region
// It answers the current state. With one region (the default) the account is "Loopback".
//
// Also here: the consistency header (a level stronger than the account's is refused with 400,
// as the service does) and the shape of a session token sent by the client (else 400).
const { HttpError } = require("./errors");

const LEVELS = ["Eventual", "ConsistentPrefix", "Session", "BoundedStaleness", "Strong"]; // weak → strong
const canonicalLevel = v => LEVELS.find(l => l.toLowerCase() === String(v).trim().toLowerCase());

class Regions {
  constructor(names, defaultConsistency) {
    this.list = names.map(name => ({ name, server: null, port: 0, down: null, sockets: new Set() }));
    this.write = 0;
    this.consistency = canonicalLevel(defaultConsistency || "Session");
    if (!this.consistency) throw new Error(`unknown consistency level ${defaultConsistency}`);
  }

  get multi() { return this.list.length > 1; }

  find(name) {
    const r = this.list.find(x => x.name.toLowerCase() === String(name || "").toLowerCase());
    if (!r) throw new HttpError(400, `No region named ${name}.`);
    return r;
  }

  /** Tracks a region's server and its connections (to refuse them when it goes down). */
  attach(region, server) {
    region.server = server;
    server.on("connection", s => {
      region.sockets.add(s);
      s.on("close", () => region.sockets.delete(s));
    });
  }

  locations(scheme) {
    const loc = r => ({ name: r.name, databaseAccountEndpoint: `${scheme}://127.0.0.1:${r.port}/` });
    const w = this.list[this.write];
    return {
      writableLocations: [loc(w)],
      readableLocations: [w, ...this.list.filter(r => r !== w)].map(loc),
    };
  }

  /** Called for every request before routing: down regions, writes at a read region, consistency. */
  gate(region, req, pathname, isWrite) {
    if (pathname.startsWith("/_test/")) return;
    if (region.down === "503") {
      const e = new HttpError(503, `Region ${region.name} is unavailable (test).`);
      e.injected = true;
      throw e;
    }
    if (isWrite && this.multi && this.list[this.write] !== region) {
      const e = new HttpError(403, `The requested operation cannot be performed at this region (${region.name}); it is not the write region.`);
      e.subStatus = 3;
      e.code = "Forbidden";
      throw e;
    }
    const asked = req.headers["x-ms-consistency-level"];
    if (asked !== undefined) {
      const level = canonicalLevel(asked);
      if (!level) throw new HttpError(400, `Invalid value '${asked}' for header x-ms-consistency-level.`);
      if (LEVELS.indexOf(level) > LEVELS.indexOf(this.consistency)) {
        throw new HttpError(400, `ConsistencyLevel ${level} specified in the request is invalid when service is configured with consistency level ${this.consistency}. Ensure the request consistency level is not stronger than the service consistency level.`);
      }
    }
    const token = req.headers["x-ms-session-token"];
    if (token !== undefined && token !== "") {
      const ok = String(token).split(",").every(p => /^[^:,]+:(-?\d+#\d+(#\d+=-?\d+)*|\d+)$/.test(p.trim()));
      if (!ok) throw new HttpError(400, `The session token provided '${token}' is invalid.`);
    }
  }

  async setDown(region, mode) {
    if (mode !== "refuse" && mode !== "503") throw new HttpError(400, "mode must be \"refuse\" or \"503\".");
    region.down = mode;
    if (mode === "refuse" && region.server.listening) {
      await new Promise(res => {
        region.server.close(() => res());
        for (const s of region.sockets) s.destroy();
      });
    }
  }

  async setUp(region, listen) {
    const was = region.down;
    region.down = null;
    if (was === "refuse") await listen(region);
  }

  state() {
    return {
      write: this.list[this.write].name,
      consistency: this.consistency,
      regions: this.list.map(r => ({ name: r.name, port: r.port, down: r.down })),
    };
  }
}

module.exports = { Regions, LEVELS, canonicalLevel };
