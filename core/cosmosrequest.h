#pragma once

#include "cosmoserror.h"
#include "partitionkey.h"
#include "resourcepath.h"

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QUrl>

namespace Cosmos {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

/// Per-operation options; each maps to a request header.
struct RequestOptions
{
    PartitionKey partitionKey;        ///< x-ms-documentdb-partitionkey
    QString ifMatch;                  ///< If-Match (replace, delete)
    QString ifNoneMatch;              ///< If-None-Match
    QString preTrigger;               ///< x-ms-documentdb-pre-trigger-include
    QString postTrigger;              ///< x-ms-documentdb-post-trigger-include
    QString indexingDirective;        ///< "Include" / "Exclude"
    int offerThroughput = 0;          ///< manual RU/s on database/container create
    int autoscaleMaxThroughput = 0;   ///< autoscale max RU/s on database/container create
    bool enableScriptLogging = false; ///< stored procedure console.log into the response
    bool populateQueryMetrics = false;
    bool populateIndexMetrics = false;
    int maxItemCount = 0;             ///< page size for feeds; 0 = not sent, -1 = service decides
    int resourceTokenExpirySeconds = 0; ///< permissions: lifetime of the issued token
    QString consistencyLevel;         ///< x-ms-consistency-level (empty: the connection's)
    /// x-ms-session-token for this request instead of the one the client keeps (Session reads).
    QString sessionToken;
    /// x-ms-dedicatedgateway-max-age: the integrated cache's largest staleness; -1 = not sent.
    qint64 maxIntegratedCacheStalenessMs = -1;
    HeaderList extraHeaders;
    /// Not a header: an earlier attempt of this write (by the caller) may have been applied,
    /// so a 409/412 that meets the same content is its success (CosmosClient::create/replace).
    bool priorAttemptUnknown = false;

    HeaderList toHeaders() const;
};

/// One REST call.
struct CosmosRequest
{
    QByteArray verb = "GET";
    ResourcePath path;
    QByteArray body;
    QByteArray contentType = "application/json";
    RequestOptions options;
    /// Reads, queries and feeds are safe to retry on 408/503; writes are not.
    bool idempotent = true;
    /// A write that is retried on resets, timeouts, 408 and 503 although it is not idempotent;
    /// the caller settles an unknown outcome (item writes: CosmosClient::writeItem/removeItem).
    bool retryWrites = false;
    /// The body must be JSON (2xx answers): a feed, a resource, a script's result.
    bool expectJson = true;
    /// Sent to this endpoint, not routed by region (reading the account during discovery).
    QUrl endpoint;

    static CosmosRequest get(const ResourcePath &path);
    static CosmosRequest post(const ResourcePath &path, const QJsonDocument &body);
    static CosmosRequest put(const ResourcePath &path, const QJsonDocument &body);
    static CosmosRequest del(const ResourcePath &path);
};

/// The answer to one call, with everything a user cares about.
struct CosmosResponse
{
    int status = 0;
    CosmosError error;          ///< set when the call failed, for any reason
    QByteArray body;
    QJsonDocument json;         ///< parsed body (parsed off the caller's thread when large)
    double requestCharge = 0;   ///< total RU, including retried attempts
    QString activityId;
    QString etag;
    QString continuation;
    QString sessionToken;
    QString region;             ///< the region that answered ("" when the account has none known)
    int itemCount = -1;
    qint64 elapsedMs = 0;
    int retries = 0;
    /// An earlier attempt of this write may have been applied (its answer was lost): a 409,
    /// 412 or 404 may be that attempt's own effect.
    bool outcomeUnknown = false;
    /// The outcome was confirmed by reading the item back after an unknown attempt.
    bool confirmedByRead = false;
    /// A create met 409 and the stored item has the same content (system properties aside):
    /// it was already there.
    bool existingSameContent = false;
    QHash<QByteArray, QByteArray> headers; ///< lowercase names

    bool ok() const { return !error.isError(); }
    /// A "damaged response" error for this answer: status, bytes received, activity id and
    /// what was wrong; `from` names the host when known.
    CosmosError damaged(const QString &what, const QString &from = {}) const;
    QJsonObject object() const { return json.object(); }
    QByteArray header(const QByteArray &lowercaseName) const { return headers.value(lowercaseName); }
};

} // namespace Cosmos
