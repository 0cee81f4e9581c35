#pragma once

#include "explorerbackend.h"

#include <connectioninfo.h>

#include <QObject>

#include <memory>

namespace Cosmos {
class CosmosClient;
}

namespace Cosmoscope {

/// One open account: its client, the tree's backend over it, and its display name.
class AccountSession : public QObject
{
    Q_OBJECT
public:
    AccountSession(const QString &name,
                   const Cosmos::ConnectionInfo &info,
                   QObject *parent = nullptr);
    ~AccountSession() override;

    QString name() const { return m_name; }
    Cosmos::CosmosClient *client() const { return m_client; }
    ExplorerBackend *backend() const { return m_backend.get(); }
    int accountId() const { return m_accountId; }
    void setAccountId(int id) { m_accountId = id; }
    /// Key for per-container settings (history, saved queries): "endpoint|dbs/d/colls/c".
    QString scopeFor(const Cosmos::ResourcePath &container) const;

private:
    QString m_name;
    Cosmos::CosmosClient *m_client;
    std::unique_ptr<ExplorerBackend> m_backend;
    int m_accountId = 0;
};

} // namespace Cosmoscope
