#pragma once

#include "armclient.h"

#include <QStringList>

namespace Cosmos::Arm {

/// Cosmos DB's built-in data-plane roles.
inline QString dataReaderRoleId()
{
    return QStringLiteral("00000000-0000-0000-0000-000000000001");
}
inline QString dataContributorRoleId()
{
    return QStringLiteral("00000000-0000-0000-0000-000000000002");
}

struct RoleDefinition
{
    QString name; ///< the GUID
    QString id;   ///< full ARM id
    QString roleName;
    QString type; ///< BuiltInRole / CustomRole
    QStringList dataActions;
    static RoleDefinition fromJson(const QJsonObject &o);
};

struct RoleAssignment
{
    QString name; ///< the GUID
    QString id;
    QString roleDefinitionId; ///< full ARM id of the definition
    QString principalId;
    QString scope; ///< full ARM scope (account, /dbs/d, /dbs/d/colls/c)
    static RoleAssignment fromJson(const QJsonObject &o);
};

/// Native RBAC of one account through ARM: sqlRoleDefinitions and sqlRoleAssignments.
class Rbac : public QObject
{
    Q_OBJECT
public:
    Rbac(ArmClient *arm, const QString &accountId, QObject *parent = nullptr);

    void definitions(QObject *context,
                     std::function<void(const QList<RoleDefinition> &, const CosmosError &)> cb);
    void assignments(QObject *context,
                     std::function<void(const QList<RoleAssignment> &, const CosmosError &)> cb);
    /// `role` is a definition GUID or id; `scope` "/", "/dbs/d", "/dbs/d/colls/c" or a full id.
    ArmOperation *createAssignment(const QString &principalId,
                                   const QString &role,
                                   const QString &scope,
                                   QObject *context);
    /// `assignment` is a GUID or a full id.
    ArmOperation *deleteAssignment(const QString &assignment, QObject *context);
    /// A custom role from data actions, assignable on the account.
    ArmOperation *
    createDefinition(const QString &roleName, const QStringList &dataActions, QObject *context);
    QString fullScope(const QString &scope) const;

private:
    QPointer<ArmClient> m_arm;
    QString m_accountId;
};

} // namespace Cosmos::Arm
