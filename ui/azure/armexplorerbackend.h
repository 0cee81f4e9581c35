#pragma once

#include "explorerbackend.h"

#include <QPointer>

namespace Cosmos::Arm {
class ArmClient;
}

namespace Cosmoscope {

/// The Azure root's levels from Azure Resource Manager: /tenants, /subscriptions (of the
/// tenant), and a subscription's Microsoft.DocumentDB/databaseAccounts a page at a time
/// (nextLink), MongoDB / Table / Cassandra / Gremlin accounts left out. Failures come back in
/// the user's terms (no right to list, sign-in refused).
class ArmExplorerBackend : public AzureBackend
{
public:
    explicit ArmExplorerBackend(Cosmos::Arm::ArmClient *arm);
    /// Another ARM client of the same sign-in (the first one's account closed).
    void setArmClient(Cosmos::Arm::ArmClient *arm) { m_arm = arm; }
    Cosmos::Arm::ArmClient *armClient() const { return m_arm; }

    void list(Level level,
              const QString &parentId,
              const QString &continuation,
              QObject *context,
              ListCallback callback) override;

private:
    QPointer<Cosmos::Arm::ArmClient> m_arm;
};

} // namespace Cosmoscope
