#pragma once

#include "cosmosrequest.h"

#include <QObject>

#include <functional>

namespace Cosmos {

class CosmosClient;

/// A database's or container's provisioned throughput (its offer).
struct ThroughputInfo
{
    QJsonObject offer;          ///< the offer resource as read
    bool autoscale = false;
    int throughput = 0;         ///< manual RU/s, or the current autoscale RU/s
    int autoscaleMaxThroughput = 0;
    int minThroughput = 0;      ///< x-ms-cosmos-min-throughput, 0 when not reported
    double requestCharge = 0;

    QString offerRid() const { return offer.value(QStringLiteral("_rid")).toString(); }
    static ThroughputInfo fromOffer(const QJsonObject &offer);
};

/// The wanted setting: manual RU/s or autoscale maximum RU/s.
struct ThroughputSettings
{
    bool autoscale = false;
    int value = 0;
    /// Multiples of 100 and at least 400 (manual) or at least 1000 (autoscale max),
    /// and not under `minimum` when known.
    CosmosError validate(int minimum = 0) const;
};

using ThroughputCallback = std::function<void(const ThroughputInfo &, const CosmosError &)>;

/// Reads the offer of a database or container path. A resource without its own offer
/// (shared database throughput, serverless) answers a NotFound error that says so.
void readThroughput(CosmosClient *client, const ResourcePath &resource, QObject *context,
                    ThroughputCallback callback);
/// Replaces the offer, switching between manual and autoscale when asked.
void replaceThroughput(CosmosClient *client, const ResourcePath &resource,
                       const ThroughputSettings &settings, QObject *context,
                       ThroughputCallback callback);

} // namespace Cosmos
