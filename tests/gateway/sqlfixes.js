"use strict";
// Query semantics of the service that the base engine (@zeit/cosmosdb-query 0.7.2) gets wrong,
// patched into it after fidelity.js has taught it BigIntText (main's engine.js and i10q's first
// sqlfixes.js, merged). Each rule here was found by the
// oracle corpus (tests/oracle/) and follows the service's documentation:
// - `=`, `!=` between values of different types are undefined, not false/true;
// - JOIN / IN over a value that is not an array yields no rows (the base threw a TypeError);
// - CONTAINS, STARTSWITH, ENDSWITH take an optional ignore-case boolean; INDEX_OF an optional
//   start position; REPLACE replaces every occurrence; ROUND rounds half away from zero;
// - ORDER BY returns items whose sort value is undefined (first ascending, last descending), and a
//   multi-key ORDER BY is served by a composite index in its exact order or its exact reverse.
const path = require("path");
const fidelity = require("./fidelity");

let done = false;

/** Replace `(x || []).map` (the base's JOIN/IN source) by `$h.iterable(x).map`. */
function rewriteJoinSources(node) {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const n of node) rewriteJoinSources(n);
    return;
  }
  if (node.type === "MemberExpression" && node.property && node.property.name === "map") {
    const o = node.object;
    if (o && o.type === "LogicalExpression" && o.operator === "||" && o.right
      && o.right.type === "ArrayExpression" && o.right.elements.length === 0) {
      node.object = {
        type: "CallExpression",
        callee: { type: "MemberExpression", object: { type: "Identifier", name: "$h" }, property: { type: "Identifier", name: "iterable" } },
        arguments: [o.left],
      };
    }
  }
  for (const k of Object.keys(node)) {
    if (k !== "loc" && k !== "start" && k !== "end") rewriteJoinSources(node[k]);
  }
}

function typeOf(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (fidelity.isBig(v)) return "number";
  return typeof v;
}

function applySqlFixes(fromDir) {
  if (done) return;
  done = true;
  const libDir = path.dirname(require.resolve("@zeit/cosmosdb-query", { paths: [fromDir] }));
  const lib = f => require(path.join(libDir, f)); // eslint-disable-line global-require, import/no-dynamic-require
  const helpers = lib("helpers.js");
  const builtins = lib("builtin-functions.js");
  const transformer = lib("transformer.js");
  const { SyntaxError } = lib("parser.js");

  // ---- equality across types is undefined
  const baseEqual = helpers.equal;
  helpers.equal = (a, b) => {
    if (a === undefined || b === undefined) return undefined;
    return typeOf(a) === typeOf(b) ? baseEqual(a, b) : undefined;
  };

  // ---- JOIN / IN over non-arrays
  helpers.iterable = v => (Array.isArray(v) ? v : []);
  const transform = transformer.default;
  transformer.default = sqlAst => {
    const js = transform(sqlAst);
    rewriteJoinSources(js);
    return js;
  };

  // ---- ORDER BY: undefined values kept; composite indexes served both ways
  const baseSort = helpers.sort;
  helpers.sort = (collection, getRid, compositeIndexes, ...orders) => {
    if (orders.length > 1 && compositeIndexes) {
      const served = reverse => compositeIndexes.some(index => index.length === orders.length && index.every((ix, i) => {
        const [keys, desc] = orders[i];
        const asc = (ix.order || "ascending") === "ascending";
        return `/${keys.slice(1).join("/")}` === ix.path && (reverse ? desc === asc : desc !== asc);
      }));
      if (!served(false) && !served(true)) {
        throw new Error("The order by query does not have a corresponding composite index that it can be served from.");
      }
    }
    // The base drops undefined values for a single key after sorting: sort with a key list of two
    // (the same key twice) so it keeps every item, without the composite check (no indexes given).
    return orders.length === 1 ? baseSort(collection, getRid, undefined, orders[0], orders[0]) : baseSort(collection, getRid, undefined, ...orders);
  };

  // ---- built-in functions
  const str = v => typeof v === "string";
  const arity = (name, a, min, max) => {
    if (a.length < min || a.length > max) {
      throw new SyntaxError(`The ${name} function requires ${min === max ? min : `${min} to ${max}`} argument(s)`);
    }
  };
  const fold = (s, ic) => (ic === true ? s.toLowerCase() : s);
  const stringTest = (name, test) => (...a) => {
    arity(name, a, 2, 3);
    const [s, t, ic] = a;
    if (!str(s) || !str(t) || (a.length === 3 && typeof ic !== "boolean")) return undefined;
    return test(fold(s, ic), fold(t, ic));
  };
  builtins.CONTAINS = stringTest("CONTAINS", (s, t) => s.includes(t));
  builtins.STARTSWITH = stringTest("STARTSWITH", (s, t) => s.startsWith(t));
  builtins.ENDSWITH = stringTest("ENDSWITH", (s, t) => s.endsWith(t));
  builtins.INDEX_OF = (...a) => {
    arity("INDEX_OF", a, 2, 3);
    const [s, t] = a;
    const from = fidelity.num(a[2]);
    if (!str(s) || !str(t) || (a.length === 3 && typeof from !== "number")) return undefined;
    return s.indexOf(t, a.length === 3 ? from : 0);
  };
  builtins.REPLACE = (...a) => {
    arity("REPLACE", a, 3, 3);
    const [s, from, to] = a;
    if (!str(s) || !str(from) || !str(to)) return undefined;
    return from === "" ? s : s.split(from).join(to);
  };
  builtins.ROUND = (...a) => {
    arity("ROUND", a, 1, 1);
    const v = fidelity.num(a[0]);
    if (typeof v !== "number") return undefined;
    return Math.sign(v) * Math.round(Math.abs(v));
  };
}

module.exports = { applySqlFixes, rewriteJoinSources };
