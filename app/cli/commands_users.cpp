// user and permission commands.
#include "application.h"

#include <validation.h>

#include <QJsonObject>

namespace Cli {

using namespace Cosmos;

void Application::runUser()
{
    const QString sub = m_args.positional(1);
    const QString synopsis = QStringLiteral(
        "user list DB | user query DB SQL | user show DB U | user create DB U | user upsert DB U | "
        "user replace DB U NEWID | user delete DB U");
    const ResourcePath db = ResourcePath::database(m_args.positional(2));
    if (sub == QLatin1String("create") || sub == QLatin1String("upsert")) {
        if (!expectArguments(4, synopsis) || !checkIds({2, 3}))
            return;
        const QJsonObject body{{QStringLiteral("id"), m_args.positional(3)}};
        if (sub == QLatin1String("create"))
            m_client->create(db.feed(ResourceKind::User), body, {}, this, printResource());
        else
            m_client->upsert(db.feed(ResourceKind::User), body, {}, this, printResource());
        return;
    }
    if (sub == QLatin1String("replace")) {
        if (!expectArguments(5, synopsis) || !checkIds({2, 3, 4}))
            return;
        m_client->replace(db.child(ResourceKind::User, m_args.positional(3)),
                          QJsonObject{{QStringLiteral("id"), m_args.positional(4)}}, {}, this,
                          printResource());
        return;
    }
    if (!genericResourceCommand(sub, db, ResourceKind::User, 3, synopsis))
        usageError(QStringLiteral("Usage: cosmoscope-cli ") + synopsis);
}

void Application::runPermission()
{
    const QString sub = m_args.positional(1);
    const QString synopsis = QStringLiteral(
        "permission list DB U | permission query DB U SQL | permission show DB U P | "
        "permission delete DB U P | permission create|upsert|replace DB U P --mode read|all "
        "--resource LINK [--resource-pk PK]");
    const ResourcePath user = ResourcePath::database(m_args.positional(2))
                                  .child(ResourceKind::User, m_args.positional(3));
    if (sub == QLatin1String("create") || sub == QLatin1String("upsert")
        || sub == QLatin1String("replace")) {
        if (!expectArguments(5, synopsis) || !checkIds({2, 3, 4}))
            return;
        const QString mode = m_args.value(QStringLiteral("mode")).toLower();
        if (mode != QLatin1String("read") && mode != QLatin1String("all"))
            return usageError(QStringLiteral("--mode is read or all."));
        QString resource = m_args.value(QStringLiteral("resource"));
        while (resource.startsWith(QLatin1Char('/')))
            resource.remove(0, 1);
        if (resource.isEmpty())
            return usageError(QStringLiteral("--resource LINK is required, like dbs/DB/colls/C."));
        const QString id = m_args.positional(4);
        QJsonObject body{{QStringLiteral("id"), id},
                         {QStringLiteral("permissionMode"),
                          mode == QLatin1String("read") ? QStringLiteral("Read")
                                                        : QStringLiteral("All")},
                         {QStringLiteral("resource"), resource}};
        if (m_args.isSet(QStringLiteral("resource-pk"))) {
            PartitionKey pk;
            if (!partitionKeyOption(QStringLiteral("resource-pk"), true, &pk))
                return;
            body.insert(QStringLiteral("resourcePartitionKey"), pk.components());
        }
        const ResourcePath feed = user.feed(ResourceKind::Permission);
        if (sub == QLatin1String("create"))
            m_client->create(feed, body, {}, this, printResource());
        else if (sub == QLatin1String("upsert"))
            m_client->upsert(feed, body, {}, this, printResource());
        else
            m_client->replace(user.child(ResourceKind::Permission, id), body, {}, this,
                              printResource());
        return;
    }
    if (!genericResourceCommand(sub, user, ResourceKind::Permission, 4, synopsis))
        usageError(QStringLiteral("Usage: cosmoscope-cli ") + synopsis);
}

} // namespace Cli
