#include "clientsecretcredential.h"

namespace Cosmos::Entra {

ClientSecretCredential::ClientSecretCredential(const CloudSettings &cloud,
                                               const QString &clientId,
                                               const QString &clientSecret,
                                               QObject *parent)
    : TokenCredential(cloud, parent)
    , m_clientId(clientId)
    , m_secret(clientSecret)
{
}

ClientSecretCredential *ClientSecretCredential::fromEnvironment(CloudSettings cloud,
                                                                QObject *parent)
{
    const QString tenant = qEnvironmentVariable("AZURE_TENANT_ID");
    const QString client = qEnvironmentVariable("AZURE_CLIENT_ID");
    const QString secret = qEnvironmentVariable("AZURE_CLIENT_SECRET");
    if (tenant.isEmpty() || client.isEmpty() || secret.isEmpty())
        return nullptr;
    cloud.applyEnvironment();
    return new ClientSecretCredential(cloud, client, secret, parent);
}

void ClientSecretCredential::acquire(const QStringList &scopes, TokenCallback done)
{
    if (m_cloud.tenant.isEmpty() || m_cloud.tenant == QLatin1String("organizations")
        || m_cloud.tenant == QLatin1String("common")) {
        done({},
             CosmosError::invalidInput(
                 QStringLiteral("A service principal signs in to its own tenant: set the "
                                "tenant id (AZURE_TENANT_ID or --tenant).")));
        return;
    }
    postForm(m_cloud.oauthUrl(QStringLiteral("token")),
             {{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
              {QStringLiteral("client_id"), m_clientId},
              {QStringLiteral("client_secret"), m_secret},
              {QStringLiteral("scope"), scopes.join(QLatin1Char(' '))}},
             [done](const QJsonObject &answer, const CosmosError &error) {
                 if (error.isError())
                     return done({}, error);
                 done(tokenFromAnswer(answer), {});
             });
}

} // namespace Cosmos::Entra
