#include "throughput.h"

#include "arm/controlplane.h"
#include "cosmosclient.h"
#include "pager.h"

#include <QPointer>

namespace Cosmos {

ThroughputInfo ThroughputInfo::fromOffer(const QJsonObject &offer)
{
    ThroughputInfo info;
    info.offer = offer;
    const QJsonObject content = offer.value(QStringLiteral("content")).toObject();
    info.throughput = content.value(QStringLiteral("offerThroughput")).toInt();
    const QJsonObject autopilot = content.value(QStringLiteral("offerAutopilotSettings")).toObject();
    info.autoscale = !autopilot.isEmpty();
    info.autoscaleMaxThroughput = autopilot.value(QStringLiteral("maxThroughput")).toInt();
    return info;
}

CosmosError ThroughputSettings::validate(int minimum) const
{
    if (autoscale) {
        if (value < 1000 || value % 1000 != 0)
            return CosmosError::invalidInput(
                QStringLiteral("Autoscale maximum RU/s must be at least 1000 and a multiple of 1000."));
    } else if (value < 400 || value % 100 != 0) {
        return CosmosError::invalidInput(
            QStringLiteral("Manual throughput must be at least 400 RU/s and a multiple of 100."));
    }
    if (minimum > 0 && !autoscale && value < minimum)
        return CosmosError::invalidInput(
            QStringLiteral("The minimum for this resource is %1 RU/s.").arg(minimum));
    return {};
}

static CosmosError noOffer(const ResourcePath &resource)
{
    CosmosError e;
    e.kind = CosmosError::Kind::Service;
    e.status = 404;
    e.code = QStringLiteral("NotFound");
    e.message = resource.kind() == ResourceKind::Container
                    ? QStringLiteral("Container \"%1\" has no throughput of its own: it shares the "
                                     "database's throughput, or the account is serverless.")
                          .arg(resource.id())
                    : QStringLiteral("Database \"%1\" has no shared throughput (its containers have "
                                     "their own), or the account is serverless.")
                          .arg(resource.id());
    return e;
}

void readThroughput(CosmosClient *client, const ResourcePath &resource, QObject *context,
                    ThroughputCallback callback)
{
    if (Arm::ControlPlane *arm = client->controlPlane()) // Entra: offers are ARM's
        return arm->readThroughput(resource, context, std::move(callback));
    QPointer<QObject> guard(context);
    client->read(resource, {}, context, [=](const CosmosResponse &r) {
        if (!r.ok())
            return callback({}, r.error);
        double charge = r.requestCharge;
        const QString rid = r.object().value(QStringLiteral("_rid")).toString();
        CosmosRequest q = CosmosRequest::post(
            ResourcePath::offers(),
            QJsonDocument(QuerySpec{QStringLiteral("SELECT * FROM root r WHERE r.offerResourceId = @rid"),
                                    {{QStringLiteral("@rid"), rid}}}
                              .toJson()));
        q.contentType = "application/query+json";
        q.idempotent = true;
        q.options.extraHeaders.push_back({"x-ms-documentdb-isquery", "True"});
        client->send(q, context, [=](const CosmosResponse &qr) {
            if (!qr.ok())
                return callback({}, qr.error);
            const QJsonArray offers = qr.object().value(QStringLiteral("Offers")).toArray();
            if (offers.isEmpty())
                return callback({}, noOffer(resource));
            const QString offerRid = offers.first().toObject().value(QStringLiteral("_rid")).toString();
            // Read the offer itself for x-ms-cosmos-min-throughput.
            client->read(ResourcePath::offer(offerRid), {}, context,
                         [=](const CosmosResponse &o) {
                             if (!o.ok())
                                 return callback({}, o.error);
                             ThroughputInfo info = ThroughputInfo::fromOffer(o.object());
                             info.minThroughput = o.header("x-ms-cosmos-min-throughput").toInt();
                             info.requestCharge = charge + qr.requestCharge + o.requestCharge;
                             callback(info, {});
                         });
        });
    });
}

static QJsonObject withSettings(QJsonObject offer, const ThroughputSettings &s)
{
    QJsonObject content = offer.value(QStringLiteral("content")).toObject();
    if (s.autoscale) {
        content.remove(QStringLiteral("offerThroughput"));
        content.insert(QStringLiteral("offerAutopilotSettings"),
                       QJsonObject{{QStringLiteral("maxThroughput"), s.value}});
    } else {
        content.remove(QStringLiteral("offerAutopilotSettings"));
        content.insert(QStringLiteral("offerThroughput"), s.value);
    }
    offer.insert(QStringLiteral("content"), content);
    return offer;
}

void replaceThroughput(CosmosClient *client, const ResourcePath &resource,
                       const ThroughputSettings &settings, QObject *context,
                       ThroughputCallback callback)
{
    if (Arm::ControlPlane *arm = client->controlPlane())
        return arm->replaceThroughput(resource, settings, context, std::move(callback));
    readThroughput(client, resource, context, [=](const ThroughputInfo &current, const CosmosError &e) {
        if (e.isError())
            return callback({}, e);
        if (CosmosError invalid = settings.validate(current.minThroughput); invalid.isError())
            return callback(current, invalid);
        const ResourcePath offerPath = ResourcePath::offer(current.offerRid());
        const auto put = [=](const QJsonObject &offer, double chargeSoFar) {
            CosmosRequest r = CosmosRequest::put(offerPath, QJsonDocument(withSettings(offer, settings)));
            client->send(r, context, [=](const CosmosResponse &pr) {
                if (!pr.ok())
                    return callback(current, pr.error);
                ThroughputInfo info = ThroughputInfo::fromOffer(pr.object());
                info.minThroughput = current.minThroughput;
                info.requestCharge = chargeSoFar + pr.requestCharge;
                callback(info, {});
            });
        };
        if (current.autoscale == settings.autoscale)
            return put(current.offer, current.requestCharge);
        // Switching mode: migrate first (the service picks the converted value), then set ours.
        CosmosRequest migrate = CosmosRequest::put(offerPath, QJsonDocument(current.offer));
        migrate.options.extraHeaders.append(
            {settings.autoscale ? QByteArray("x-ms-cosmos-migrate-offer-to-autopilot")
                                : QByteArray("x-ms-cosmos-migrate-offer-to-manual-throughput"),
             "true"});
        client->send(migrate, context, [=](const CosmosResponse &mr) {
            if (!mr.ok())
                return callback(current, mr.error);
            put(mr.object(), current.requestCharge + mr.requestCharge);
        });
    });
}

} // namespace Cosmos
