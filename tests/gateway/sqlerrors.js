"use strict";
// Query errors in the service's shape: a 400 whose message embeds the query engine's `errors`
// array, each with severity, code (SC1001 syntax, SC1002 end of input, SC2001 unknown
// identifier …), message and the character range (location start/end, 0-based, end exclusive)
// an editor can underline:
//   Message: {"errors":[{"severity":"Error","location":{"start":9,"end":13},"code":"SC1001",
//   "message":"Syntax error, incorrect syntax near 'FORM'."}]}\r\nActivityId: …, Microsoft…
const { HttpError } = require("./errors");

/** Replaced by the response's x-ms-activity-id in server.js. */
const ACTIVITY = "{activity-id}";

function queryError(errors) {
  const inner = JSON.stringify({
    errors: errors.map(e => ({ severity: "Error", location: { start: e.start, end: e.end }, code: e.code, message: e.message })),
  });
  const err = new HttpError(400, `Message: ${inner}\r\nActivityId: ${ACTIVITY}, Microsoft.Azure.Documents.Common/2.14.0`);
  err.code = "BadRequest";
  err.queryErrors = errors;
  return err;
}

/** The token of `text` at `offset`: a word, a quoted string, or one character. */
function tokenAt(text, offset) {
  const rest = text.slice(offset);
  const m = /^(?:[A-Za-z_$@][A-Za-z0-9_$]*|\d+(?:\.\d+)?|"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|\S)/.exec(rest);
  return m ? m[0] : "";
}

/**
 * A parser error (pegjs SyntaxError with location.start.offset) as the service reports it;
 * `toOriginal(offset)` maps an offset of the parsed text back to the user's text.
 */
function syntaxError(err, text, toOriginal = o => o) {
  const at = err && err.location && err.location.start ? err.location.start.offset : 0;
  const start = toOriginal(at);
  const token = tokenAt(text, start);
  if (!token) return queryError([{ start: text.length, end: text.length, code: "SC1002", message: "Syntax error, unexpected end-of-file." }]);
  return queryError([{ start, end: start + token.length, code: "SC1001", message: `Syntax error, incorrect syntax near '${token}'.` }]);
}

/** Where `word` first stands as an identifier in `text`, outside string literals (or -1). */
function identifierAt(text, word) {
  const re = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[A-Za-z_$][A-Za-z0-9_$]*/g;
  let m;
  while ((m = re.exec(text))) {
    const prev = m.index > 0 ? text[m.index - 1] : "";
    if (m[0] === word && prev !== "." && prev !== "@") return m.index;
  }
  return -1;
}

/**
 * An error thrown while running a query, in the service's shape when it is one the service
 * reports with a location (an unknown identifier); else null.
 */
function runtimeError(err, text) {
  const m = /^([A-Za-z_$][A-Za-z0-9_$]*) is not defined$/.exec((err && err.message) || "");
  if (!m || !(err instanceof ReferenceError)) return null;
  const at = identifierAt(text, m[1]);
  if (at < 0) return null;
  return queryError([{ start: at, end: at + m[1].length, code: "SC2001", message: `Identifier '${m[1]}' could not be resolved.` }]);
}

module.exports = { queryError, syntaxError, runtimeError, identifierAt, ACTIVITY };
