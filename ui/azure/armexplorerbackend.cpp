#include "armexplorerbackend.h"

#include <armclient.h>
#include <armdiscovery.h>

#include <QCoreApplication>

namespace Cosmoscope {

using namespace Cosmos;
using namespace Cosmos::Arm;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Cosmoscope::ArmExplorerBackend", text);
}

/// ARM's refusal, with what it means for the level being listed.
CosmosError inUserTerms(CosmosError error, AzureBackend::Level level)
{
    if (!error.isError())
        return error;
    const QString what = level == AzureBackend::Level::Tenants ? tr("the tenants")
                         : level == AzureBackend::Level::Subscriptions
                             ? tr("the subscriptions of this tenant")
                             : tr("the Cosmos DB accounts of this subscription");
    if (error.status == 401) {
        error.message = tr("Your sign-in was refused while listing %1: sign in again (%2)")
                            .arg(what, error.message);
    } else if (error.status == 403) {
        error.message = tr("You may not list %1: ask for the Reader role (or higher) on it "
                           "in Azure (%2)")
                            .arg(what, error.message);
    }
    return error;
}

} // namespace

ArmExplorerBackend::ArmExplorerBackend(ArmClient *arm)
    : m_arm(arm)
{
}

void ArmExplorerBackend::list(Level level,
                              const QString &parentId,
                              const QString &continuation,
                              QObject *context,
                              ListCallback callback)
{
    if (!m_arm) {
        ListPage page;
        page.error.kind = CosmosError::Kind::Cancelled;
        page.error.message = tr("Signed out.");
        callback(page);
        return;
    }
    if (level != Level::Accounts) {
        // Tenants and subscriptions are few: one list, every nextLink followed.
        const QString path = level == Level::Tenants ? QStringLiteral("/tenants")
                                                     : QStringLiteral("/subscriptions");
        m_arm->listAll(
            path,
            resourcesApiVersion(),
            context,
            [level, parentId, callback](const QJsonArray &values, const CosmosError &error) {
                ListPage page;
                page.error = inUserTerms(error, level);
                for (const QJsonValue &v : values) {
                    const QString tenant
                        = v.toObject().value(QStringLiteral("tenantId")).toString();
                    if (level == Level::Subscriptions && !tenant.isEmpty()
                        && tenant.compare(parentId, Qt::CaseInsensitive) != 0)
                        continue; // a subscription of another tenant
                    page.resources.append(v);
                }
                callback(page);
            });
        return;
    }
    const QString path = continuation.isEmpty()
                             ? QStringLiteral("/subscriptions/%1/providers/"
                                              "Microsoft.DocumentDB/databaseAccounts")
                                   .arg(parentId)
                             : continuation;
    m_arm->request(
        "GET", path, {}, documentDbApiVersion(), context, [callback](const ArmResponse &r) {
            ListPage page;
            page.error = inUserTerms(r.error, Level::Accounts);
            for (const QJsonValue &v : r.json.value(QStringLiteral("value")).toArray()) {
                if (isNoSqlAccount(v.toObject()))
                    page.resources.append(v);
            }
            if (r.ok())
                page.continuation = r.json.value(QStringLiteral("nextLink")).toString();
            callback(page);
        });
}

} // namespace Cosmoscope
