"use strict";
// A mock Azure Resource Manager for Microsoft.DocumentDB: tenants, subscriptions, database
// accounts (paged by nextLink), listKeys, the SQL resources (databases, containers, throughput,
// stored procedures, triggers, UDFs), SQL role definitions and assignments, and long-running
// operations answered with Azure-AsyncOperation / Location polling. SQL resources are applied to
// the gateway's own data plane, so what ARM creates is what the data plane serves.
const crypto = require("crypto");
const { ACTIONS } = require("./rbac");

const PROVIDER = "Microsoft.DocumentDB";
const API_VERSION_RE = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

class ArmError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const SCRIPT_KINDS = {
  storedProcedures: { seg: "sprocs", type: "storedProcedures" },
  triggers: { seg: "triggers", type: "triggers" },
  userDefinedFunctions: { seg: "udfs", type: "userDefinedFunctions" },
};

class Arm {
  constructor(g, directory, signer, rbac, accountSpec) {
    this.g = g;
    this.dir = directory;
    this.signer = signer;
    this.rbac = rbac;
    this.account = accountSpec; // {subscriptionId, resourceGroup, name}
    this.base = "";
    this.pageSize = 1000; // the resource provider answers in one page; tests lower it to see nextLink
    this.lroPolls = 1; // status answers "InProgress" this many times before the outcome
    this.retryAfter = 0;
    this.truncateNext = 0; // test fault: cut this many 2xx answers halfway
    this.operations = new Map();
    this.requests = []; // [{method, path}] for tests
    // Other accounts the directory "has": listed, not served.
    const sub1 = directory.subscriptions[0].subscriptionId;
    const sub2 = directory.subscriptions[1].subscriptionId;
    const sub3 = directory.subscriptions[2].subscriptionId;
    this.decoys = [
      { subscriptionId: sub1, resourceGroup: "rg-analytics", name: "analytics-west", kind: "GlobalDocumentDB" },
      { subscriptionId: sub1, resourceGroup: "rg-legacy", name: "legacy-mongo", kind: "MongoDB" },
      { subscriptionId: sub1, resourceGroup: "rg-legacy", name: "telemetry-table", kind: "GlobalDocumentDB", capabilities: [{ name: "EnableTable" }] },
      { subscriptionId: sub1, resourceGroup: "rg-analytics", name: "reports-east", kind: "GlobalDocumentDB" },
      { subscriptionId: sub2, resourceGroup: "rg-staging", name: "orders-staging", kind: "GlobalDocumentDB" },
      { subscriptionId: sub3, resourceGroup: "rg-fabrikam", name: "fabrikam-data", kind: "GlobalDocumentDB" },
    ];
  }

  accountId(a = this.account) {
    return `/subscriptions/${a.subscriptionId}/resourceGroups/${a.resourceGroup}/providers/${PROVIDER}/databaseAccounts/${a.name}`;
  }

  // ---- authentication and authorization
  authenticate(req) {
    const h = String(req.headers.authorization || "");
    if (!h) throw new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
    const m = /^Bearer\s+(.+)$/i.exec(h);
    if (!m) throw new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is provided in an invalid format.");
    let claims;
    try {
      claims = this.signer.verify(m[1]);
    } catch (e) {
      if (e.reason === "expired") throw new ArmError(401, "ExpiredAuthenticationToken", "The access token expiry UTC time is earlier than current UTC time.");
      throw new ArmError(401, "InvalidAuthenticationToken", `The access token is invalid: ${e.message}`);
    }
    const aud = String(claims.aud || "").replace(/\/+$/, "");
    if (!["https://management.azure.com", "https://management.core.windows.net", this.base].includes(aud)) {
      throw new ArmError(401, "InvalidAuthenticationTokenAudience", `The access token has been obtained for wrong audience or resource '${claims.aud}'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.azure.com/'.`);
    }
    const principal = this.dir.principal(claims.oid);
    if (!principal) throw new ArmError(401, "InvalidAuthenticationToken", "The principal in the access token is unknown.");
    return { principal, tid: claims.tid };
  }

  requireWrite(caller, action, scope) {
    if (!["Owner", "Contributor"].includes(caller.principal.armRole)) {
      throw new ArmError(403, "AuthorizationFailed", `The client '${caller.principal.oid}' with object id '${caller.principal.oid}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`);
    }
  }

  subscription(caller, subId) {
    const s = this.dir.subscriptions.find(x => x.subscriptionId === subId);
    if (!s) throw new ArmError(404, "SubscriptionNotFound", `The subscription '${subId}' could not be found.`);
    if (s.tenantId !== caller.tid) throw new ArmError(401, "InvalidAuthenticationTokenTenant", `The access token is from the wrong issuer. It must match the tenant associated with subscription '${subId}'. Use the tenant ${s.tenantId}.`);
    if (!caller.principal.tenants.includes(s.tenantId)) throw new ArmError(403, "AuthorizationFailed", `The client does not have access to subscription '${subId}'.`);
    return s;
  }

  // ---- shapes
  accountBody(a) {
    const real = a === this.account;
    const endpoint = real ? `${this.g.scheme}://127.0.0.1:${this.g.port}/` : `https://${a.name}.documents.invalid:443/`;
    const loc = { id: `${a.name}-loopback`, locationName: "Loopback", documentEndpoint: endpoint, provisioningState: "Succeeded", failoverPriority: 0, isZoneRedundant: false };
    return {
      id: this.accountId(a), name: a.name, location: "Loopback", type: `${PROVIDER}/databaseAccounts`,
      kind: a.kind || "GlobalDocumentDB", tags: {},
      properties: {
        provisioningState: "Succeeded", documentEndpoint: endpoint, databaseAccountOfferType: "Standard",
        disableLocalAuth: real ? !!this.g.disableLocalAuth : false,
        consistencyPolicy: { defaultConsistencyLevel: "Session", maxIntervalInSeconds: 5, maxStalenessPrefix: 100 },
        capabilities: a.capabilities || [], locations: [loc], writeLocations: [loc], readLocations: [loc],
        enableAutomaticFailover: false, enableMultipleWriteLocations: false, publicNetworkAccess: "Enabled",
      },
    };
  }

  page(items, q, url) {
    const skip = Math.max(0, Number(q.get("$skiptoken") || 0) || 0);
    const value = items.slice(skip, skip + this.pageSize);
    const out = { value };
    if (skip + this.pageSize < items.length) {
      const next = new URL(url, this.base);
      next.searchParams.set("$skiptoken", String(skip + this.pageSize));
      out.nextLink = next.toString();
    }
    return out;
  }

  // ---- data plane access (internal, as the resource provider)
  async dp(method, path, body, headers = {}) {
    const r = await this.g.internal(method, path, headers, body);
    if (r.status >= 400) {
      const code = r.status === 404 ? "NotFound" : r.status === 409 ? "Conflict" : "BadRequest";
      throw new ArmError(r.status, code, (r.body && r.body.message) || `The data plane answered ${r.status}.`);
    }
    return r.body;
  }

  // ---- long-running operations
  startOperation(subId, work) {
    const id = crypto.randomUUID();
    const op = { id, polls: 0, done: false, result: undefined, error: null, started: new Date().toISOString() };
    op.promise = Promise.resolve().then(work).then(v => { op.result = v; }, e => { op.error = e; }).finally(() => { op.done = true; });
    this.operations.set(id, op);
    const loc = `${this.base}/subscriptions/${subId}/providers/${PROVIDER}/locations/loopback`;
    return {
      status: 202,
      headers: {
        "azure-asyncoperation": `${loc}/operationsStatus/${id}?api-version=2024-11-15`,
        location: `${loc}/operationResults/${id}?api-version=2024-11-15`,
        "retry-after": String(this.retryAfter),
      },
      body: undefined,
    };
  }

  async operationStatus(id, asResult) {
    const op = this.operations.get(id);
    if (!op) throw new ArmError(404, "NotFound", `Operation ${id} was not found.`);
    op.polls += 1;
    if (op.polls <= this.lroPolls || !op.done) {
      if (asResult) return { status: 202, headers: { location: undefined, "retry-after": String(this.retryAfter) }, body: undefined };
      return { status: 200, body: { id, name: id, status: op.polls === 1 ? "Enqueued" : "InProgress", startTime: op.started } };
    }
    await op.promise;
    if (op.error) {
      const err = { code: op.error.code || "BadRequest", message: op.error.message };
      if (asResult) return { status: op.error.status || 400, body: { error: err } };
      return { status: 200, body: { id, name: id, status: "Failed", startTime: op.started, error: err } };
    }
    if (asResult) return op.result === undefined ? { status: 204, body: undefined } : { status: 200, body: op.result };
    return { status: 200, body: { id, name: id, status: "Succeeded", startTime: op.started, endTime: new Date().toISOString() } };
  }

  // ---- SQL resources
  sqlBody(type, name, parentId, resource, extra = {}) {
    return { id: `${parentId}/${type}/${name}`, name, type: `${PROVIDER}/databaseAccounts/${type}`, properties: { resource, ...extra } };
  }

  async throughputBody(id, path) {
    const res = await this.dp("GET", path);
    const offer = this.g.offers.forResourceRid(res._rid);
    if (!offer) throw new ArmError(404, "NotFound", `Throughput is not provisioned on '${path}': it shares its database's throughput or is serverless.`);
    const c = offer.content || {};
    const resource = c.offerAutopilotSettings
      ? { throughput: c.offerThroughput, autoscaleSettings: { maxThroughput: c.offerAutopilotSettings.maxThroughput }, minimumThroughput: "1000", offerReplacePending: "false" }
      : { throughput: c.offerThroughput, minimumThroughput: "400", offerReplacePending: "false" };
    return { body: { id: `${id}/throughputSettings/default`, name: "default", type: `${PROVIDER}/databaseAccounts/throughputSettings`, properties: { resource } }, offer };
  }

  async replaceThroughput(id, path, mode, resource) {
    const { offer } = await this.throughputBody(id, path);
    const rid = offer._rid || offer.id;
    if (mode === "toAutoscale") await this.dp("PUT", `/offers/${rid}`, offer, { "x-ms-cosmos-migrate-offer-to-autopilot": "true" });
    else if (mode === "toManual") await this.dp("PUT", `/offers/${rid}`, offer, { "x-ms-cosmos-migrate-offer-to-manual-throughput": "true" });
    else {
      const content = resource && resource.autoscaleSettings
        ? { offerAutopilotSettings: { maxThroughput: resource.autoscaleSettings.maxThroughput } }
        : { offerThroughput: resource ? resource.throughput : undefined };
      await this.dp("PUT", `/offers/${rid}`, { ...offer, content });
    }
    return (await this.throughputBody(id, path)).body;
  }

  optionsHeaders(options) {
    const h = {};
    if (!options) return h;
    if (options.autoscaleSettings && options.autoscaleSettings.maxThroughput) h["x-ms-cosmos-offer-autopilot-settings"] = JSON.stringify({ maxThroughput: options.autoscaleSettings.maxThroughput });
    else if (options.throughput) h["x-ms-offer-throughput"] = String(options.throughput);
    return h;
  }

  /** Routes under .../databaseAccounts/{name}; `rest` are the segments after the account name. */
  async accountChild(caller, req, body, rest, subId) {
    const acctId = this.accountId();
    const m = req.method;
    const write = m !== "GET";
    const scope = `${acctId}/${rest.join("/")}`;
    if (write) this.requireWrite(caller, `${PROVIDER}/databaseAccounts/${rest.filter((_, i) => i % 2 === 0).join("/")}/${m === "DELETE" ? "delete" : "write"}`, scope);
    const lro = work => this.startOperation(subId, work);
    const props = (body && body.properties) || {};
    const [k0, n0, k1, n1, k2, n2, k3, n3] = rest;

    if (k0 === "listKeys" && m === "POST") {
      if (this.g.disableLocalAuth) { /* the keys exist; the data plane refuses them */ }
      return { status: 200, body: { primaryMasterKey: this.g.masterKey, secondaryMasterKey: this.g.masterKey, primaryReadonlyMasterKey: this.g.masterKey, secondaryReadonlyMasterKey: this.g.masterKey } };
    }
    if (k0 === "sqlRoleDefinitions") return this.roleDefinitions(req, n0, props, lro);
    if (k0 === "sqlRoleAssignments") return this.roleAssignments(req, n0, props, lro);
    if (k0 !== "sqlDatabases") throw new ArmError(404, "NotFound", `No route for ${m} ${rest.join("/")}.`);

    const dbPath = n0 ? `/dbs/${encodeURIComponent(n0)}` : null;
    const dbId = n0 ? `${acctId}/sqlDatabases/${n0}` : null;
    if (!n0) {
      if (m !== "GET") throw new ArmError(405, "MethodNotAllowed", "Use a database name.");
      const r = await this.dp("GET", "/dbs");
      return { status: 200, body: { value: r.Databases.map(d => this.sqlBody("sqlDatabases", d.id, acctId, d)) } };
    }
    if (!k1) {
      if (m === "GET") return { status: 200, body: this.sqlBody("sqlDatabases", n0, acctId, await this.dp("GET", dbPath)) };
      if (m === "PUT") {
        const r = props.resource || {};
        if (r.id !== n0) throw new ArmError(400, "BadRequest", "properties.resource.id must equal the database name in the URL.");
        return lro(async () => {
          const exists = await this.g.internal("GET", dbPath);
          if (exists.status === 404) await this.dp("POST", "/dbs", { id: n0 }, this.optionsHeaders(props.options));
          return this.sqlBody("sqlDatabases", n0, acctId, await this.dp("GET", dbPath));
        });
      }
      if (m === "DELETE") return lro(async () => { await this.dp("DELETE", dbPath); });
    }
    if (k1 === "throughputSettings") return this.throughputRoute(req, dbId, dbPath, k2, n1, props, lro);
    if (k1 !== "containers") throw new ArmError(404, "NotFound", `No route for ${rest.join("/")}.`);

    const collPath = n1 ? `${dbPath}/colls/${encodeURIComponent(n1)}` : null;
    const collId = n1 ? `${dbId}/containers/${n1}` : null;
    if (!n1) {
      if (m !== "GET") throw new ArmError(405, "MethodNotAllowed", "Use a container name.");
      const r = await this.dp("GET", `${dbPath}/colls`);
      return { status: 200, body: { value: r.DocumentCollections.map(c => this.sqlBody("containers", c.id, dbId, c)) } };
    }
    if (!k2) {
      if (m === "GET") return { status: 200, body: this.sqlBody("containers", n1, dbId, await this.dp("GET", collPath)) };
      if (m === "PUT") {
        const r = props.resource || {};
        if (r.id !== n1) throw new ArmError(400, "BadRequest", "properties.resource.id must equal the container name in the URL.");
        return lro(async () => {
          const exists = await this.g.internal("GET", collPath);
          if (exists.status === 404) await this.dp("POST", `${dbPath}/colls`, r, this.optionsHeaders(props.options));
          else await this.dp("PUT", collPath, { ...exists.body, ...r });
          return this.sqlBody("containers", n1, dbId, await this.dp("GET", collPath));
        });
      }
      if (m === "DELETE") return lro(async () => { await this.dp("DELETE", collPath); });
    }
    if (k2 === "throughputSettings") return this.throughputRoute(req, collId, collPath, k3, n2, props, lro);
    const kind = SCRIPT_KINDS[k2];
    if (!kind) throw new ArmError(404, "NotFound", `No route for ${rest.join("/")}.`);
    const feed = `${collPath}/${kind.seg}`;
    if (!n2) {
      if (m !== "GET") throw new ArmError(405, "MethodNotAllowed", "Use a script name.");
      const r = await this.dp("GET", feed);
      const list = r.StoredProcedures || r.Triggers || r.UserDefinedFunctions || [];
      return { status: 200, body: { value: list.map(s => this.sqlBody(kind.type, s.id, collId, s)) } };
    }
    if (k3 !== undefined || n3 !== undefined) throw new ArmError(404, "NotFound", `No route for ${rest.join("/")}.`);
    const one = `${feed}/${encodeURIComponent(n2)}`;
    if (m === "GET") return { status: 200, body: this.sqlBody(kind.type, n2, collId, await this.dp("GET", one)) };
    if (m === "PUT") {
      const r = props.resource || {};
      if (r.id !== n2) throw new ArmError(400, "BadRequest", "properties.resource.id must equal the script name in the URL.");
      return lro(async () => {
        const exists = await this.g.internal("GET", one);
        if (exists.status === 404) await this.dp("POST", feed, r);
        else await this.dp("PUT", one, r);
        return this.sqlBody(kind.type, n2, collId, await this.dp("GET", one));
      });
    }
    if (m === "DELETE") return lro(async () => { await this.dp("DELETE", one); });
    throw new ArmError(405, "MethodNotAllowed", `${m} is not allowed here.`);
  }

  async throughputRoute(req, id, path, action, name, props, lro) {
    if (name !== "default") throw new ArmError(404, "NotFound", "Throughput settings are named 'default'.");
    const m = req.method;
    if (!action) {
      if (m === "GET") return { status: 200, body: (await this.throughputBody(id, path)).body };
      if (m === "PUT") return lro(() => this.replaceThroughput(id, path, "replace", props.resource || {}));
    }
    if (m === "POST" && action === "migrateToAutoscale") return lro(() => this.replaceThroughput(id, path, "toAutoscale"));
    if (m === "POST" && action === "migrateToManualThroughput") return lro(() => this.replaceThroughput(id, path, "toManual"));
    throw new ArmError(404, "NotFound", `No route for throughputSettings/${action || ""}.`);
  }

  roleDefinitionBody(d) {
    return { id: this.rbac.definitionArmId(d.id), name: d.id, type: `${PROVIDER}/databaseAccounts/sqlRoleDefinitions`,
      properties: { roleName: d.roleName, type: d.type, assignableScopes: d.assignableScopes, permissions: d.permissions } };
  }

  roleAssignmentBody(a) {
    const scope = a.scope === "/" ? this.accountId() : `${this.accountId()}${a.scope}`;
    return { id: `${this.accountId()}/sqlRoleAssignments/${a.id}`, name: a.id, type: `${PROVIDER}/databaseAccounts/sqlRoleAssignments`,
      properties: { roleDefinitionId: this.rbac.definitionArmId(a.roleDefinitionId), scope, principalId: a.principalId } };
  }

  roleDefinitions(req, id, props, lro) {
    const m = req.method;
    if (!id && m === "GET") return { status: 200, body: { value: [...this.rbac.definitions.values()].map(d => this.roleDefinitionBody(d)) } };
    if (!id) throw new ArmError(405, "MethodNotAllowed", "Use a role definition id.");
    if (m === "GET") {
      const d = this.rbac.definitions.get(id);
      if (!d) throw new ArmError(404, "NotFound", `Role definition ${id} was not found.`);
      return { status: 200, body: this.roleDefinitionBody(d) };
    }
    if (m === "PUT") {
      const d = this.wrap(() => this.rbac.putDefinition(id, props));
      return lro(() => this.roleDefinitionBody(d));
    }
    if (m === "DELETE") {
      const d = this.rbac.definitions.get(id);
      if (!d) throw new ArmError(404, "NotFound", `Role definition ${id} was not found.`);
      if (d.type === "BuiltInRole") throw new ArmError(400, "BadRequest", "Built-in role definitions cannot be deleted.");
      if ([...this.rbac.assignments.values()].some(a => a.roleDefinitionId === id)) throw new ArmError(400, "BadRequest", "The role definition is still assigned; delete its assignments first.");
      this.rbac.definitions.delete(id);
      return lro(() => undefined);
    }
    throw new ArmError(405, "MethodNotAllowed", `${m} is not allowed here.`);
  }

  roleAssignments(req, id, props, lro) {
    const m = req.method;
    if (!id && m === "GET") return { status: 200, body: { value: [...this.rbac.assignments.values()].map(a => this.roleAssignmentBody(a)) } };
    if (!id) throw new ArmError(405, "MethodNotAllowed", "Use a role assignment id.");
    if (m === "GET") {
      const a = this.rbac.assignments.get(id);
      if (!a) throw new ArmError(404, "NotFound", `Role assignment ${id} was not found.`);
      return { status: 200, body: this.roleAssignmentBody(a) };
    }
    if (m === "PUT") {
      const a = this.wrap(() => this.rbac.putAssignment(id, props));
      return lro(() => this.roleAssignmentBody(a));
    }
    if (m === "DELETE") {
      if (!this.rbac.assignments.delete(id)) throw new ArmError(404, "NotFound", `Role assignment ${id} was not found.`);
      return lro(() => undefined);
    }
    throw new ArmError(405, "MethodNotAllowed", `${m} is not allowed here.`);
  }

  wrap(fn) {
    try {
      return fn();
    } catch (e) {
      throw new ArmError(e.status || 400, e.code || "BadRequest", e.message);
    }
  }

  // ---- entry point: returns {status, headers?, body}
  async handle(req, url, body) {
    const segs = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    this.requests.push({ method: req.method, path: url.pathname });
    if (segs[0] === "_test" && segs[1] === "arm") return { status: 200, body: this.configure(body || {}) };
    const apiVersion = url.searchParams.get("api-version");
    if (!apiVersion || !API_VERSION_RE.test(apiVersion)) {
      throw new ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
    }
    const caller = this.authenticate(req);
    if (segs.length === 1 && segs[0] === "tenants" && req.method === "GET") {
      const tenants = this.dir.tenants.filter(t => caller.principal.tenants.includes(t.tenantId))
        .map(t => ({ id: `/tenants/${t.tenantId}`, tenantId: t.tenantId, displayName: t.displayName, defaultDomain: t.defaultDomain, tenantCategory: "Home" }));
      return { status: 200, body: this.page(tenants, url.searchParams, url.pathname + url.search) };
    }
    if (segs[0] !== "subscriptions") throw new ArmError(404, "NotFound", `No route for ${req.method} ${url.pathname}.`);
    if (segs.length === 1 && req.method === "GET") {
      const subs = this.dir.subscriptionsFor(caller.principal, caller.tid)
        .map(s => ({ id: `/subscriptions/${s.subscriptionId}`, subscriptionId: s.subscriptionId, displayName: s.displayName, tenantId: s.tenantId, state: s.state }));
      return { status: 200, body: this.page(subs, url.searchParams, url.pathname + url.search) };
    }
    const sub = this.subscription(caller, segs[1]);
    if (segs.length === 2 && req.method === "GET") {
      return { status: 200, body: { id: `/subscriptions/${sub.subscriptionId}`, subscriptionId: sub.subscriptionId, displayName: sub.displayName, tenantId: sub.tenantId, state: sub.state } };
    }
    const all = [this.account, ...this.decoys].filter(a => a.subscriptionId === sub.subscriptionId);
    // operation status / results
    if (segs[2] === "providers" && segs[3] === PROVIDER && segs[4] === "locations" && segs.length === 8) {
      if (segs[6] === "operationsStatus") return this.operationStatus(segs[7], false);
      if (segs[6] === "operationResults") return this.operationStatus(segs[7], true);
    }
    if (segs[2] === "providers" && segs[3] === PROVIDER && segs[4] === "databaseAccounts" && segs.length === 5 && req.method === "GET") {
      return { status: 200, body: this.page(all.map(a => this.accountBody(a)), url.searchParams, url.pathname + url.search) };
    }
    if (segs[2] !== "resourceGroups" || !segs[3]) throw new ArmError(404, "NotFound", `No route for ${req.method} ${url.pathname}.`);
    const rg = segs[3];
    const inRg = all.filter(a => a.resourceGroup.toLowerCase() === rg.toLowerCase());
    if (inRg.length === 0) throw new ArmError(404, "ResourceGroupNotFound", `Resource group '${rg}' could not be found.`);
    if (segs[4] !== "providers" || segs[5] !== PROVIDER || segs[6] !== "databaseAccounts") throw new ArmError(404, "NotFound", `No route for ${url.pathname}.`);
    if (segs.length === 7 && req.method === "GET") return { status: 200, body: this.page(inRg.map(a => this.accountBody(a)), url.searchParams, url.pathname + url.search) };
    const acct = inRg.find(a => a.name.toLowerCase() === String(segs[7]).toLowerCase());
    if (!acct) throw new ArmError(404, "ResourceNotFound", `The Resource '${PROVIDER}/databaseAccounts/${segs[7]}' under resource group '${rg}' was not found.`);
    if (segs.length === 8 && req.method === "GET") return { status: 200, body: this.accountBody(acct) };
    if (acct !== this.account) throw new ArmError(409, "Conflict", `The account '${acct.name}' is listed by this mock but not served.`);
    return this.accountChild(caller, req, body, segs.slice(8), sub.subscriptionId);
  }

  configure(b) {
    if (Number.isInteger(b.pageSize) && b.pageSize > 0) this.pageSize = b.pageSize;
    if (Number.isInteger(b.lroPolls) && b.lroPolls >= 0) this.lroPolls = b.lroPolls;
    if (Number.isInteger(b.retryAfter) && b.retryAfter >= 0) this.retryAfter = b.retryAfter;
    if (Number.isInteger(b.truncateNext) && b.truncateNext >= 0) this.truncateNext = b.truncateNext;
    if (b.armRole && typeof b.armRole === "object") {
      for (const [who, role] of Object.entries(b.armRole)) {
        const p = this.dir.user(who) || this.dir.principal(who) || this.dir.servicePrincipal(who);
        if (p) p.armRole = role;
      }
    }
    return { pageSize: this.pageSize, lroPolls: this.lroPolls, retryAfter: this.retryAfter, requests: this.requests.length };
  }
}

module.exports = { Arm, ArmError, ACTIONS };
