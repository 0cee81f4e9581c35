// Microsoft Entra ID in the CLI: the credential (--auth entra), `azure accounts|tenants|
// subscriptions` (discovery through ARM) and `role list|definitions|create|delete` (RBAC).
#include "application.h"

#include <armdiscovery.h>
#include <armrbac.h>
#include <azureclicredential.h>
#include <browsercredential.h>
#include <clientsecretcredential.h>
#include <controlplane.h>
#include <devicecodecredential.h>

#include <QJsonArray>
#include <QJsonObject>

namespace Cli {

using namespace Cosmos;

bool Application::cloudFromArguments(Entra::CloudSettings *cloud, CosmosError *error)
{
    const QString name = m_args.value(QStringLiteral("cloud"), QStringLiteral("public"));
    if (!Entra::CloudSettings::preset(name, cloud)) {
        *error = CosmosError::invalidInput(
            QStringLiteral("--cloud must be public, usgov or china (got \"%1\").").arg(name));
        return false;
    }
    cloud->applyEnvironment(); // AZURE_AUTHORITY_HOST, AZURE_TENANT_ID
    if (m_args.isSet(QStringLiteral("authority-host")))
        cloud->authorityHost = QUrl(m_args.value(QStringLiteral("authority-host")));
    if (m_args.isSet(QStringLiteral("arm-endpoint"))) {
        cloud->armEndpoint = QUrl(m_args.value(QStringLiteral("arm-endpoint")));
        cloud->armAudience.clear(); // a custom ARM is its own audience
    }
    if (m_args.isSet(QStringLiteral("tenant")))
        cloud->tenant = m_args.value(QStringLiteral("tenant"));
    cloud->caCertificateFile = m_args.value(QStringLiteral("ca-cert"));
    for (const QUrl &url : {cloud->authorityHost, cloud->armEndpoint}) {
        if (!url.isValid()
            || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
            *error = CosmosError::invalidInput(
                QStringLiteral("Not a usable address: \"%1\".").arg(url.toString()));
            return false;
        }
    }
    return true;
}

std::shared_ptr<Entra::TokenCredential> Application::entraCredential(CosmosError *error)
{
    Entra::CloudSettings cloud;
    if (!cloudFromArguments(&cloud, error))
        return {};
    if (m_args.isSet(QStringLiteral("device-code"))) {
        auto c = std::make_shared<Entra::DeviceCodeCredential>(cloud);
        connect(c.get(),
                &Entra::DeviceCodeCredential::userCodeReady,
                this,
                [this](const QString &, const QUrl &, const QString &message) {
                    m_out.message(message);
                });
        return c;
    }
    if (m_args.isSet(QStringLiteral("browser"))) {
        auto c = std::make_shared<Entra::InteractiveBrowserCredential>(cloud);
        connect(c.get(),
                &Entra::InteractiveBrowserCredential::authorizeUrlReady,
                this,
                [this](const QUrl &url) {
                    m_out.message(QStringLiteral("To sign in, open this address in a browser:\n")
                                  + url.toString(QUrl::FullyEncoded));
                });
        return c;
    }
    // As azure-identity's DefaultAzureCredential: the environment, then the Azure CLI.
    if (auto sp = Entra::ClientSecretCredential::fromEnvironment(cloud)) {
        if (m_args.isSet(QStringLiteral("tenant"))) {
            Entra::CloudSettings withTenant = sp->cloud();
            withTenant.tenant = m_args.value(QStringLiteral("tenant"));
            const QString id = qEnvironmentVariable("AZURE_CLIENT_ID");
            const QString secret = qEnvironmentVariable("AZURE_CLIENT_SECRET");
            delete sp;
            return std::make_shared<Entra::ClientSecretCredential>(withTenant, id, secret);
        }
        return std::shared_ptr<Entra::TokenCredential>(sp);
    }
    if (!Entra::AzureCliCredential::executable().isEmpty())
        return std::make_shared<Entra::AzureCliCredential>(cloud);
    *error = CosmosError::invalidInput(
        QStringLiteral("No Microsoft Entra ID sign-in: set AZURE_TENANT_ID, AZURE_CLIENT_ID and "
                       "AZURE_CLIENT_SECRET, sign in with \"az login\", or give --device-code or "
                       "--browser."));
    return {};
}

static QByteArray line(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

void Application::runAzure()
{
    const QString sub = m_args.positional(1);
    const QString synopsis = QStringLiteral("azure accounts | azure subscriptions | azure tenants");
    if (!expectArguments(2, synopsis))
        return;
    CosmosError error;
    m_credential = entraCredential(&error);
    if (error.isError())
        return fail(error);
    auto arm = new Arm::ArmClient(m_credential.get(), this);
    auto discovery = new Arm::Discovery(arm, this);
    if (sub == QLatin1String("accounts")) {
        discovery->allAccounts(
            this, [this](const QList<Arm::Account> &accounts, const CosmosError &e) {
                if (e.isError())
                    return fail(e);
                for (const Arm::Account &a : accounts) {
                    m_out.listItem(
                        line({{QStringLiteral("name"), a.name},
                              {QStringLiteral("endpoint"), a.documentEndpoint.toString()},
                              {QStringLiteral("subscriptionId"), a.subscriptionId},
                              {QStringLiteral("resourceGroup"), a.resourceGroup},
                              {QStringLiteral("location"), a.location},
                              {QStringLiteral("disableLocalAuth"), a.disableLocalAuth},
                              {QStringLiteral("id"), a.id}}));
                }
                m_out.endList();
                finish(ExitOk);
            });
    } else if (sub == QLatin1String("subscriptions")) {
        discovery->subscriptions(
            this, [this](const QList<Arm::Subscription> &subs, const CosmosError &e) {
                if (e.isError())
                    return fail(e);
                for (const Arm::Subscription &s : subs) {
                    m_out.listItem(line({{QStringLiteral("subscriptionId"), s.subscriptionId},
                                         {QStringLiteral("displayName"), s.displayName},
                                         {QStringLiteral("tenantId"), s.tenantId},
                                         {QStringLiteral("state"), s.state}}));
                }
                m_out.endList();
                finish(ExitOk);
            });
    } else if (sub == QLatin1String("tenants")) {
        discovery->tenants(this, [this](const QList<Arm::Tenant> &tenants, const CosmosError &e) {
            if (e.isError())
                return fail(e);
            for (const Arm::Tenant &t : tenants) {
                m_out.listItem(line({{QStringLiteral("tenantId"), t.tenantId},
                                     {QStringLiteral("displayName"), t.displayName},
                                     {QStringLiteral("defaultDomain"), t.defaultDomain}}));
            }
            m_out.endList();
            finish(ExitOk);
        });
    } else {
        usageError(QStringLiteral("Usage: cosmoscope-cli ") + synopsis);
    }
}

static QString roleIdFor(const QString &role)
{
    if (role.compare(QLatin1String("reader"), Qt::CaseInsensitive) == 0)
        return Arm::dataReaderRoleId();
    if (role.compare(QLatin1String("contributor"), Qt::CaseInsensitive) == 0)
        return Arm::dataContributorRoleId();
    return role;
}

void Application::runRole()
{
    const QString sub = m_args.positional(1);
    const QString synopsis = QStringLiteral(
        "role list | role definitions | role delete ID | "
        "role create --principal OBJECT_ID --role reader|contributor|DEFINITION_ID [--scope S] | "
        "role create-definition NAME --data-action ACTION…");
    Arm::ControlPlane *cp = m_client->controlPlane();
    if (!cp)
        return usageError(QStringLiteral("Role assignments need a Microsoft Entra ID connection "
                                         "(--auth entra)."));
    const bool known = sub == QLatin1String("list") || sub == QLatin1String("definitions")
                       || sub == QLatin1String("create") || sub == QLatin1String("delete")
                       || sub == QLatin1String("create-definition");
    if (!known)
        return usageError(QStringLiteral("Usage: cosmoscope-cli ") + synopsis);
    if (sub == QLatin1String("create")
        && (!m_args.isSet(QStringLiteral("principal")) || !m_args.isSet(QStringLiteral("role"))))
        return usageError(QStringLiteral("Usage: cosmoscope-cli ") + synopsis);
    if ((sub == QLatin1String("delete") || sub == QLatin1String("create-definition"))
        && !expectArguments(3, synopsis))
        return;
    if (sub == QLatin1String("create-definition")
        && m_args.values(QStringLiteral("data-action")).isEmpty())
        return usageError(QStringLiteral("Give at least one --data-action."));
    cp->accountId(this, [this, cp, sub](const QString &accountId, const CosmosError &e) {
        if (e.isError())
            return fail(e);
        auto rbac = new Arm::Rbac(cp->arm(), accountId, this);
        const auto printOperation = [this](Arm::ArmOperation *op, bool deleted) {
            connect(op, &Arm::ArmOperation::progress, this, [this](const QString &status) {
                if (m_out.verbose())
                    m_out.message(QStringLiteral("Azure operation: %1").arg(status));
            });
            connect(
                op, &Arm::ArmOperation::finished, this, [this, deleted](const Arm::ArmResponse &r) {
                    if (!r.ok())
                        return fail(r.error);
                    if (deleted)
                        m_out.message(QStringLiteral("Deleted."));
                    else
                        m_out.printJsonText(line(r.json));
                    finish(ExitOk);
                });
        };
        if (sub == QLatin1String("list")) {
            rbac->assignments(
                this, [this](const QList<Arm::RoleAssignment> &list, const CosmosError &err) {
                    if (err.isError())
                        return fail(err);
                    for (const Arm::RoleAssignment &a : list) {
                        m_out.listItem(
                            line({{QStringLiteral("name"), a.name},
                                  {QStringLiteral("principalId"), a.principalId},
                                  {QStringLiteral("roleDefinitionId"), a.roleDefinitionId},
                                  {QStringLiteral("scope"), a.scope}}));
                    }
                    m_out.endList();
                    finish(ExitOk);
                });
        } else if (sub == QLatin1String("definitions")) {
            rbac->definitions(
                this, [this](const QList<Arm::RoleDefinition> &list, const CosmosError &err) {
                    if (err.isError())
                        return fail(err);
                    for (const Arm::RoleDefinition &d : list) {
                        m_out.listItem(line({{QStringLiteral("name"), d.name},
                                             {QStringLiteral("roleName"), d.roleName},
                                             {QStringLiteral("type"), d.type},
                                             {QStringLiteral("dataActions"),
                                              QJsonArray::fromStringList(d.dataActions)}}));
                    }
                    m_out.endList();
                    finish(ExitOk);
                });
        } else if (sub == QLatin1String("create")) {
            printOperation(
                rbac->createAssignment(m_args.value(QStringLiteral("principal")),
                                       roleIdFor(m_args.value(QStringLiteral("role"))),
                                       m_args.value(QStringLiteral("scope"), QStringLiteral("/")),
                                       this),
                false);
        } else if (sub == QLatin1String("delete")) {
            printOperation(rbac->deleteAssignment(m_args.positional(2), this), true);
        } else {
            printOperation(rbac->createDefinition(m_args.positional(2),
                                                  m_args.values(QStringLiteral("data-action")),
                                                  this),
                           false);
        }
    });
}

} // namespace Cli
