#pragma once

#include "tokencredential.h"

namespace Cosmos::Entra {

/// Tokens from the signed-in Azure CLI: `az account get-access-token --scope … --output json`,
/// run asynchronously, as azure-identity's AzureCliCredential.
class AzureCliCredential : public TokenCredential
{
    Q_OBJECT
public:
    explicit AzureCliCredential(const CloudSettings &cloud, QObject *parent = nullptr);
    /// The az executable on PATH, empty when there is none.
    static QString executable();
    QString kindName() const override { return QStringLiteral("Azure CLI"); }

protected:
    void acquire(const QStringList &scopes, TokenCallback done) override;
};

/// Reads az's answer: {"accessToken", "expiresOn" (local time), "expires_on" (epoch), "tenant"}.
AccessToken parseAzureCliToken(const QByteArray &json, CosmosError *error);

} // namespace Cosmos::Entra
