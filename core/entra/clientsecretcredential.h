#pragma once

#include "tokencredential.h"

namespace Cosmos::Entra {

/// A service principal with a client secret (OAuth 2.0 client credentials grant), as
/// azure-identity's ClientSecretCredential / EnvironmentCredential.
class ClientSecretCredential : public TokenCredential
{
    Q_OBJECT
public:
    ClientSecretCredential(const CloudSettings &cloud,
                           const QString &clientId,
                           const QString &clientSecret,
                           QObject *parent = nullptr);
    /// From AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET (and AZURE_AUTHORITY_HOST);
    /// nullptr when one of the three is missing.
    static ClientSecretCredential *fromEnvironment(CloudSettings cloud, QObject *parent = nullptr);
    QString kindName() const override { return QStringLiteral("service principal"); }

protected:
    void acquire(const QStringList &scopes, TokenCallback done) override;

private:
    QString m_clientId;
    QString m_secret;
};

} // namespace Cosmos::Entra
