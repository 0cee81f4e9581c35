#pragma once

#include "auth.h"
#include "cosmoserror.h"

#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace Cosmos {

namespace Entra {
class TokenCredential;
}

/// Everything needed to reach one account. Secrets are held in memory only.
struct ConnectionInfo
{
    QUrl endpoint;            ///< https://account.documents.azure.com:443/ or http(s)://host:port/
    QByteArray masterKey;     ///< Base64 master key, empty with resource tokens
    ResourceTokens resourceTokens;
    QString caCertificateFile;       ///< extra PEM CA/certificate to trust, optional
    bool allowUntrustedLocalhost = false; ///< accept any certificate, loopback hosts only
    /// Regions to read from, in order ("West US", …), before the account's other regions;
    /// empty: the account's order (the write region first).
    QStringList preferredRegions;
    /// x-ms-consistency-level sent with every request: only a level weaker than (or equal to)
    /// the account's default is accepted by the service. Empty: the account's default.
    QString consistencyLevel;
    /// Microsoft Entra ID: data-plane requests carry `type=aad` tokens from it, management
    /// requests go through Azure Resource Manager (its cloud's ARM endpoint).
    std::shared_ptr<Entra::TokenCredential> credential;
    /// The account's ARM id (/subscriptions/…/databaseAccounts/name); when empty it is found by
    /// searching the subscriptions for the endpoint.
    QString armAccountId;

    bool usesEntra() const { return bool(credential); }

    bool usesResourceTokens() const { return masterKey.isEmpty() && !resourceTokens.isEmpty(); }
    bool isLoopback() const;
    /// Checks the endpoint and credentials; returns an InvalidInput error or none.
    CosmosError validate() const;

    /// `AccountEndpoint=…;AccountKey=…;` — parts split on ';', each on its first '='.
    static ConnectionInfo fromConnectionString(const QString &text, CosmosError *error);
    static ConnectionInfo fromEndpointAndKey(const QString &endpoint, const QString &key,
                                             CosmosError *error);
    /// A resource token for one resource link ("dbs/d/colls/c"); link may be empty
    /// for a token whose scope is unknown (used for every request).
    static ConnectionInfo fromResourceToken(const QString &endpoint, const QString &link,
                                            const QString &token, CosmosError *error);
    /// https://localhost:8081/ with the emulator's well-known key.
    /// An endpoint signed in to with Microsoft Entra ID (no key).
    static ConnectionInfo fromEndpointAndCredential(const QString &endpoint,
                                                    std::shared_ptr<Entra::TokenCredential> credential,
                                                    CosmosError *error);
    /// The AccountEndpoint of a connection string, with or without AccountKey.
    static QString endpointOf(const QString &connectionString);
    static ConnectionInfo emulator();
    static QString emulatorKey();
};

} // namespace Cosmos
