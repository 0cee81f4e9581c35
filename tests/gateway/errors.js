"use strict";
// Error helpers: every error body the gateway sends is {"code": "...", "message": "..."}.

const CODES = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  408: "RequestTimeout",
  409: "Conflict",
  412: "PreconditionFailed",
  413: "RequestEntityTooLarge",
  429: "TooManyRequests",
  500: "InternalServerError",
  503: "ServiceUnavailable",
};

const DEFAULT_MESSAGES = {
  400: "One of the specified inputs is invalid.",
  401: "The input authorization token can't serve the request.",
  403: "The request was forbidden.",
  404: "Resource Not Found. Learn more: https://aka.ms/cosmosdb-tsg-not-found",
  409: "Resource with specified id or name already exists.",
  412: "Operation cannot be performed because one of the specified precondition is not met.",
  500: "Internal server error.",
};

/** An error carrying an HTTP status; thrown by gateway modules and turned into a response. */
class HttpError extends Error {
  constructor(status, message, extra) {
    super(message || DEFAULT_MESSAGES[status] || CODES[status] || "Error");
    this.status = status;
    this.extra = extra || {};
  }
}

const codeFor = status => CODES[status] || (status >= 500 ? "InternalServerError" : "BadRequest");

/** Normalise any body for a status >= 400 into the service's {code, message} shape. */
function normaliseErrorBody(status, body) {
  const b = body && typeof body === "object" && !Array.isArray(body) ? body : {};
  let message = typeof b.message === "string" && b.message ? b.message : DEFAULT_MESSAGES[status];
  if (status === 409 && message === "conflict") message = DEFAULT_MESSAGES[409];
  if (!message) message = codeFor(status);
  const out = { code: typeof b.code === "string" && b.code ? b.code : codeFor(status), message };
  if (typeof b.additionalErrorInfo === "string") out.additionalErrorInfo = b.additionalErrorInfo;
  return out;
}

const badRequest = msg => new HttpError(400, msg);
const notFound = msg => new HttpError(404, msg);
const conflict = msg => new HttpError(409, msg);

module.exports = { HttpError, normaliseErrorBody, codeFor, badRequest, notFound, conflict };
