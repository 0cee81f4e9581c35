"use strict";
// Users and permissions (with resource tokens), per database.
const crypto = require("crypto");
const { ResourceId } = require("./base");
const { Store } = require("./store");
const { HttpError } = require("./errors");
const { pathSegments } = require("./auth");

const DEFAULT_EXPIRY_S = 3600;

class Users {
  constructor(account) {
    this.account = account;
    this.tokens = new Map(); // sig -> {dbRid, userRid, permRid, expiresAt}
  }

  /** The users store of a database (created lazily; lives on the base's Database object). */
  usersOf(dbId) {
    const db = this.account.database(dbId);
    const dbData = db.read();
    if (!dbData) throw new HttpError(404, `Database '${dbId}' does not exist.`);
    if (!db.__users) {
      db.__users = new Store(
        n => ResourceId.newUserId(dbData._rid, String(n)).toString(),
        rid => `${dbData._self}users/${rid}/`,
      );
    }
    return db.__users;
  }

  permsOf(dbId, userId) {
    const rec = this.usersOf(dbId).mustGet(userId);
    if (!rec.ext.perms) {
      const userRid = rec.data._rid;
      rec.ext.perms = new Store(
        n => ResourceId.newPermissionId(userRid, String(n)).toString(),
        rid => `${rec.data._self}permissions/${rid}/`,
      );
    }
    return rec.ext.perms;
  }

  static userBody(body) {
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new HttpError(400, "The request body must be a JSON object.");
    return { id: body.id };
  }

  static withPermissionsLink(data) {
    return { ...data, _permissions: "permissions/" };
  }

  // ---- permissions
  static permBody(body) {
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new HttpError(400, "The request body must be a JSON object.");
    // The JS SDK sends "read"/"all"; the service's canonical spelling is "Read"/"All".
    const mode = { read: "Read", all: "All" }[String(body.permissionMode || "").toLowerCase()];
    if (mode !== "Read" && mode !== "All") throw new HttpError(400, "permissionMode must be 'Read' or 'All'.");
    if (typeof body.resource !== "string" || !body.resource) throw new HttpError(400, "The permission 'resource' link is missing.");
    const out = { id: body.id, permissionMode: mode, resource: body.resource };
    if (body.resourcePartitionKey !== undefined) {
      out.resourcePartitionKey = Array.isArray(body.resourcePartitionKey) ? body.resourcePartitionKey : [body.resourcePartitionKey];
    }
    return out;
  }

  /** Return a permission with a fresh `_token` valid for the requested expiry. */
  withToken(dbId, userId, perm, req) {
    let expiry = Number(req.headers["x-ms-documentdb-expiry-seconds"]);
    if (!Number.isFinite(expiry) || expiry <= 0) expiry = DEFAULT_EXPIRY_S;
    const dbRid = this.account.database(dbId).read()._rid;
    const userRid = this.usersOf(dbId).mustGet(userId).data._rid;
    const sig = crypto.randomBytes(24).toString("base64");
    this.tokens.set(sig, { dbRid, userRid, permRid: perm._rid, expiresAt: Date.now() + expiry * 1000 });
    if (this.tokens.size > 10000) this.prune();
    return { ...perm, _token: `type=resource&ver=1.0&sig=${sig}` };
  }

  prune() {
    const now = Date.now();
    for (const [k, v] of this.tokens) if (v.expiresAt < now) this.tokens.delete(k);
  }

  /** Name-based segments of a link that may use RIDs for the database/container. */
  normaliseLink(segs) {
    const out = segs.slice();
    if (out[0] === "dbs" && out[1] !== undefined) {
      const db = this.account.database(out[1]);
      const d = db.read();
      if (d) {
        out[1] = d.id;
        if (out[2] === "colls" && out[3] !== undefined) {
          const c = db.collection(out[3]).read();
          if (c) out[3] = c.id;
        }
      }
    }
    return out;
  }

  /** auth.js callback: token text -> grant or null. */
  resolveToken(token) {
    const i = token.indexOf("sig=");
    if (i < 0) return null;
    const sig = token.slice(i + 4).split("&")[0];
    const t = this.tokens.get(sig);
    if (!t) return null;
    const db = this.account.database(t.dbRid);
    if (!db.read() || !db.__users) return null;
    const user = db.__users.get(t.userRid);
    if (!user || !user.ext.perms) return null;
    const perm = user.ext.perms.get(t.permRid);
    if (!perm) return null;
    const p = perm.data;
    return {
      expired: Date.now() > t.expiresAt,
      mode: p.permissionMode,
      link: this.normaliseLink(pathSegments(p.resource)),
      partitionKey: p.resourcePartitionKey,
    };
  }

  /** Enforce a resource-token grant for a request; throws 403. */
  checkGrant(grant, req, pathname, isWrite, pkHeader) {
    const segs = pathSegments(pathname);
    if (segs.length === 0) return; // GET / : any valid token
    const forbidden = msg => new HttpError(403, msg || "Insufficient permissions provided in the authorization header for the corresponding request. Please retry with another authorization header.");
    if (segs[0] === "_test" || segs[0] === "offers") throw forbidden();
    const req2 = this.normaliseLink(segs);
    const want = grant.link;
    const covered = want.length <= req2.length && want.every((s, i) => s === req2[i]);
    if (!covered) throw forbidden();
    if (isWrite && grant.mode !== "All") throw forbidden("The permission mode 'Read' does not allow write operations on this resource.");
    if (grant.partitionKey && req2.length > want.length && req2[want.length] !== "pkranges") {
      if (JSON.stringify(pkHeader) !== JSON.stringify(grant.partitionKey)) {
        throw forbidden("The resource token is scoped to another partition key.");
      }
    }
  }
}

module.exports = { Users };
