#include "connectioninfo.h"

#include <QHostAddress>

namespace Cosmos {

QString ConnectionInfo::emulatorKey()
{
    return QStringLiteral(
        "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==");
}

bool ConnectionInfo::isLoopback() const
{
    const QString host = endpoint.host();
    if (host.compare(QStringLiteral("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

static CosmosError checkEndpoint(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
        return CosmosError::invalidInput(
            QStringLiteral("The endpoint must be an http:// or https:// address, "
                           "like https://myaccount.documents.azure.com:443/"));
    }
    return {};
}

CosmosError ConnectionInfo::validate() const
{
    if (CosmosError e = checkEndpoint(endpoint); e.isError())
        return e;
    if (masterKey.isEmpty() && resourceTokens.isEmpty() && !credential)
        return CosmosError::invalidInput(QStringLiteral("An account key, a resource token or a Microsoft Entra ID sign-in is required."));
    if (!masterKey.isEmpty()) {
        const auto decoded = QByteArray::fromBase64Encoding(masterKey,
                                                            QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.isEmpty())
            return CosmosError::invalidInput(QStringLiteral("The account key is not valid Base64."));
    }
    if (allowUntrustedLocalhost && !isLoopback())
        return CosmosError::invalidInput(
            QStringLiteral("Untrusted certificates can only be allowed for localhost or 127.0.0.1."));
    return {};
}

static QUrl normalizedEndpoint(const QString &text)
{
    QUrl url(text.trimmed(), QUrl::StrictMode);
    if (url.path().isEmpty())
        url.setPath(QStringLiteral("/"));
    return url;
}

ConnectionInfo ConnectionInfo::fromConnectionString(const QString &text, CosmosError *error)
{
    ConnectionInfo info;
    QString endpoint;
    QString key;
    const QStringList parts = text.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const int eq = part.indexOf(QLatin1Char('='));
        if (eq <= 0)
            continue;
        const QString name = part.left(eq).trimmed();
        const QString value = part.mid(eq + 1).trimmed();
        if (name.compare(QStringLiteral("AccountEndpoint"), Qt::CaseInsensitive) == 0)
            endpoint = value;
        else if (name.compare(QStringLiteral("AccountKey"), Qt::CaseInsensitive) == 0)
            key = value;
    }
    if (endpoint.isEmpty() || key.isEmpty()) {
        *error = CosmosError::invalidInput(
            QStringLiteral("The connection string needs both AccountEndpoint=… and AccountKey=…, "
                           "separated by ';'."));
        return info;
    }
    return fromEndpointAndKey(endpoint, key, error);
}

ConnectionInfo ConnectionInfo::fromEndpointAndKey(const QString &endpoint, const QString &key,
                                                  CosmosError *error)
{
    ConnectionInfo info;
    info.endpoint = normalizedEndpoint(endpoint);
    info.masterKey = key.trimmed().toLatin1();
    *error = info.validate();
    return info;
}

ConnectionInfo ConnectionInfo::fromEndpointAndCredential(
    const QString &endpoint, std::shared_ptr<Entra::TokenCredential> credential, CosmosError *error)
{
    ConnectionInfo info;
    info.endpoint = normalizedEndpoint(endpoint);
    info.credential = std::move(credential);
    *error = info.validate();
    return info;
}

QString ConnectionInfo::endpointOf(const QString &text)
{
    for (const QString &part : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const int eq = part.indexOf(QLatin1Char('='));
        if (eq > 0 && part.left(eq).trimmed().compare(QStringLiteral("AccountEndpoint"),
                                                      Qt::CaseInsensitive) == 0)
            return part.mid(eq + 1).trimmed();
    }
    return {};
}

ConnectionInfo ConnectionInfo::fromResourceToken(const QString &endpoint, const QString &link,
                                                 const QString &token, CosmosError *error)
{
    ConnectionInfo info;
    info.endpoint = normalizedEndpoint(endpoint);
    if (!token.trimmed().startsWith(QStringLiteral("type=resource"))) {
        *error = CosmosError::invalidInput(
            QStringLiteral("A resource token starts with \"type=resource&ver=1.0&sig=\"."));
        return info;
    }
    info.resourceTokens.insert(link, token.trimmed());
    *error = info.validate();
    return info;
}

ConnectionInfo ConnectionInfo::emulator()
{
    ConnectionInfo info;
    info.endpoint = QUrl(QStringLiteral("https://localhost:8081/"));
    info.masterKey = emulatorKey().toLatin1();
    return info;
}

} // namespace Cosmos
