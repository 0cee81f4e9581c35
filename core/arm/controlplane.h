#pragma once

#include "armclient.h"
#include "cosmosclient.h"
#include "throughput.h"

namespace Cosmos::Arm {

/// The management requests of an Entra connection, sent through ARM instead of the data plane
/// (which refuses them with 403/5300): databases, containers, throughput and stored
/// procedure / trigger / UDF writes. CosmosClient routes them here; callers see the same
/// CosmosResponse as from the data plane (201 created, 200 replaced, 204 deleted, 409 when a
/// create meets an existing resource), with the resource as the body.
class ControlPlane : public QObject
{
    Q_OBJECT
public:
    /// `accountId` may be empty: it is found by searching the subscriptions for `endpoint`.
    ControlPlane(ArmClient *arm,
                 const QUrl &endpoint,
                 const QString &accountId,
                 QObject *parent = nullptr);

    ArmClient *arm() const { return m_arm; }
    /// Is `request` one that goes through ARM?
    static bool handles(const CosmosRequest &request);
    PendingRequest *send(const CosmosRequest &request, QObject *context, ResponseCallback callback);
    /// The account's ARM id (cached after the first search).
    void accountId(QObject *context, std::function<void(const QString &, const CosmosError &)> cb);
    /// The ARM id when known (given, or found already); empty otherwise.
    QString knownAccountId() const { return m_accountId; }
    void readThroughput(const ResourcePath &resource, QObject *context, ThroughputCallback cb);
    void replaceThroughput(const ResourcePath &resource,
                           const ThroughputSettings &settings,
                           QObject *context,
                           ThroughputCallback cb);

Q_SIGNALS:
    /// A long-running ARM operation reports its state ("Accepted", "InProgress" …).
    void progress(const QString &what, const QString &status);

private:
    void run(const CosmosRequest &request, const QString &accountId, PendingRequest *group);
    ArmOperation *begin(const QByteArray &verb,
                        const QString &path,
                        const QJsonObject &body,
                        const QString &what,
                        QObject *context);

    QPointer<ArmClient> m_arm;
    QUrl m_endpoint;
    QString m_accountId;
};

/// The ARM path of a database, container or script below `accountId`.
QString armPath(const QString &accountId, const ResourcePath &path);

} // namespace Cosmos::Arm
