"use strict";
// Microsoft Entra ID on loopback (--entra --disable-local-auth), checked with the official
// clients: @azure/identity against the mock identity platform, @azure/cosmos on the data plane
// with Entra tokens and native RBAC, @azure/arm-cosmosdb against the mock ARM.
const test = require("node:test");
const assert = require("node:assert");
const crypto = require("crypto");
const https = require("https");
const path = require("path");
const readline = require("readline");
const { spawn } = require("child_process");
const { CosmosClient } = require("@azure/cosmos");
const { ClientSecretCredential, DeviceCodeCredential } = require("@azure/identity");
const { CosmosDBManagementClient } = require("@azure/arm-cosmosdb");
const { certs, KEY } = require("./helpers");

const TENANT = "11111111-1111-4111-8111-111111111111";
const SP_APP = "33333333-3333-4333-8333-333333333333";
const SP_SECRET = "test-sp-secret";
const PUBLIC_CLIENT = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
const ADA = "55555555-5555-4555-8555-555555555555";
const SUB = "aaaaaaaa-0000-4000-8000-000000000001";
const RG = "rg-cosmoscope";
const ACCOUNT = "cosmoscope-sandbox";
const CONTRIBUTOR = "00000000-0000-0000-0000-000000000002";

let gw;
let agent;

function startEntraGateway() {
  const c = certs();
  const child = spawn(process.execPath, [path.join(__dirname, "..", "server.js"), "--port", "0", "--cert", c.cert, "--key", c.key,
    "--entra", "--disable-local-auth"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    const lines = [];
    const rl = readline.createInterface({ input: child.stdout });
    child.once("exit", code => reject(new Error(`gateway exited early (${code})`)));
    rl.on("line", line => {
      lines.push(line);
      if (lines.length < 2) return;
      const e = /^Gateway ready at (https:\/\/\S+)$/.exec(lines[0]);
      const m = /^Entra ready at login=(\S+) arm=(\S+)$/.exec(lines[1]);
      if (!e || !m) return reject(new Error(`unexpected ready lines: ${lines.join(" | ")}`));
      resolve({ endpoint: e[1], login: m[1].replace(/\/$/, ""), arm: m[2].replace(/\/$/, ""), ca: c.ca, child });
    });
  });
}

/** A core-rest-pipeline policy that sends through an agent trusting the test CA (TLS stays verified). */
const caPolicy = () => ({ policy: { name: "testCa", sendRequest: (req, next) => { req.agent = agent; return next(req); } }, position: "perCall" });
const idOptions = () => ({ authorityHost: gw.login, disableInstanceDiscovery: true, additionalPolicies: [caPolicy()] });
const spCredential = () => new ClientSecretCredential(TENANT, SP_APP, SP_SECRET, idOptions());
const armClient = cred => new CosmosDBManagementClient(cred, SUB, {
  endpoint: gw.arm, $host: gw.arm, credentialScopes: ["https://management.azure.com/.default"], additionalPolicies: [caPolicy()],
  updateIntervalInMs: 10,
});
const cosmos = cred => new CosmosClient({ endpoint: gw.endpoint, aadCredentials: cred, agent });

function request(base, method, p, { headers = {}, body, form } = {}) {
  const data = form ? new URLSearchParams(form).toString() : body === undefined ? undefined : JSON.stringify(body);
  const h = { ...headers };
  if (form) h["content-type"] = "application/x-www-form-urlencoded";
  else if (data !== undefined) h["content-type"] = "application/json";
  return new Promise((resolve, reject) => {
    const r = https.request(new URL(p, base), { method, headers: h, ca: gw.ca }, res => {
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
const token = form => request(gw.login, "POST", `/${TENANT}/oauth2/v2.0/token`, { form });
const configureIdentity = body => request(gw.login, "POST", "/_test/identity", { body });
const claimsOf = jwt => JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));
const sleep = ms => new Promise(r => setTimeout(r, ms));

async function deviceCodeToken(scope) {
  const dc = await request(gw.login, "POST", `/${TENANT}/oauth2/v2.0/devicecode`, { form: { client_id: PUBLIC_CLIENT, scope } });
  assert.strictEqual(dc.status, 200, dc.text);
  return dc.json;
}

test.before(async () => {
  gw = await startEntraGateway();
  agent = new https.Agent({ ca: gw.ca, keepAlive: true });
});
test.after(async () => {
  agent.destroy();
  gw.child.kill("SIGTERM");
});

test("OpenID discovery, JWKS, and tokens that verify against the published key", async () => {
  const conf = await request(gw.login, "GET", `/${TENANT}/v2.0/.well-known/openid-configuration`);
  assert.strictEqual(conf.status, 200);
  assert.strictEqual(conf.json.issuer, `${gw.login}/${TENANT}/v2.0`);
  assert.strictEqual(conf.json.token_endpoint, `${gw.login}/${TENANT}/oauth2/v2.0/token`);
  assert.strictEqual(conf.json.device_authorization_endpoint, `${gw.login}/${TENANT}/oauth2/v2.0/devicecode`);
  const jwks = await request(gw.login, "GET", conf.json.jwks_uri.replace(gw.login, ""));
  const t = await token({ grant_type: "client_credentials", client_id: SP_APP, client_secret: SP_SECRET, scope: "https://cosmos.azure.com/.default" });
  assert.strictEqual(t.status, 200, t.text);
  const [h, p, s] = t.json.access_token.split(".");
  const header = JSON.parse(Buffer.from(h, "base64url").toString("utf8"));
  const key = crypto.createPublicKey({ key: jwks.json.keys.find(k => k.kid === header.kid), format: "jwk" });
  assert.ok(crypto.verify("RSA-SHA256", Buffer.from(`${h}.${p}`), key, Buffer.from(s, "base64url")));
  const claims = claimsOf(t.json.access_token);
  assert.strictEqual(claims.aud, "https://cosmos.azure.com");
  assert.strictEqual(claims.tid, TENANT);
  assert.ok(claims.oid && claims.exp > Date.now() / 1000);
  assert.strictEqual(t.json.refresh_token, undefined, "client credentials carry no refresh token");

  const bad = await token({ grant_type: "client_credentials", client_id: SP_APP, client_secret: "wrong", scope: "https://cosmos.azure.com/.default" });
  assert.strictEqual(bad.status, 401);
  assert.strictEqual(bad.json.error, "invalid_client");
  assert.match(bad.json.error_description, /^AADSTS7000215:/);
  const unknown = await token({ grant_type: "client_credentials", client_id: SP_APP, client_secret: SP_SECRET, scope: "https://nowhere.example/.default" });
  assert.strictEqual(unknown.json.error, "invalid_resource");
  assert.match(unknown.json.error_description, /AADSTS500011/);
});

test("service principal: @azure/identity + @azure/arm-cosmosdb create through ARM, @azure/cosmos uses the data plane", async () => {
  const cred = spCredential();
  const arm = armClient(cred);
  await arm.sqlResources.beginCreateUpdateSqlDatabaseAndWait(RG, ACCOUNT, "entradb", { resource: { id: "entradb" } });
  const created = await arm.sqlResources.beginCreateUpdateSqlContainerAndWait(RG, ACCOUNT, "entradb", "orders", {
    resource: { id: "orders", partitionKey: { paths: ["/pk"], kind: "Hash" } }, options: { throughput: 400 },
  });
  assert.strictEqual(created.name, "orders");
  assert.deepStrictEqual(created.resource.partitionKey.paths, ["/pk"]);

  const client = cosmos(cred);
  const c = client.database("entradb").container("orders");
  const { resource: item } = await c.items.create({ id: "o1", pk: "a", n: 1 });
  assert.strictEqual(item.id, "o1");
  const { resources } = await c.items.query("SELECT VALUE c.id FROM c").fetchAll();
  assert.deepStrictEqual(resources, ["o1"]);

  // Management through the data plane with an Entra token: 403/5300.
  await assert.rejects(client.databases.create({ id: "nope" }), e => e.code === 403 && e.substatus === 5300
    && /cannot be authorized by AAD token in data plane/.test(e.message));

  // Throughput: manual 400 -> autoscale through ARM, visible through ARM.
  const before = await arm.sqlResources.getSqlContainerThroughput(RG, ACCOUNT, "entradb", "orders");
  assert.strictEqual(before.resource.throughput, 400);
  assert.strictEqual(before.resource.autoscaleSettings, undefined);
  await arm.sqlResources.beginMigrateSqlContainerToAutoscaleAndWait(RG, ACCOUNT, "entradb", "orders");
  const after = await arm.sqlResources.getSqlContainerThroughput(RG, ACCOUNT, "entradb", "orders");
  assert.strictEqual(after.resource.autoscaleSettings.maxThroughput, 4000);

  // A stored procedure saved through ARM runs on the data plane.
  await arm.sqlResources.beginCreateUpdateSqlStoredProcedureAndWait(RG, ACCOUNT, "entradb", "orders", "hello", {
    resource: { id: "hello", body: "function () { getContext().getResponse().setBody('hi'); }" },
  });
  const { resource: out } = await c.scripts.storedProcedure("hello").execute("a");
  assert.strictEqual(out, "hi");
  const procs = [];
  for await (const page of arm.sqlResources.listSqlStoredProcedures(RG, ACCOUNT, "entradb", "orders").byPage()) procs.push(...page);
  assert.deepStrictEqual(procs.map(p => p.name), ["hello"]);
  client.dispose();
});

test("local authorization disabled: the account key is refused", async () => {
  const client = new CosmosClient({ endpoint: gw.endpoint, key: KEY, agent });
  await assert.rejects(client.databases.readAll().fetchAll(), e => e.code === 401 && /Local Authorization is disabled/.test(e.message));
  client.dispose();
});

test("discovery: accounts paged by nextLink, tenants and subscriptions, listKeys", async () => {
  const arm = armClient(spCredential());
  const all = [];
  for await (const a of arm.databaseAccounts.list()) all.push(a.name);
  assert.ok(all.includes(ACCOUNT) && all.includes("legacy-mongo") && all.includes("analytics-west"));
  await request(gw.arm, "POST", "/_test/arm", { body: { pageSize: 2 } });
  const pages = [];
  const t0 = await token({ grant_type: "client_credentials", client_id: SP_APP, client_secret: SP_SECRET, scope: "https://management.azure.com/.default" });
  let next = `${gw.arm}/subscriptions/${SUB}/providers/Microsoft.DocumentDB/databaseAccounts?api-version=2024-11-15`;
  while (next) {
    const r = await request(gw.arm, "GET", next.replace(gw.arm, ""), { headers: { authorization: `Bearer ${t0.json.access_token}` } });
    assert.strictEqual(r.status, 200, r.text);
    pages.push(r.json.value.map(a => a.name));
    next = r.json.nextLink;
  }
  await request(gw.arm, "POST", "/_test/arm", { body: { pageSize: 1000 } });
  assert.ok(pages.length === 3 && pages.every(p => p.length <= 2), `paged by nextLink: ${JSON.stringify(pages)}`);
  assert.deepStrictEqual(pages.flat(), all);
  const mine = await arm.databaseAccounts.get(RG, ACCOUNT);
  assert.strictEqual(mine.documentEndpoint, gw.endpoint);
  assert.strictEqual(mine.disableLocalAuth, true);
  const keys = await arm.databaseAccounts.listKeys(RG, ACCOUNT);
  assert.strictEqual(keys.primaryMasterKey, KEY);

  const t = await token({ grant_type: "client_credentials", client_id: SP_APP, client_secret: SP_SECRET, scope: "https://management.azure.com/.default" });
  const auth = { authorization: `Bearer ${t.json.access_token}` };
  const subs = await request(gw.arm, "GET", "/subscriptions?api-version=2022-12-01", { headers: auth });
  assert.strictEqual(subs.status, 200, subs.text);
  assert.deepStrictEqual(subs.json.value.map(s => s.displayName).sort(), ["Cosmoscope Staging", "Cosmoscope Test"]);
  const tenants = await request(gw.arm, "GET", "/tenants?api-version=2022-12-01", { headers: auth });
  assert.deepStrictEqual(tenants.json.value.map(x => x.tenantId), [TENANT]);
  const noVersion = await request(gw.arm, "GET", "/subscriptions", { headers: auth });
  assert.strictEqual(noVersion.json.error.code, "MissingApiVersionParameter");
  const noToken = await request(gw.arm, "GET", "/subscriptions?api-version=2022-12-01");
  assert.strictEqual(noToken.status, 401);
});

test("device code (RFC 8628): pending, slow_down, approval; a role assignment turns 403/5301 into success", async () => {
  await configureIdentity({ deviceInterval: 1, slowDownIncrement: 1 });
  const scope = `${gw.endpoint.replace(/\/$/, "")}/.default offline_access`;
  const dc = await deviceCodeToken(scope);
  assert.strictEqual(dc.interval, 1);
  assert.match(dc.message, new RegExp(dc.user_code));
  const poll = () => token({ grant_type: "urn:ietf:params:oauth:grant-type:device_code", client_id: PUBLIC_CLIENT, device_code: dc.device_code });
  assert.strictEqual((await poll()).json.error, "authorization_pending");
  assert.strictEqual((await poll()).json.error, "slow_down", "polled again at once");
  const approve = await request(gw.login, "GET", `/devicelogin?user_code=${dc.user_code}&user=ada@contoso.test`);
  assert.strictEqual(approve.status, 200, approve.text);
  await sleep(2100); // the interval grew to 2 s
  const ok = await poll();
  assert.strictEqual(ok.status, 200, ok.text);
  assert.strictEqual(claimsOf(ok.json.access_token).oid, ADA);
  assert.ok(ok.json.refresh_token);
  assert.strictEqual((await poll()).json.error, "invalid_grant", "a device code is redeemed once");

  // The same flow through @azure/identity's DeviceCodeCredential, the user approving at the prompt.
  const cred = new DeviceCodeCredential({
    tenantId: TENANT, clientId: PUBLIC_CLIENT, ...idOptions(),
    userPromptCallback: info => { request(gw.login, "GET", `/devicelogin?user_code=${info.userCode}&user=ada@contoso.test`); },
  });
  const client = cosmos(cred);
  const c = client.database("entradb").container("orders");
  const { resources } = await c.items.query("SELECT VALUE COUNT(1) FROM c").fetchAll();
  assert.ok(resources[0] >= 1, "Ada reads as Data Reader");
  await assert.rejects(c.items.create({ id: "ada1", pk: "a" }), e => e.code === 403 && e.substatus === 5301
    && e.message.includes(`principal [${ADA}]`) && e.message.includes("items/create"));

  const arm = armClient(spCredential());
  const assignmentId = crypto.randomUUID();
  const accountId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DocumentDB/databaseAccounts/${ACCOUNT}`;
  await arm.sqlResources.beginCreateUpdateSqlRoleAssignmentAndWait(assignmentId, RG, ACCOUNT, {
    roleDefinitionId: `${accountId}/sqlRoleDefinitions/${CONTRIBUTOR}`, scope: `${accountId}/dbs/entradb`, principalId: ADA,
  });
  const { resource } = await c.items.create({ id: "ada1", pk: "a" });
  assert.strictEqual(resource.id, "ada1");
  const assignments = [];
  for await (const page of arm.sqlResources.listSqlRoleAssignments(RG, ACCOUNT).byPage()) assignments.push(...page);
  assert.ok(assignments.some(a => a.name === assignmentId && a.scope === `${accountId}/dbs/entradb`));
  await arm.sqlResources.beginDeleteSqlRoleAssignmentAndWait(assignmentId, RG, ACCOUNT);
  await assert.rejects(c.items.create({ id: "ada2", pk: "a" }), e => e.code === 403 && e.substatus === 5301);
  client.dispose();
});

test("device code: denied and expired", async () => {
  await configureIdentity({ deviceInterval: 1, deviceExpiresIn: 1 });
  const scope = "https://cosmos.azure.com/.default";
  const dc = await deviceCodeToken(scope);
  await sleep(1100);
  const expired = await token({ grant_type: "urn:ietf:params:oauth:grant-type:device_code", client_id: PUBLIC_CLIENT, device_code: dc.device_code });
  assert.strictEqual(expired.json.error, "expired_token");
  await configureIdentity({ deviceExpiresIn: 900 });
  const dc2 = await deviceCodeToken(scope);
  await request(gw.login, "GET", `/devicelogin?user_code=${dc2.user_code}&action=deny`);
  const denied = await token({ grant_type: "urn:ietf:params:oauth:grant-type:device_code", client_id: PUBLIC_CLIENT, device_code: dc2.device_code });
  assert.strictEqual(denied.json.error, "access_denied");
});

test("authorization code + PKCE with a loopback redirect: state, verifier, single-use code, refresh rotation", async () => {
  const verifier = crypto.randomBytes(32).toString("base64url");
  const challenge = crypto.createHash("sha256").update(verifier).digest("base64url");
  const redirect = "http://127.0.0.1:49152/";
  const q = new URLSearchParams({ client_id: PUBLIC_CLIENT, response_type: "code", redirect_uri: redirect, scope: "https://cosmos.azure.com/.default openid offline_access",
    state: "s-123", code_challenge: challenge, code_challenge_method: "S256", nonce: "n-1" });
  const auth = await request(gw.login, "GET", `/${TENANT}/oauth2/v2.0/authorize?${q}`);
  assert.strictEqual(auth.status, 302);
  const back = new URL(auth.headers.location);
  assert.strictEqual(`${back.origin}/`, redirect);
  assert.strictEqual(back.searchParams.get("state"), "s-123");
  const code = back.searchParams.get("code");
  const exchange = v => token({ grant_type: "authorization_code", client_id: PUBLIC_CLIENT, code, redirect_uri: redirect, code_verifier: v });
  const wrong = await exchange("not-the-verifier-not-the-verifier-123456");
  assert.strictEqual(wrong.json.error, "invalid_grant");
  // The failed attempt consumed the code, as a stolen code must not be retried.
  assert.strictEqual((await exchange(verifier)).json.error, "invalid_grant");

  const auth2 = await request(gw.login, "GET", `/${TENANT}/oauth2/v2.0/authorize?${q}`);
  const code2 = new URL(auth2.headers.location).searchParams.get("code");
  const ok = await token({ grant_type: "authorization_code", client_id: PUBLIC_CLIENT, code: code2, redirect_uri: redirect, code_verifier: verifier });
  assert.strictEqual(ok.status, 200, ok.text);
  assert.strictEqual(claimsOf(ok.json.id_token).preferred_username, "ada@contoso.test");
  assert.strictEqual(claimsOf(ok.json.id_token).nonce, "n-1");
  const r1 = await token({ grant_type: "refresh_token", client_id: PUBLIC_CLIENT, refresh_token: ok.json.refresh_token, scope: "https://cosmos.azure.com/.default offline_access" });
  assert.strictEqual(r1.status, 200, r1.text);
  assert.notStrictEqual(r1.json.refresh_token, ok.json.refresh_token);
  const reuse = await token({ grant_type: "refresh_token", client_id: PUBLIC_CLIENT, refresh_token: ok.json.refresh_token, scope: "https://cosmos.azure.com/.default" });
  assert.strictEqual(reuse.json.error, "invalid_grant");

  const https1 = await request(gw.login, "GET", `/${TENANT}/oauth2/v2.0/authorize?${new URLSearchParams({ ...Object.fromEntries(q), redirect_uri: "https://evil.example/cb" })}`);
  assert.strictEqual(https1.status, 400, "only loopback http redirects for a native client");
  const noPkce = new URLSearchParams(q);
  noPkce.delete("code_challenge");
  const np = new URL((await request(gw.login, "GET", `/${TENANT}/oauth2/v2.0/authorize?${noPkce}`)).headers.location);
  assert.strictEqual(np.searchParams.get("error"), "invalid_request");
});

test("an expired token is refused by the data plane and by ARM", async () => {
  await configureIdentity({ tokenLifetimeSec: 1 });
  try {
    const dpTok = await token({ grant_type: "client_credentials", client_id: SP_APP, client_secret: SP_SECRET, scope: "https://cosmos.azure.com/.default" });
    const armTok = await token({ grant_type: "client_credentials", client_id: SP_APP, client_secret: SP_SECRET, scope: "https://management.azure.com/.default" });
    await sleep(1100);
    const dp = await request(gw.endpoint, "GET", "/dbs", { headers: { authorization: encodeURIComponent(`type=aad&ver=1.0&sig=${dpTok.json.access_token}`),
      "x-ms-date": new Date().toUTCString(), "x-ms-version": "2020-07-15" } });
    assert.strictEqual(dp.status, 401);
    assert.match(dp.json.message, /expired/);
    const arm = await request(gw.arm, "GET", "/subscriptions?api-version=2022-12-01", { headers: { authorization: `Bearer ${armTok.json.access_token}` } });
    assert.strictEqual(arm.status, 401);
    assert.strictEqual(arm.json.error.code, "ExpiredAuthenticationToken");
  } finally {
    await configureIdentity({ tokenLifetimeSec: 3600 });
  }
});

test("a test-registered service principal secret: @azure/identity signs in with it, the old one is refused", async () => {
  const rotated = `sp-${crypto.randomBytes(12).toString("hex")}`;
  assert.strictEqual((await configureIdentity({ servicePrincipalSecret: rotated })).status, 200);
  try {
    const fresh = new ClientSecretCredential(TENANT, SP_APP, rotated, idOptions());
    const t = await fresh.getToken("https://cosmos.azure.com/.default");
    assert.strictEqual(claimsOf(t.token).appid || claimsOf(t.token).azp, SP_APP);
    await assert.rejects(spCredential().getToken("https://cosmos.azure.com/.default"), /AADSTS7000215/);
  } finally {
    await configureIdentity({ servicePrincipalSecret: SP_SECRET });
  }
});
