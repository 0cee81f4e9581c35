#pragma once

#include "tokencredential.h"

#include <QUrl>

#include <memory>

namespace Cosmos::Entra {

/// The data plane's Entra tokens for one account: asks for `https://<account host>/.default`
/// and, when the tenant does not know that resource (AADSTS500011), for
/// `https://cosmos.azure.com/.default`, as the SDKs do. Answers ready-to-send headers.
class DataPlaneTokens : public std::enable_shared_from_this<DataPlaneTokens>
{
public:
    DataPlaneTokens(TokenCredential *credential, const QUrl &endpoint);

    /// `authorization: type=aad&ver=1.0&sig=<token>`, percent-encoded; callback dropped when
    /// `context` is gone.
    void authorization(
        QObject *context,
        std::function<void(const QByteArray &header, const QByteArray &token, const CosmosError &)>
            done);
    /// A 401 with `token`: drop it so the next authorization() obtains a new one.
    void rejected(const QByteArray &token);
    QStringList scopes() const { return {m_fallback ? fallbackScope() : accountScope()}; }
    QString accountScope() const;
    static QString fallbackScope() { return QStringLiteral("https://cosmos.azure.com/.default"); }

private:
    QPointer<TokenCredential> m_credential;
    QUrl m_endpoint;
    bool m_fallback = false;
};

/// The header value for a token: percent-encoded `type=aad&ver=1.0&sig=<token>`.
QByteArray aadAuthorization(const QByteArray &token);

} // namespace Cosmos::Entra
