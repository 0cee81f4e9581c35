#include "accountsession.h"

#include <cosmosclient.h>

namespace Cosmoscope {

AccountSession::AccountSession(const QString &name,
                               const Cosmos::ConnectionInfo &info,
                               QObject *parent)
    : QObject(parent)
    , m_name(name)
    , m_client(new Cosmos::CosmosClient(info, this))
    , m_backend(std::make_unique<CosmosExplorerBackend>(m_client))
{
}

AccountSession::~AccountSession() = default;

QString AccountSession::scopeFor(const Cosmos::ResourcePath &container) const
{
    return m_client->connection().endpoint.toString() + QLatin1Char('|') + container.link();
}

} // namespace Cosmoscope
