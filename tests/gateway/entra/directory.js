"use strict";
// The mock directory: tenants, subscriptions, principals (users, service principals, public
// clients) and their ARM roles. Fixed, well-known test identities; test routes adjust them.

const TENANTS = [
  { tenantId: "11111111-1111-4111-8111-111111111111", displayName: "Contoso (test)", defaultDomain: "contoso.test" },
  { tenantId: "22222222-2222-4222-8222-222222222222", displayName: "Fabrikam (test)", defaultDomain: "fabrikam.test" },
];
const CONTOSO = TENANTS[0].tenantId;
const FABRIKAM = TENANTS[1].tenantId;

// azure-identity's and the Azure CLI's public client id; Cosmoscope signs users in with it too.
const PUBLIC_CLIENTS = new Set(["04b07795-8ddb-461a-bbee-02f9e1bf7b46"]);

class Directory {
  constructor() {
    this.tenants = TENANTS.map(t => ({ ...t }));
    this.subscriptions = [
      { subscriptionId: "aaaaaaaa-0000-4000-8000-000000000001", displayName: "Cosmoscope Test", tenantId: CONTOSO, state: "Enabled" },
      { subscriptionId: "aaaaaaaa-0000-4000-8000-000000000002", displayName: "Cosmoscope Staging", tenantId: CONTOSO, state: "Enabled" },
      { subscriptionId: "bbbbbbbb-0000-4000-8000-000000000001", displayName: "Fabrikam Prod", tenantId: FABRIKAM, state: "Enabled" },
    ];
    // Users sign in through the browser or device code; service principals with a secret.
    this.principals = [
      { kind: "user", oid: "55555555-5555-4555-8555-555555555555", upn: "ada@contoso.test", name: "Ada Lovelace",
        tenants: [CONTOSO, FABRIKAM], armRole: "Contributor" },
      { kind: "user", oid: "66666666-6666-4666-8666-666666666666", upn: "grace@contoso.test", name: "Grace Hopper",
        tenants: [CONTOSO], armRole: "Reader" },
      { kind: "servicePrincipal", oid: "44444444-4444-4444-8444-444444444444", appId: "33333333-3333-4333-8333-333333333333",
        secret: "test-sp-secret", name: "cosmoscope-test-sp", tenants: [CONTOSO], armRole: "Contributor" },
    ];
    this.publicClients = new Set(PUBLIC_CLIENTS);
    this.tokenLifetimeSec = 3600;
    this.browserUser = "ada@contoso.test"; // who "signs in" when a test plays the browser
  }

  tenant(idOrDomain) {
    const k = String(idOrDomain || "").toLowerCase();
    return this.tenants.find(t => t.tenantId === k || t.defaultDomain === k) || null;
  }

  user(upnOrOid) {
    const k = String(upnOrOid || "").toLowerCase();
    return this.principals.find(p => p.kind === "user" && (p.upn === k || p.oid === k)) || null;
  }

  servicePrincipal(appId) {
    return this.principals.find(p => p.kind === "servicePrincipal" && p.appId === appId) || null;
  }

  principal(oid) {
    return this.principals.find(p => p.oid === oid) || null;
  }

  isKnownClient(clientId) {
    return this.publicClients.has(clientId) || !!this.servicePrincipal(clientId);
  }

  subscriptionsFor(principal, tenantId) {
    return this.subscriptions.filter(s => s.tenantId === tenantId && principal.tenants.includes(s.tenantId));
  }
}

module.exports = { Directory, CONTOSO, FABRIKAM };
