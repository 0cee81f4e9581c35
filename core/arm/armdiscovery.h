#pragma once

#include "armclient.h"

#include <QList>

namespace Cosmos::Arm {

struct Tenant
{
    QString tenantId;
    QString displayName;
    QString defaultDomain;
};

struct Subscription
{
    QString subscriptionId;
    QString displayName;
    QString tenantId;
    QString state;
};

/// A Cosmos DB for NoSQL account as ARM lists it.
struct Account
{
    QString
        id; ///< /subscriptions/…/resourceGroups/…/providers/Microsoft.DocumentDB/databaseAccounts/n
    QString name;
    QString subscriptionId;
    QString resourceGroup;
    QString location;
    QUrl documentEndpoint;
    bool disableLocalAuth = false;

    static Account fromJson(const QJsonObject &o);
};

/// True for a NoSQL account: not kind MongoDB, no Table / Cassandra / Gremlin / Mongo capability.
bool isNoSqlAccount(const QJsonObject &account);
/// The same host and port (default 443), for matching a connection to an ARM account.
bool sameEndpoint(const QUrl &a, const QUrl &b);

/// Tenants › subscriptions › accounts, lazily, one level per call; keys by listKeys.
class Discovery : public QObject
{
    Q_OBJECT
public:
    explicit Discovery(ArmClient *arm, QObject *parent = nullptr);

    void tenants(QObject *context,
                 std::function<void(const QList<Tenant> &, const CosmosError &)> callback);
    void
    subscriptions(QObject *context,
                  std::function<void(const QList<Subscription> &, const CosmosError &)> callback);
    /// NoSQL accounts of a subscription (paged by nextLink), others filtered out.
    void accounts(const QString &subscriptionId,
                  QObject *context,
                  std::function<void(const QList<Account> &, const CosmosError &)> callback);
    /// Every NoSQL account of every subscription of the signed-in tenant.
    void allAccounts(QObject *context,
                     std::function<void(const QList<Account> &, const CosmosError &)> callback);
    /// The account whose documentEndpoint is `endpoint`; NotFound error when none.
    void findAccount(const QUrl &endpoint,
                     QObject *context,
                     std::function<void(const Account &, const CosmosError &)> callback);
    /// The primary master key (the caller keeps it in the keychain only).
    void listKeys(const QString &accountId,
                  QObject *context,
                  std::function<void(const QByteArray &primaryKey, const CosmosError &)> callback);

private:
    QPointer<ArmClient> m_arm;
};

} // namespace Cosmos::Arm
