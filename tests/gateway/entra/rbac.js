"use strict";
// Cosmos DB native RBAC for the mock: SQL role definitions and assignments (kept by ARM), and the
// data plane's check of an Entra token against them. Management requests made with an Entra
// token are refused with 403/5300, missing data actions with 403/5301, as the service does.
const crypto = require("crypto");

const DP = "Microsoft.DocumentDB/databaseAccounts";
const ACTIONS = {
  readMetadata: `${DP}/readMetadata`,
  create: `${DP}/sqlDatabases/containers/items/create`,
  read: `${DP}/sqlDatabases/containers/items/read`,
  replace: `${DP}/sqlDatabases/containers/items/replace`,
  upsert: `${DP}/sqlDatabases/containers/items/upsert`,
  delete: `${DP}/sqlDatabases/containers/items/delete`,
  executeQuery: `${DP}/sqlDatabases/containers/executeQuery`,
  readChangeFeed: `${DP}/sqlDatabases/containers/readChangeFeed`,
  executeStoredProcedure: `${DP}/sqlDatabases/containers/executeStoredProcedure`,
  manageConflicts: `${DP}/sqlDatabases/containers/manageConflicts`,
};
const READER_ID = "00000000-0000-0000-0000-000000000001";
const CONTRIBUTOR_ID = "00000000-0000-0000-0000-000000000002";
const BUILT_IN = [
  { id: READER_ID, roleName: "Cosmos DB Built-in Data Reader",
    dataActions: [ACTIONS.readMetadata, ACTIONS.executeQuery, ACTIONS.readChangeFeed, ACTIONS.read] },
  { id: CONTRIBUTOR_ID, roleName: "Cosmos DB Built-in Data Contributor",
    dataActions: [ACTIONS.readMetadata, `${DP}/sqlDatabases/containers/*`, `${DP}/sqlDatabases/containers/items/*`] },
];
const VALID_ACTION = /^Microsoft\.DocumentDB\/databaseAccounts\/(readMetadata|sqlDatabases\/containers\/(\*|executeQuery|readChangeFeed|executeStoredProcedure|manageConflicts|items\/(\*|create|read|replace|upsert|delete)))$/;

class ManagementRefused extends Error {}

/** What a data-plane request needs: {action, resource} or throws ManagementRefused. */
function requiredActions(method, kind, segs, headers, body) {
  const mgmt = () => { throw new ManagementRefused(); };
  if (segs[0] === "offers" || segs.includes("users") || segs.includes("permissions")) mgmt();
  if (segs.length === 0) return [ACTIONS.readMetadata];
  const n = segs.length;
  const isRead = method === "GET" || kind === "POST_QUERY";
  // databases and containers themselves
  if (n <= 4 && (n !== 4 || segs[2] === "colls")) return isRead ? [ACTIONS.readMetadata] : mgmt();
  const feed = segs[4];
  const one = n >= 6;
  if (feed === "pkranges") return [ACTIONS.readMetadata];
  if (feed === "sprocs" || feed === "triggers" || feed === "udfs") {
    if (feed === "sprocs" && one && method === "POST" && kind === "POST") return [ACTIONS.executeStoredProcedure];
    return isRead ? [ACTIONS.readMetadata] : mgmt();
  }
  if (feed === "conflicts") return [ACTIONS.manageConflicts];
  if (feed === "docs") {
    if (!one) {
      if (kind === "POST_QUERY") return [ACTIONS.executeQuery];
      if (kind === "POST_UPSERT") return [ACTIONS.upsert];
      if (kind === "POST_BATCH") {
        const ops = Array.isArray(body) ? body : [];
        const map = { Create: ACTIONS.create, Upsert: ACTIONS.upsert, Replace: ACTIONS.replace, Delete: ACTIONS.delete,
          Read: ACTIONS.read, Patch: ACTIONS.replace };
        return [...new Set(ops.map(o => map[o && o.operationType] || ACTIONS.replace))];
      }
      if (method === "POST") return [ACTIONS.create];
      if (method === "GET") return headers["a-im"] ? [ACTIONS.readChangeFeed] : [ACTIONS.read];
    } else {
      if (method === "GET") return [ACTIONS.read];
      if (method === "PUT" || method === "PATCH") return [ACTIONS.replace];
      if (method === "DELETE") return [ACTIONS.delete];
    }
  }
  return mgmt();
}

const actionMatches = (granted, needed) => granted === needed
  || (granted.endsWith("/*") && needed.startsWith(granted.slice(0, -1)));

class Rbac {
  constructor(accountArmId) {
    this.accountId = accountArmId;
    this.definitions = new Map(BUILT_IN.map(d => [d.id, {
      id: d.id, roleName: d.roleName, type: "BuiltInRole", assignableScopes: [accountArmId],
      permissions: [{ dataActions: d.dataActions, notDataActions: [] }],
    }]));
    this.assignments = new Map(); // id -> {id, roleDefinitionId (guid), scope (relative: "/", "/dbs/x", "/dbs/x/colls/y"), principalId}
  }

  definitionArmId(id) { return `${this.accountId}/sqlRoleDefinitions/${id}`; }

  /** Accepts a full ARM scope or a relative one; returns the relative form or throws. */
  relativeScope(scope) {
    let s = String(scope || "");
    if (s.toLowerCase().startsWith(this.accountId.toLowerCase())) s = s.slice(this.accountId.length);
    if (s === "") s = "/";
    if (!/^\/(dbs\/[^/]+(\/colls\/[^/]+)?)?$/.test(s)) {
      throw Object.assign(new Error(`The scope '${scope}' is not valid: use the account, '/dbs/<database>' or '/dbs/<database>/colls/<container>'.`), { status: 400 });
    }
    return s;
  }

  definitionIdFrom(ref) {
    const id = String(ref || "").split("/").pop();
    if (!this.definitions.has(id)) throw Object.assign(new Error(`The role definition '${ref}' does not exist.`), { status: 400, code: "BadRequest" });
    return id;
  }

  putDefinition(id, props) {
    const existing = this.definitions.get(id);
    if (existing && existing.type === "BuiltInRole") throw Object.assign(new Error("Built-in role definitions cannot be changed."), { status: 400 });
    const perms = Array.isArray(props.permissions) ? props.permissions : [];
    const dataActions = perms.flatMap(p => (Array.isArray(p.dataActions) ? p.dataActions : []));
    if (!props.roleName || dataActions.length === 0) throw Object.assign(new Error("A role definition needs a roleName and at least one data action."), { status: 400 });
    const bad = dataActions.find(a => !VALID_ACTION.test(a));
    if (bad) throw Object.assign(new Error(`The data action '${bad}' is not valid.`), { status: 400 });
    for (const d of this.definitions.values()) {
      if (d.id !== id && d.roleName === props.roleName) throw Object.assign(new Error(`A role definition named '${props.roleName}' already exists.`), { status: 409, code: "Conflict" });
    }
    const def = { id, roleName: props.roleName, type: "CustomRole",
      assignableScopes: (props.assignableScopes || [this.accountId]).map(s => this.relativeScope(s) && s),
      permissions: [{ dataActions, notDataActions: [] }] };
    this.definitions.set(id, def);
    return def;
  }

  putAssignment(id, props) {
    const principalId = String(props.principalId || "");
    if (!/^[0-9a-f-]{36}$/i.test(principalId)) throw Object.assign(new Error("principalId must be an object id (GUID)."), { status: 400 });
    const a = { id, roleDefinitionId: this.definitionIdFrom(props.roleDefinitionId), scope: this.relativeScope(props.scope), principalId: principalId.toLowerCase() };
    this.assignments.set(id, a);
    return a;
  }

  assign(principalId, roleId, scope = "/") {
    return this.putAssignment(crypto.randomUUID(), { principalId, roleDefinitionId: roleId, scope });
  }

  /** Does `principalId` hold `action` on the resource path `segs` (dbs/x/colls/y...)? */
  allowed(principalId, action, segs) {
    const target = `/${segs.slice(0, 4).join("/")}`;
    for (const a of this.assignments.values()) {
      if (a.principalId !== principalId) continue;
      if (a.scope !== "/" && !(target === a.scope || target.startsWith(`${a.scope}/`))) continue;
      const def = this.definitions.get(a.roleDefinitionId);
      if (!def) continue;
      if (def.permissions.some(p => p.dataActions.some(g => actionMatches(g, action))
        && !(p.notDataActions || []).some(g => actionMatches(g, action)))) return true;
    }
    return false;
  }
}

module.exports = { Rbac, requiredActions, ManagementRefused, ACTIONS, READER_ID, CONTRIBUTOR_ID };
