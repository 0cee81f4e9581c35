#include "armrbac.h"

#include <QUuid>

namespace Cosmos::Arm {

RoleDefinition RoleDefinition::fromJson(const QJsonObject &o)
{
    RoleDefinition d;
    d.name = o.value(QStringLiteral("name")).toString();
    d.id = o.value(QStringLiteral("id")).toString();
    const QJsonObject p = o.value(QStringLiteral("properties")).toObject();
    d.roleName = p.value(QStringLiteral("roleName")).toString();
    d.type = p.value(QStringLiteral("type")).toString();
    for (const QJsonValue &perm : p.value(QStringLiteral("permissions")).toArray()) {
        for (const QJsonValue &a : perm.toObject().value(QStringLiteral("dataActions")).toArray())
            d.dataActions << a.toString();
    }
    return d;
}

RoleAssignment RoleAssignment::fromJson(const QJsonObject &o)
{
    RoleAssignment a;
    a.name = o.value(QStringLiteral("name")).toString();
    a.id = o.value(QStringLiteral("id")).toString();
    const QJsonObject p = o.value(QStringLiteral("properties")).toObject();
    a.roleDefinitionId = p.value(QStringLiteral("roleDefinitionId")).toString();
    a.principalId = p.value(QStringLiteral("principalId")).toString();
    a.scope = p.value(QStringLiteral("scope")).toString();
    return a;
}

Rbac::Rbac(ArmClient *arm, const QString &accountId, QObject *parent)
    : QObject(parent)
    , m_arm(arm)
    , m_accountId(accountId)
{
}

QString Rbac::fullScope(const QString &scope) const
{
    if (scope.startsWith(QLatin1String("/subscriptions/"), Qt::CaseInsensitive))
        return scope;
    if (scope.isEmpty() || scope == QLatin1String("/"))
        return m_accountId;
    return m_accountId + (scope.startsWith(QLatin1Char('/')) ? scope : QLatin1Char('/') + scope);
}

void Rbac::definitions(QObject *context,
                       std::function<void(const QList<RoleDefinition> &, const CosmosError &)> cb)
{
    m_arm->listAll(m_accountId + QStringLiteral("/sqlRoleDefinitions"),
                   documentDbApiVersion(),
                   context,
                   [cb](const QJsonArray &values, const CosmosError &e) {
                       QList<RoleDefinition> list;
                       for (const QJsonValue &v : values)
                           list << RoleDefinition::fromJson(v.toObject());
                       cb(list, e);
                   });
}

void Rbac::assignments(QObject *context,
                       std::function<void(const QList<RoleAssignment> &, const CosmosError &)> cb)
{
    m_arm->listAll(m_accountId + QStringLiteral("/sqlRoleAssignments"),
                   documentDbApiVersion(),
                   context,
                   [cb](const QJsonArray &values, const CosmosError &e) {
                       QList<RoleAssignment> list;
                       for (const QJsonValue &v : values)
                           list << RoleAssignment::fromJson(v.toObject());
                       cb(list, e);
                   });
}

static QString newGuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

ArmOperation *Rbac::createAssignment(const QString &principalId,
                                     const QString &role,
                                     const QString &scope,
                                     QObject *context)
{
    const QString definition = role.contains(QLatin1Char('/'))
                                   ? role
                                   : m_accountId + QStringLiteral("/sqlRoleDefinitions/") + role;
    const QJsonObject body{{QStringLiteral("properties"),
                            QJsonObject{{QStringLiteral("roleDefinitionId"), definition},
                                        {QStringLiteral("scope"), fullScope(scope)},
                                        {QStringLiteral("principalId"), principalId}}}};
    return m_arm->begin("PUT",
                        m_accountId + QStringLiteral("/sqlRoleAssignments/") + newGuid(),
                        body,
                        documentDbApiVersion(),
                        context);
}

ArmOperation *Rbac::deleteAssignment(const QString &assignment, QObject *context)
{
    const QString id = assignment.section(QLatin1Char('/'), -1);
    return m_arm->begin("DELETE",
                        m_accountId + QStringLiteral("/sqlRoleAssignments/") + id,
                        {},
                        documentDbApiVersion(),
                        context);
}

ArmOperation *
Rbac::createDefinition(const QString &roleName, const QStringList &dataActions, QObject *context)
{
    const QJsonObject body{
        {QStringLiteral("properties"),
         QJsonObject{{QStringLiteral("roleName"), roleName},
                     {QStringLiteral("type"), QStringLiteral("CustomRole")},
                     {QStringLiteral("assignableScopes"), QJsonArray{m_accountId}},
                     {QStringLiteral("permissions"),
                      QJsonArray{QJsonObject{{QStringLiteral("dataActions"),
                                              QJsonArray::fromStringList(dataActions)}}}}}}};
    return m_arm->begin("PUT",
                        m_accountId + QStringLiteral("/sqlRoleDefinitions/") + newGuid(),
                        body,
                        documentDbApiVersion(),
                        context);
}

} // namespace Cosmos::Arm
