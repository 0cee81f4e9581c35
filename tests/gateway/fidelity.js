"use strict";
// Lossless JSON for item documents, like the service: integers outside JS's safe range keep their
// exact digits, and objects keep their key order even for integer-like keys ("10", "2"), which a
// plain JS object would move to the front.
//
// - parse(text): like JSON.parse, but an integer literal (no fraction/exponent) that is not a safe
//   integer becomes a frozen BigIntText holding its digits, and an object whose key order JS
//   would change gets the order in an (enumerable, so copied by `{...o}`) KEY_ORDER symbol
//   property. Everything else is the same plain JS values as JSON.parse gives (fast path: texts
//   without a 16-digit run or an integer-like key are handed to JSON.parse).
// - stringify(value): like JSON.stringify (no replacer/indent), writing BigIntText digits raw and
//   the keys of objects with KEY_ORDER in that order (keys added later follow in JS order).
// - BigIntText behaves as a number elsewhere: valueOf() and toJSON() give the (rounded) double,
//   so plain JSON.stringify (e.g. into the script sandbox, which sees doubles like the service's
//   JavaScript) and arithmetic still work; toString() gives the digits.
// - patchQueryEngine(): teaches @zeit/cosmosdb-query that a BigIntText is a number (comparisons,
//   ORDER BY, arithmetic, built-in and aggregate functions use its double value, as the service's
//   query engine does) and makes its result copy keep BigIntText and KEY_ORDER.
const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");

const DIGITS = Symbol("digits");
const KEY_ORDER = Symbol.for("cosmoscope.gateway.keyOrder");

class BigIntText {
  constructor(digits) {
    this[DIGITS] = digits;
    Object.freeze(this);
  }

  toNumber() { return Number(this[DIGITS]); }

  valueOf() { return Number(this[DIGITS]); }

  toString() { return this[DIGITS]; }

  toJSON() { return Number(this[DIGITS]); }
}
// The digits sit behind a symbol so that SQL (`c.big.something`) cannot reach them.

const isBig = v => v instanceof BigIntText;
/** The value with a BigIntText replaced by its double (other values unchanged). */
const num = v => (v instanceof BigIntText ? Number(v[DIGITS]) : v);
/** The digits of a BigIntText (for tests and diagnostics). */
const digitsOf = v => (v instanceof BigIntText ? v[DIGITS] : undefined);

/** Is `k` an array index, i.e. a key JS puts first in a plain object? */
function isIndexKey(k) {
  const c = k.charCodeAt(0);
  if (c < 48 || c > 57) return false;
  if (!/^(?:0|[1-9]\d{0,9})$/.test(k)) return false;
  return Number(k) < 4294967295;
}

// ---- parse
const NEEDS_SLOW = /\d{16}|"(?:0|[1-9]\d{0,9})"\s*:/;
const PLAIN_BREAK = /[\\\u0000-\u001f]/;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

function parse(text) {
  if (!NEEDS_SLOW.test(text)) return JSON.parse(text);
  let pos = 0;
  const fail = what => {
    const near = pos < text.length ? `token ${JSON.stringify(text[pos])}` : "end of JSON input";
    throw new SyntaxError(`Unexpected ${near} in JSON at position ${pos}${what ? ` (${what})` : ""}`);
  };
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) pos += 1;
      else return;
    }
  };
  const str = () => {
    const end = text.indexOf("\"", pos + 1);
    if (end > 0) {
      const s = text.slice(pos + 1, end);
      if (!PLAIN_BREAK.test(s)) { // no escapes, no control characters: the text is the value
        pos = end + 1;
        return s;
      }
    }
    STRING.lastIndex = pos;
    const m = STRING.exec(text);
    if (!m) fail("bad string");
    pos = STRING.lastIndex;
    const s = m[0];
    return s.indexOf("\\") < 0 ? s.slice(1, -1) : JSON.parse(s);
  };
  const value = () => {
    ws();
    const c = text[pos];
    if (c === "{") {
      pos += 1;
      const obj = {};
      const keys = [];
      let indexKey = false;
      ws();
      if (text[pos] === "}") {
        pos += 1;
        return obj;
      }
      for (;;) {
        ws();
        if (text[pos] !== "\"") fail("expected a property name");
        const k = str();
        ws();
        if (text[pos] !== ":") fail("expected ':'");
        pos += 1;
        const v = value();
        if (Object.prototype.hasOwnProperty.call(obj, k)) {
          if (k === "__proto__") Object.defineProperty(obj, k, { value: v, writable: true, enumerable: true, configurable: true });
          else obj[k] = v; // duplicate: last value wins at the first position, like JSON.parse
        } else {
          if (k === "__proto__") Object.defineProperty(obj, k, { value: v, writable: true, enumerable: true, configurable: true });
          else obj[k] = v;
          keys.push(k);
          if (!indexKey && isIndexKey(k)) indexKey = true;
        }
        ws();
        if (text[pos] === ",") { pos += 1; continue; } // eslint-disable-line no-continue
        if (text[pos] === "}") { pos += 1; break; }
        fail("expected ',' or '}'");
      }
      if (indexKey) {
        const jsOrder = Object.keys(obj);
        if (jsOrder.some((k, i) => k !== keys[i])) obj[KEY_ORDER] = Object.freeze(keys);
      }
      return obj;
    }
    if (c === "[") {
      pos += 1;
      const arr = [];
      ws();
      if (text[pos] === "]") {
        pos += 1;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (text[pos] === ",") { pos += 1; continue; } // eslint-disable-line no-continue
        if (text[pos] === "]") { pos += 1; break; }
        fail("expected ',' or ']'");
      }
      return arr;
    }
    if (c === "\"") return str();
    if (c === "-" || (c >= "0" && c <= "9")) {
      NUMBER.lastIndex = pos;
      const m = NUMBER.exec(text);
      if (!m) fail("bad number");
      pos = NUMBER.lastIndex;
      const n = Number(m[0]);
      if (m[1] === undefined && m[2] === undefined && !Number.isSafeInteger(n)) return new BigIntText(m[0]);
      return n;
    }
    if (text.startsWith("true", pos)) { pos += 4; return true; }
    if (text.startsWith("false", pos)) { pos += 5; return false; }
    if (text.startsWith("null", pos)) { pos += 4; return null; }
    return fail();
  };
  const out = value();
  ws();
  if (pos < text.length) fail("unexpected data after the JSON value");
  return out;
}

// ---- stringify
const quote = s => JSON.stringify(s);
const skipped = v => v === undefined || typeof v === "function" || typeof v === "symbol";

function keysOf(o) {
  const order = o[KEY_ORDER];
  const own = Object.keys(o);
  if (!order) return own;
  const seen = new Set();
  const out = [];
  for (const k of order) {
    if (!seen.has(k) && Object.prototype.propertyIsEnumerable.call(o, k)) {
      seen.add(k);
      out.push(k);
    }
  }
  if (out.length === own.length) return out;
  for (const k of own) if (!seen.has(k)) out.push(k);
  return out;
}

/** Does `v` hold anything JSON.stringify would write differently (BigIntText, KEY_ORDER)? */
function special(v) {
  if (v === null) return false;
  const t = typeof v;
  if (t === "bigint") return true;
  if (t !== "object") return false;
  if (v instanceof BigIntText || v[KEY_ORDER]) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i += 1) if (special(v[i])) return true;
    return false;
  }
  for (const x of Object.values(v)) if (special(x)) return true;
  return false;
}

// A value inside a special one: plain subtrees are left to the native JSON.stringify.
const part = (x, key) => (x !== null && typeof x === "object" && !special(x) ? JSON.stringify(x) : ser(x, key));

function ser(v, key) {
  if (v === null) return "null";
  switch (typeof v) {
    case "string": return quote(v);
    case "number": return Number.isFinite(v) ? String(v) : "null";
    case "boolean": return v ? "true" : "false";
    case "bigint": return v.toString();
    case "object": break;
    default: return undefined;
  }
  if (v instanceof BigIntText) return v[DIGITS];
  if (typeof v.toJSON === "function") return ser(v.toJSON(key), key);
  if (Array.isArray(v)) {
    let s = "[";
    for (let i = 0; i < v.length; i += 1) {
      if (i) s += ",";
      const e = part(v[i], String(i));
      s += e === undefined ? "null" : e;
    }
    return `${s}]`;
  }
  if (v instanceof Number || v instanceof String || v instanceof Boolean) return ser(v.valueOf(), key);
  let s = "{";
  let first = true;
  for (const k of keysOf(v)) {
    const x = v[k];
    if (skipped(x)) continue; // eslint-disable-line no-continue
    const e = part(x, k);
    if (e === undefined) continue; // eslint-disable-line no-continue
    s += `${first ? "" : ","}${quote(k)}:${e}`;
    first = false;
  }
  return `${s}}`;
}

/** JSON.stringify(value) (no replacer/indent), but BigIntText digits raw and KEY_ORDER honoured. */
function stringify(value) {
  return special(value) ? ser(value, "") : JSON.stringify(value);
}

// ---- copies that keep BigIntText and KEY_ORDER

/** Deep copy of plain JSON data keeping BigIntText (shared: they are frozen) and key order. */
function copy(v) {
  if (v === null || typeof v !== "object" || v instanceof BigIntText) return v;
  if (Array.isArray(v)) return v.map(copy);
  if (typeof v.toJSON === "function") return copy(JSON.parse(JSON.stringify(v)));
  const o = {};
  for (const k of Object.keys(v)) {
    if (k === "__proto__") Object.defineProperty(o, k, { value: copy(v[k]), writable: true, enumerable: true, configurable: true });
    else o[k] = copy(v[k]);
  }
  if (v[KEY_ORDER]) o[KEY_ORDER] = v[KEY_ORDER];
  return o;
}

/**
 * `after` is a JSON.parse(JSON.stringify(before)) copy that was then changed (the base's patch
 * operations): put back, in place, the BigIntText values whose double is unchanged and the key
 * orders of the objects at the same paths. Returns `after`.
 */
function restoreFrom(before, after) {
  if (before instanceof BigIntText) return typeof after === "number" && after === Number(before[DIGITS]) ? before : after;
  if (!before || !after || typeof before !== "object" || typeof after !== "object") return after;
  if (Array.isArray(before) !== Array.isArray(after)) return after;
  if (Array.isArray(after)) {
    for (let i = 0; i < after.length && i < before.length; i += 1) after[i] = restoreFrom(before[i], after[i]);
    return after;
  }
  for (const k of Object.keys(after)) {
    if (Object.prototype.hasOwnProperty.call(before, k)) after[k] = restoreFrom(before[k], after[k]);
  }
  if (before[KEY_ORDER] && !after[KEY_ORDER]) after[KEY_ORDER] = before[KEY_ORDER];
  return after;
}

// ---- query engine
function stripUndefined(obj) {
  if (Array.isArray(obj)) {
    const out = [];
    for (const v of obj) if (typeof v !== "undefined") out.push(stripUndefined(v));
    return out;
  }
  if (obj && typeof obj === "object" && !(obj instanceof BigIntText)) {
    const o = {};
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v === "undefined") continue; // eslint-disable-line no-continue
      if (k === "__proto__") Object.defineProperty(o, k, { value: stripUndefined(v), writable: true, enumerable: true, configurable: true });
      else o[k] = stripUndefined(v);
    }
    if (obj[KEY_ORDER]) o[KEY_ORDER] = obj[KEY_ORDER];
    return o;
  }
  return obj;
}

const wrapArgs = f => function wrapped(...a) { return f.apply(this, a.map(num)); };

let engineDone = false;
/**
 * Patch @zeit/cosmosdb-query (0.7.2, resolved from `fromDir`) in place. Its helpers' internal
 * typeOf/deepEqual/comparator are not exported, so helpers.js is re-evaluated into the same
 * exports object with three one-line insertions (checked: a different source fails loudly).
 */
function patchQueryEngine(fromDir) {
  if (engineDone) return;
  engineDone = true;
  const libDir = path.dirname(require.resolve("@zeit/cosmosdb-query", { paths: [fromDir] }));
  const helpersFile = path.join(libDir, "helpers.js");
  const helpers = require(helpersFile); // eslint-disable-line global-require, import/no-dynamic-require
  let src = fs.readFileSync(helpersFile, "utf8");
  const edits = [
    ["const typeOf = (v) => {\n", "    if (v instanceof __BigIntText) return \"number\";\n"],
    ["const deepEqual = (a, b) => {\n", "    a = __num(a); b = __num(b);\n"],
    ["const comparator = (a, b) => {\n", "    a = __num(a); b = __num(b);\n"],
  ];
  for (const [at, insert] of edits) {
    const i = src.indexOf(at);
    if (i < 0 || src.indexOf(at, i + 1) >= 0) throw new Error(`fidelity: unexpected @zeit/cosmosdb-query helpers.js (no unique "${at.trim()}")`);
    src = src.slice(0, i + at.length) + insert + src.slice(i + at.length);
  }
  // eslint-disable-next-line no-new-func
  new Function("exports", "require", "module", "__filename", "__dirname", "__BigIntText", "__num", src)(
    helpers, createRequire(helpersFile), { exports: helpers }, helpersFile, libDir, BigIntText, num,
  );
  helpers.stripUndefined = stripUndefined;
  const helpersCalc = helpers.calculate;
  helpers.calculate = (op, a, b) => helpersCalc(op, num(a), num(b));
  const helpersUnary = helpers.calculateUnary;
  helpers.calculateUnary = (op, v) => helpersUnary(op, num(v));

  const builtins = require(path.join(libDir, "builtin-functions.js")); // eslint-disable-line global-require, import/no-dynamic-require
  for (const name of Object.keys(builtins)) {
    const f = builtins[name];
    if (typeof f !== "function") continue; // eslint-disable-line no-continue
    builtins[name] = name === "TOSTRING" ? (v, ...rest) => (v instanceof BigIntText ? v[DIGITS] : f(v, ...rest)) : wrapArgs(f);
  }
  const aggregates = require(path.join(libDir, "aggregate-functions.js")); // eslint-disable-line global-require, import/no-dynamic-require
  for (const name of Object.keys(aggregates)) {
    const f = aggregates[name];
    if (typeof f === "function") aggregates[name] = a => f(Array.isArray(a) ? a.map(num) : a);
  }
}

/** UDFs see a BigIntText as its double (the service runs UDFs in JavaScript). */
function numericUdfs(udf) {
  if (!udf) return udf;
  const out = {};
  for (const [k, f] of Object.entries(udf)) out[k] = typeof f === "function" ? wrapArgs(f) : f;
  return out;
}

module.exports = {
  BigIntText, KEY_ORDER, parse, stringify, copy, restoreFrom, num, isBig, digitsOf,
  isIndexKey, patchQueryEngine, numericUdfs, stripUndefined,
};
