#include "dataplanetokens.h"

namespace Cosmos::Entra {

QByteArray aadAuthorization(const QByteArray &token)
{
    return QUrl::toPercentEncoding(QStringLiteral("type=aad&ver=1.0&sig=")
                                   + QString::fromUtf8(token));
}

DataPlaneTokens::DataPlaneTokens(TokenCredential *credential, const QUrl &endpoint)
    : m_credential(credential)
    , m_endpoint(endpoint)
{
}

QString DataPlaneTokens::accountScope() const
{
    QUrl u = m_endpoint;
    u.setPath(QString());
    u.setQuery(QString());
    QString s = u.toString(QUrl::RemoveUserInfo);
    // https://account.documents.azure.com:443 → without the default port, as the SDKs
    if (u.port() == 443 && u.scheme() == QLatin1String("https"))
        s = QStringLiteral("https://") + u.host();
    return s + QStringLiteral("/.default");
}

void DataPlaneTokens::authorization(
    QObject *context,
    std::function<void(const QByteArray &, const QByteArray &, const CosmosError &)> done)
{
    if (!m_credential) {
        done(
            {}, {}, CosmosError::invalidInput(QStringLiteral("Signed out of Microsoft Entra ID.")));
        return;
    }
    const bool fallback = m_fallback;
    std::weak_ptr<DataPlaneTokens> weak = weak_from_this();
    m_credential->getToken(
        scopes(),
        context,
        [weak, context, done, fallback](const AccessToken &t, const CosmosError &e) {
            auto self = weak.lock();
            if (e.isError() && !fallback && self
                && e.message.contains(QStringLiteral("AADSTS500011"))) {
                self->m_fallback = true;
                return self->authorization(context, done);
            }
            if (e.isError())
                return done({}, {}, e);
            done(aadAuthorization(t.token), t.token, {});
        });
}

void DataPlaneTokens::rejected(const QByteArray &token)
{
    if (m_credential)
        m_credential->invalidate(scopes(), token);
}

} // namespace Cosmos::Entra
