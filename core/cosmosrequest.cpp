#include "cosmosrequest.h"

namespace Cosmos {

HeaderList RequestOptions::toHeaders() const
{
    HeaderList h;
    if (partitionKey.isSet())
        h.push_back({"x-ms-documentdb-partitionkey", partitionKey.headerValue()});
    if (!ifMatch.isEmpty())
        h.push_back({"If-Match", ifMatch.toUtf8()});
    if (!ifNoneMatch.isEmpty())
        h.push_back({"If-None-Match", ifNoneMatch.toUtf8()});
    if (!preTrigger.isEmpty())
        h.push_back({"x-ms-documentdb-pre-trigger-include", preTrigger.toUtf8()});
    if (!postTrigger.isEmpty())
        h.push_back({"x-ms-documentdb-post-trigger-include", postTrigger.toUtf8()});
    if (!indexingDirective.isEmpty())
        h.push_back({"x-ms-indexing-directive", indexingDirective.toUtf8()});
    if (offerThroughput > 0)
        h.push_back({"x-ms-offer-throughput", QByteArray::number(offerThroughput)});
    if (autoscaleMaxThroughput > 0) {
        h.push_back({"x-ms-cosmos-offer-autopilot-settings",
                  "{\"maxThroughput\":" + QByteArray::number(autoscaleMaxThroughput) + "}"});
    }
    if (enableScriptLogging)
        h.push_back({"x-ms-documentdb-script-enable-logging", "true"});
    if (populateQueryMetrics)
        h.push_back({"x-ms-documentdb-populatequerymetrics", "True"});
    if (populateIndexMetrics)
        h.push_back({"x-ms-cosmos-populateindexmetrics-V2", "True"});
    if (maxItemCount != 0)
        h.push_back({"x-ms-max-item-count", QByteArray::number(maxItemCount)});
    if (resourceTokenExpirySeconds > 0)
        h.push_back({"x-ms-documentdb-expiry-seconds", QByteArray::number(resourceTokenExpirySeconds)});
    if (!consistencyLevel.isEmpty())
        h.push_back({"x-ms-consistency-level", consistencyLevel.toUtf8()});
    if (maxIntegratedCacheStalenessMs >= 0) {
        h.push_back({"x-ms-dedicatedgateway-max-age",
                     QByteArray::number(maxIntegratedCacheStalenessMs)});
    }
    h.append(extraHeaders);
    return h;
}

CosmosError CosmosResponse::damaged(const QString &what, const QString &from) const
{
    CosmosError e;
    e.kind = CosmosError::Kind::Damaged;
    e.status = status;
    e.activityId = activityId;
    e.requestCharge = requestCharge;
    e.message = QStringLiteral("Damaged response%1 (HTTP %2, %3 bytes received%4): %5")
                    .arg(from.isEmpty() ? QString() : QStringLiteral(" from ") + from)
                    .arg(status)
                    .arg(body.size())
                    .arg(activityId.isEmpty() ? QString() : QStringLiteral(", activity id ") + activityId)
                    .arg(what);
    return e;
}

CosmosRequest CosmosRequest::get(const ResourcePath &path)
{
    CosmosRequest r;
    r.path = path;
    return r;
}

CosmosRequest CosmosRequest::post(const ResourcePath &path, const QJsonDocument &body)
{
    CosmosRequest r;
    r.verb = "POST";
    r.path = path;
    r.body = body.toJson(QJsonDocument::Compact);
    r.idempotent = false;
    return r;
}

CosmosRequest CosmosRequest::put(const ResourcePath &path, const QJsonDocument &body)
{
    CosmosRequest r = post(path, body);
    r.verb = "PUT";
    return r;
}

CosmosRequest CosmosRequest::del(const ResourcePath &path)
{
    CosmosRequest r;
    r.verb = "DELETE";
    r.path = path;
    r.idempotent = false;
    return r;
}

} // namespace Cosmos
