#include "armdiscovery.h"

namespace Cosmos::Arm {

Account Account::fromJson(const QJsonObject &o)
{
    Account a;
    a.id = o.value(QStringLiteral("id")).toString();
    a.name = o.value(QStringLiteral("name")).toString();
    a.location = o.value(QStringLiteral("location")).toString();
    const QStringList parts = a.id.split(QLatin1Char('/'));
    for (int i = 0; i + 1 < parts.size(); ++i) {
        if (parts.at(i).compare(QLatin1String("subscriptions"), Qt::CaseInsensitive) == 0)
            a.subscriptionId = parts.at(i + 1);
        else if (parts.at(i).compare(QLatin1String("resourceGroups"), Qt::CaseInsensitive) == 0)
            a.resourceGroup = parts.at(i + 1);
    }
    const QJsonObject props = o.value(QStringLiteral("properties")).toObject();
    a.documentEndpoint = QUrl(props.value(QStringLiteral("documentEndpoint")).toString());
    a.disableLocalAuth = props.value(QStringLiteral("disableLocalAuth")).toBool();
    return a;
}

bool isNoSqlAccount(const QJsonObject &account)
{
    if (account.value(QStringLiteral("kind"))
            .toString()
            .compare(QLatin1String("MongoDB"), Qt::CaseInsensitive)
        == 0)
        return false;
    const QJsonArray caps = account.value(QStringLiteral("properties"))
                                .toObject()
                                .value(QStringLiteral("capabilities"))
                                .toArray();
    for (const QJsonValue &c : caps) {
        const QString name = c.toObject().value(QStringLiteral("name")).toString();
        for (const char *api : {"EnableTable", "EnableCassandra", "EnableGremlin", "EnableMongo"}) {
            if (name.compare(QLatin1String(api), Qt::CaseInsensitive) == 0)
                return false;
        }
    }
    return true;
}

bool sameEndpoint(const QUrl &a, const QUrl &b)
{
    return a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && a.port(443) == b.port(443);
}

Discovery::Discovery(ArmClient *arm, QObject *parent)
    : QObject(parent)
    , m_arm(arm)
{
}

void Discovery::tenants(QObject *context,
                        std::function<void(const QList<Tenant> &, const CosmosError &)> callback)
{
    m_arm->listAll(QStringLiteral("/tenants"),
                   resourcesApiVersion(),
                   context,
                   [callback](const QJsonArray &values, const CosmosError &e) {
                       QList<Tenant> list;
                       for (const QJsonValue &v : values) {
                           const QJsonObject o = v.toObject();
                           list.append({o.value(QStringLiteral("tenantId")).toString(),
                                        o.value(QStringLiteral("displayName")).toString(),
                                        o.value(QStringLiteral("defaultDomain")).toString()});
                       }
                       callback(list, e);
                   });
}

void Discovery::subscriptions(
    QObject *context,
    std::function<void(const QList<Subscription> &, const CosmosError &)> callback)
{
    m_arm->listAll(QStringLiteral("/subscriptions"),
                   resourcesApiVersion(),
                   context,
                   [callback](const QJsonArray &values, const CosmosError &e) {
                       QList<Subscription> list;
                       for (const QJsonValue &v : values) {
                           const QJsonObject o = v.toObject();
                           list.append({o.value(QStringLiteral("subscriptionId")).toString(),
                                        o.value(QStringLiteral("displayName")).toString(),
                                        o.value(QStringLiteral("tenantId")).toString(),
                                        o.value(QStringLiteral("state")).toString()});
                       }
                       callback(list, e);
                   });
}

void Discovery::accounts(const QString &subscriptionId,
                         QObject *context,
                         std::function<void(const QList<Account> &, const CosmosError &)> callback)
{
    m_arm->listAll(
        QStringLiteral("/subscriptions/%1/providers/Microsoft.DocumentDB/databaseAccounts")
            .arg(subscriptionId),
        documentDbApiVersion(),
        context,
        [callback](const QJsonArray &values, const CosmosError &e) {
            QList<Account> list;
            for (const QJsonValue &v : values) {
                if (isNoSqlAccount(v.toObject()))
                    list.append(Account::fromJson(v.toObject()));
            }
            callback(list, e);
        });
}

void Discovery::allAccounts(
    QObject *context, std::function<void(const QList<Account> &, const CosmosError &)> callback)
{
    QPointer<Discovery> self(this);
    subscriptions(context, [=](const QList<Subscription> &subs, const CosmosError &e) {
        if (e.isError() || subs.isEmpty() || !self)
            return callback({}, e);
        auto all = std::make_shared<QList<Account>>();
        auto remaining = std::make_shared<int>(int(subs.size()));
        auto firstError = std::make_shared<CosmosError>();
        for (const Subscription &s : subs) {
            self->accounts(
                s.subscriptionId, context, [=](const QList<Account> &list, const CosmosError &err) {
                    all->append(list);
                    if (err.isError() && !firstError->isError())
                        *firstError = err;
                    if (--*remaining == 0)
                        callback(*all, all->isEmpty() ? *firstError : CosmosError());
                });
        }
    });
}

void Discovery::findAccount(const QUrl &endpoint,
                            QObject *context,
                            std::function<void(const Account &, const CosmosError &)> callback)
{
    allAccounts(context, [=](const QList<Account> &accounts, const CosmosError &e) {
        for (const Account &a : accounts) {
            if (sameEndpoint(a.documentEndpoint, endpoint))
                return callback(a, {});
        }
        CosmosError notFound = e;
        if (!notFound.isError()) {
            notFound.kind = CosmosError::Kind::Service;
            notFound.status = 404;
            notFound.code = QStringLiteral("NotFound");
            notFound.message
                = QStringLiteral("No Cosmos DB account with the endpoint %1 is "
                                 "visible to this sign-in in Azure Resource Manager; "
                                 "check the tenant, or give the account's resource id.")
                      .arg(endpoint.toString());
        }
        callback({}, notFound);
    });
}

void Discovery::listKeys(const QString &accountId,
                         QObject *context,
                         std::function<void(const QByteArray &, const CosmosError &)> callback)
{
    m_arm->request("POST",
                   accountId + QStringLiteral("/listKeys"),
                   {},
                   documentDbApiVersion(),
                   context,
                   [callback](const ArmResponse &r) {
                       callback(
                           r.json.value(QStringLiteral("primaryMasterKey")).toString().toLatin1(),
                           r.error);
                   });
}

} // namespace Cosmos::Arm
