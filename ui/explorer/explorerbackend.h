#pragma once

#include <cosmosclient.h>
#include <cosmoserror.h>
#include <resourcepath.h>

#include <QJsonArray>
#include <QPointer>
#include <QString>

#include <functional>

QT_BEGIN_NAMESPACE
class QObject;
QT_END_NAMESPACE

namespace Cosmoscope {

/// One page of a resource feed as the explorer tree needs it.
struct ListPage
{
    QJsonArray resources;
    QString continuation; ///< non-empty: more pages remain
    Cosmos::CosmosError error;
};

using ListCallback = std::function<void(const ListPage &)>;

/// The seam between the explorer tree and the service: the tree only lists feeds.
/// Tests implement it with canned data; the application with a CosmosClient.
class ExplorerBackend
{
public:
    virtual ~ExplorerBackend() = default;
    /// Lists one page of `feed` (e.g. `ResourcePath::databases()`) after `continuation`
    /// (empty: from the start). Answers asynchronously; dropped when `context` is destroyed.
    virtual void list(const Cosmos::ResourcePath &feed,
                      const QString &continuation,
                      QObject *context,
                      ListCallback callback)
        = 0;
};

/// The seam between the tree's "Azure" root and Azure Resource Manager: tenants ›
/// subscriptions › Cosmos DB for NoSQL accounts. Tests implement it with canned data; the
/// application with an ArmClient (ui/azure/armexplorerbackend.h).
class AzureBackend
{
public:
    enum class Level { Tenants, Subscriptions, Accounts };
    virtual ~AzureBackend() = default;
    /// Lists one page of `level` under `parentId` (Subscriptions: a tenant id; Accounts: a
    /// subscription id) after `continuation` (ARM's nextLink; empty: from the start). The
    /// objects are ARM's (tenantId / subscriptionId / displayName; accounts: id, name,
    /// properties), NoSQL accounts only. Dropped when `context` is destroyed.
    virtual void list(Level level,
                      const QString &parentId,
                      const QString &continuation,
                      QObject *context,
                      ListCallback callback)
        = 0;
};

/// The backend over a real account.
class CosmosExplorerBackend : public ExplorerBackend
{
public:
    explicit CosmosExplorerBackend(Cosmos::CosmosClient *client, int pageSize = 100);
    void list(const Cosmos::ResourcePath &feed,
              const QString &continuation,
              QObject *context,
              ListCallback callback) override;

private:
    QPointer<Cosmos::CosmosClient> m_client;
    int m_pageSize;
};

} // namespace Cosmoscope
