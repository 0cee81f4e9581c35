"use strict";
// Offers (throughput): created from x-ms-offer-throughput / x-ms-cosmos-offer-autopilot-settings on
// database/container create; list, query, read, replace (with validation and manual<->autoscale
// migration headers). Minimum throughput header: manual 400; autoscale max(400, maxThroughput/10).
const { Store, runQuery } = require("./store");
const { HttpError } = require("./errors");

function offerRid(n) {
  const b = Buffer.alloc(3);
  b.writeUIntLE(n, 0, 3);
  return b.toString("base64");
}

function validateManual(t) {
  if (!Number.isInteger(t) || t < 400 || t % 100 !== 0) {
    throw new HttpError(400, `The offer throughput value ${t} is invalid: it must be at least 400 and a multiple of 100.`);
  }
}
function validateAutoscale(m) {
  if (!Number.isInteger(m) || m < 1000 || m % 1000 !== 0) {
    throw new HttpError(400, `The autoscale max throughput value ${m} is invalid: it must be at least 1000 and a multiple of 1000.`);
  }
}

function manualContent(t) {
  return { offerThroughput: t, offerIsRUPerMinuteThroughputEnabled: false };
}
function autoscaleContent(max) {
  return { offerThroughput: Math.max(400, max / 10), offerAutopilotSettings: { maxThroughput: max } };
}
const isAutoscale = offer => !!(offer.content && offer.content.offerAutopilotSettings);
const minThroughput = offer => (isAutoscale(offer)
  ? Math.max(400, offer.content.offerAutopilotSettings.maxThroughput / 10) : 400);

class Offers {
  constructor() {
    this.n = 0;
    this.store = new Store(() => this.nextRid(), rid => `offers/${rid}/`);
  }

  nextRid() {
    for (;;) {
      this.n += 1;
      const rid = offerRid(this.n);
      if (!/[+/]/.test(rid)) return rid;
    }
  }

  /** Parse the create headers; returns content or null; throws 400 on bad values. */
  static contentFromHeaders(headers) {
    const manual = headers["x-ms-offer-throughput"];
    const auto = headers["x-ms-cosmos-offer-autopilot-settings"];
    if (manual !== undefined && auto !== undefined) throw new HttpError(400, "x-ms-offer-throughput and x-ms-cosmos-offer-autopilot-settings cannot both be specified.");
    if (manual !== undefined) {
      const t = Number(manual);
      validateManual(t);
      return manualContent(t);
    }
    if (auto !== undefined) {
      let s;
      try { s = JSON.parse(auto); } catch (e) { throw new HttpError(400, "x-ms-cosmos-offer-autopilot-settings must be JSON like {\"maxThroughput\":4000}."); }
      const m = Number(s && s.maxThroughput);
      validateAutoscale(m);
      return autoscaleContent(m);
    }
    return null;
  }

  // The store keys by id; offers use their rid as id, so fix it up right after creation.
  add(resource, content) {
    const rec = this.store.create({ id: `pending-${this.n + 1}-${Date.now()}`, resource: resource._self, offerResourceId: resource._rid, offerType: "Invalid", offerVersion: "V2", content });
    this.store.byId.delete(rec.data.id);
    rec.data = orderOffer({ ...rec.data, id: rec.data._rid });
    this.store.byId.set(rec.data.id, rec);
    return rec.data;
  }

  deleteForRids(rids) {
    const set = new Set(rids);
    for (const o of this.store.list()) if (set.has(o.offerResourceId)) this.store.byId.delete(o.id);
  }

  forResourceRid(rid) {
    return this.store.list().find(o => o.offerResourceId === rid) || null;
  }

  // ---- HTTP handlers
  list(req, res, paging) {
    return { feed: "Offers", result: this.store.page(paging) };
  }

  query(body, paging) {
    return { feed: "Offers", result: runQuery(this.store.list(), body, paging) };
  }

  read(rid, res) {
    const rec = this.store.mustGet(rid);
    res.setHeader("x-ms-cosmos-min-throughput", String(minThroughput(rec.data)));
    res.setHeader("x-ms-offer-replace-pending", "false");
    return rec.data;
  }

  replace(rid, body, req, res) {
    const rec = this.store.mustGet(rid);
    const cur = rec.data;
    const toAuto = String(req.headers["x-ms-cosmos-migrate-offer-to-autopilot"] || "").toLowerCase() === "true";
    const toManual = String(req.headers["x-ms-cosmos-migrate-offer-to-manual-throughput"] || "").toLowerCase() === "true";
    let content;
    if (toAuto && toManual) throw new HttpError(400, "Only one migration header may be specified.");
    if (toAuto) {
      if (isAutoscale(cur)) throw new HttpError(400, "The offer is already autoscale.");
      // Migration picks max = max(4000, current throughput * 10 rounded up to 1000); PUT again to change it.
      content = autoscaleContent(Math.max(4000, Math.ceil((cur.content.offerThroughput * 10) / 1000) * 1000));
    } else if (toManual) {
      if (!isAutoscale(cur)) throw new HttpError(400, "The offer is already manual throughput.");
      content = manualContent(Math.max(400, cur.content.offerAutopilotSettings.maxThroughput / 10));
    } else {
      if (!body || typeof body !== "object" || !body.content || typeof body.content !== "object") {
        throw new HttpError(400, "The offer body must contain 'content'.");
      }
      const wantAuto = body.content.offerAutopilotSettings && body.content.offerAutopilotSettings.maxThroughput !== undefined;
      if (isAutoscale(cur)) {
        if (!wantAuto) throw new HttpError(400, "The offer is autoscale: set content.offerAutopilotSettings.maxThroughput, or migrate with x-ms-cosmos-migrate-offer-to-manual-throughput: true.");
        const m = Number(body.content.offerAutopilotSettings.maxThroughput);
        validateAutoscale(m);
        content = autoscaleContent(m);
      } else {
        if (wantAuto) throw new HttpError(400, "The offer is manual throughput: migrate with x-ms-cosmos-migrate-offer-to-autopilot: true first.");
        const t = Number(body.content.offerThroughput);
        validateManual(t);
        content = manualContent(t);
      }
    }
    const next = { ...cur, content };
    const ifMatch = req.headers["if-match"];
    this.store.replace(rid, next, { ifMatch });
    rec.data = orderOffer(rec.data);
    res.setHeader("x-ms-cosmos-min-throughput", String(minThroughput(rec.data)));
    return rec.data;
  }
}

function orderOffer(o) {
  return {
    id: o.id, _rid: o._rid, _self: o._self, resource: o.resource, offerResourceId: o.offerResourceId,
    offerType: o.offerType, offerVersion: o.offerVersion, content: o.content, _etag: o._etag, _ts: o._ts,
  };
}

module.exports = { Offers };
