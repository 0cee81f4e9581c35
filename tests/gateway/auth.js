"use strict";
// Master-key and resource-token authorization, as the Cosmos DB service does it.
const crypto = require("crypto");
const { HttpError } = require("./errors");

const MAX_SKEW_MS = 15 * 60 * 1000;
const UNAUTH = "The input authorization token can't serve the request. The wrong key is being used or the expected payload is not built as per the protocol.";

/** The master-key signature: Base64(HMAC-SHA256(base64decode(key), stringToSign)). */
function sign(masterKey, verb, resourceType, resourceLink, date) {
  const text = `${(verb || "").toLowerCase()}\n${(resourceType || "").toLowerCase()}\n${resourceLink || ""}\n${(date || "").toLowerCase()}\n\n`;
  return crypto.createHmac("sha256", Buffer.from(masterKey, "base64")).update(text, "utf8").digest("base64");
}

/** The full header value (percent-encoded) a client would send. */
function masterAuthHeader(masterKey, verb, resourceType, resourceLink, date) {
  return encodeURIComponent(`type=master&ver=1.0&sig=${sign(masterKey, verb, resourceType, resourceLink, date)}`);
}

/** Split a URL path into decoded segments (no leading/trailing empty segments). */
function pathSegments(pathname) {
  return pathname.split("/").filter(s => s !== "").map(s => {
    try { return decodeURIComponent(s); } catch (e) { return s; }
  });
}

/**
 * Resource type and candidate resource links for a request path, as the service derives them.
 * `/_test/...` routes are signed as if the `_test` prefix were absent.
 */
function resourceOf(pathname) {
  let segs = pathSegments(pathname);
  if (segs[0] === "_test") segs = segs.slice(1);
  if (segs.length === 0) return { type: "", links: [""], segs };
  if (segs[0] === "offers") {
    // RID-based: `POST/GET /offers` signs "", `/offers/{rid}` signs the lowercased rid.
    return segs.length === 1
      ? { type: "offers", links: [""], segs }
      : { type: "offers", links: [segs[1].toLowerCase(), segs[1]], segs };
  }
  let type;
  let link;
  if (segs.length % 2 === 1) { // a feed: the parent's link
    type = segs[segs.length - 1];
    link = segs.slice(0, -1);
  } else { // a resource
    type = segs[segs.length - 2];
    link = segs;
  }
  const links = [link.join("/")];
  // RID-based addressing signs the lowercased last RID only.
  if (link.length) links.push(link[link.length - 1].toLowerCase());
  return { type, links, segs };
}

function parseAuthHeader(raw) {
  let text = raw;
  try { text = decodeURIComponent(raw); } catch (e) { /* keep raw */ }
  const out = {};
  for (const part of text.split("&")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim().toLowerCase()] = part.slice(i + 1).trim();
  }
  return out;
}

function unauthorized(msg) {
  return new HttpError(401, msg || UNAUTH);
}

function timingSafeEq(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Check a request. Returns {kind: "master"} or {kind: "resource", grant} where grant is what
 * the permissions module resolved for the token; throws HttpError 401/403.
 * `resolveToken(token)` returns a grant or null (unknown) — supplied by users.js.
 */
function authorize(req, pathname, masterKey, resolveToken) {
  const raw = req.headers.authorization;
  if (!raw) throw unauthorized("Required Header authorization is missing. Ensure a valid Authorization token is passed.");
  const auth = parseAuthHeader(Array.isArray(raw) ? raw[0] : raw);
  const { type, links } = resourceOf(pathname);
  if (auth.type === "master") {
    const date = req.headers["x-ms-date"] || req.headers.date;
    if (!date) throw unauthorized("The input authorization token can't serve the request. Required header x-ms-date is missing.");
    const t = Date.parse(date);
    if (Number.isNaN(t)) throw unauthorized("The input authorization token can't serve the request. The x-ms-date header is invalid.");
    if (Math.abs(Date.now() - t) > MAX_SKEW_MS) {
      throw unauthorized(`The input authorization token can't serve the request. The request time (${date}) is outside the allowed 15 minute window.`);
    }
    const sig = auth.sig || "";
    const types = [type];
    // Compatibility: @azure/cosmos 4.x signs Conflict.read() with resource type "users".
    if (type === "conflicts" && req.method === "GET") types.push("users");
    for (const ty of types) {
      for (const link of links) {
        if (timingSafeEq(sign(masterKey, req.method, ty, link, date), sig)) return { kind: "master" };
      }
    }
    throw unauthorized();
  }
  if (auth.type === "resource") {
    const token = Array.isArray(raw) ? raw[0] : raw;
    let decoded = token;
    try { decoded = decodeURIComponent(token); } catch (e) { /* keep */ }
    const grant = resolveToken ? resolveToken(decoded) : null;
    if (!grant) throw unauthorized("The input authorization token can't serve the request. The resource token is unknown or was revoked.");
    if (grant.expired) throw unauthorized("The input authorization token can't serve the request. The resource token has expired.");
    return { kind: "resource", grant };
  }
  throw unauthorized("The input authorization token can't serve the request. Unsupported token type.");
}

module.exports = { sign, masterAuthHeader, resourceOf, pathSegments, authorize, parseAuthHeader, UNAUTH };
