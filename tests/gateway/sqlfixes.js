"use strict";
// Where the base query engine (@zeit/cosmosdb-query 0.7.2) answers differently from the service,
// found by the query oracle (tests/oracle), patched here once at load:
// - `=` and `!=` between values of different types are undefined (as <, >), not false/true;
// - JOIN / IN over something that is not an array yields no rows (the base threw
//   "(c.tags || []).map is not a function" for a string);
// - CONTAINS, STARTSWITH and ENDSWITH take the optional ignore-case argument;
// - REPLACE replaces every occurrence; ROUND rounds half away from zero;
// - a composite index also serves the ORDER BY that reverses every one of its paths.
const path = require("path");
const fidelity = require("./fidelity");

let done = false;

const typeOf = v => {
  const x = fidelity.num(v);
  if (x === null) return "null";
  if (Array.isArray(x)) return "array";
  return typeof x;
};

/** A built-in with 2 required string arguments and an optional boolean (ignore case). */
function stringTest(name, test) {
  return (...a) => {
    if (a.length < 2 || a.length > 3) {
      throw new SyntaxError(`The ${name} function requires 2 or 3 argument(s)`);
    }
    const [s, t, ignoreCase] = a;
    if (typeof s !== "string" || typeof t !== "string") return undefined;
    if (a.length === 3 && typeof ignoreCase !== "boolean") return undefined;
    return ignoreCase ? test(s.toLowerCase(), t.toLowerCase()) : test(s, t);
  };
}

function applySqlFixes(fromDir) {
  if (done) return;
  done = true;
  const libDir = path.dirname(require.resolve("@zeit/cosmosdb-query", { paths: [fromDir] }));
  const helpers = require(path.join(libDir, "helpers.js")); // eslint-disable-line global-require, import/no-dynamic-require
  const builtins = require(path.join(libDir, "builtin-functions.js")); // eslint-disable-line global-require, import/no-dynamic-require
  const queryLib = require(libDir); // eslint-disable-line global-require, import/no-dynamic-require

  const baseEqual = helpers.equal;
  helpers.equal = (a, b) => {
    if (a === undefined || b === undefined || typeOf(a) !== typeOf(b)) return undefined;
    return baseEqual(a, b);
  };

  // A composite index serves its exact reverse too (ORDER BY a DESC, b DESC on (a ASC, b ASC)).
  const baseSort = helpers.sort;
  const flip = o => (String(o || "ascending").toLowerCase() === "descending" ? "ascending" : "descending");
  helpers.sort = (collection, getRid, compositeIndexes, ...orders) => {
    const both = (compositeIndexes || []).flatMap(ix => [
      ix.map(i => ({ ...i, order: String(i.order || "ascending").toLowerCase() })),
      ix.map(i => ({ ...i, order: flip(i.order) })),
    ]);
    return baseSort(collection, getRid, compositeIndexes ? both : compositeIndexes, ...orders);
  };

  builtins.CONTAINS = stringTest("CONTAINS", (s, t) => s.includes(t));
  builtins.STARTSWITH = stringTest("STARTSWITH", (s, t) => s.startsWith(t));
  builtins.ENDSWITH = stringTest("ENDSWITH", (s, t) => s.endsWith(t));
  const baseReplace = builtins.REPLACE;
  builtins.REPLACE = (...a) => {
    const r = baseReplace(...a); // arity and type checks
    return r === undefined ? r : a[0].split(a[1]).join(a[2]);
  };
  const baseRound = builtins.ROUND;
  builtins.ROUND = (...a) => {
    const r = baseRound(...a.map(fidelity.num));
    if (r === undefined) return r;
    const v = fidelity.num(a[0]);
    return Math.sign(v) * Math.round(Math.abs(v));
  };

  // The generated code iterates a JOIN source as `(c.tags || []).map(…)`: only arrays iterate.
  const proto = Object.getPrototypeOf(queryLib.default("SELECT 1"));
  const codeOf = Object.getOwnPropertyDescriptor(proto, "code").get;
  const SOURCE = /\(([\w$]+(?:\.[\w$]+|\[(?:\d+|"(?:[^"\\]|\\.)*")\])*) \|\| \[\]\)\.map\(/g;
  Object.defineProperty(proto, "code", {
    configurable: true,
    get() {
      if (!this._code) { // eslint-disable-line no-underscore-dangle
        this._code = codeOf.call(this).replace(SOURCE, "(Array.isArray($1) ? $1 : []).map("); // eslint-disable-line no-underscore-dangle
      }
      return this._code; // eslint-disable-line no-underscore-dangle
    },
  });
}

module.exports = { applySqlFixes };
