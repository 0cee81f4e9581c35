#include "auth.h"

#include <QLocale>
#include <QMessageAuthenticationCode>
#include <QUrl>

namespace Cosmos {

QString httpDate(const QDateTime &utc)
{
    return QLocale::c().toString(utc.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss"))
           + QStringLiteral(" GMT");
}

QByteArray stringToSign(const QString &verb, const QString &resourceType,
                        const QString &resourceLink, const QString &date)
{
    return (verb.toLower() + QLatin1Char('\n') + resourceType.toLower() + QLatin1Char('\n')
            + resourceLink + QLatin1Char('\n') + date.toLower() + QLatin1Char('\n')
            + QLatin1Char('\n'))
        .toUtf8();
}

QByteArray masterKeyAuthorization(const QString &verb, const QString &resourceType,
                                  const QString &resourceLink, const QString &date,
                                  const QByteArray &base64Key)
{
    const auto decoded = QByteArray::fromBase64Encoding(base64Key.trimmed(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty())
        return {};
    const QByteArray sig = QMessageAuthenticationCode::hash(stringToSign(verb, resourceType,
                                                                         resourceLink, date),
                                                            decoded.decoded,
                                                            QCryptographicHash::Sha256)
                               .toBase64();
    return QUrl::toPercentEncoding(QStringLiteral("type=master&ver=1.0&sig=")
                                   + QString::fromLatin1(sig));
}

void ResourceTokens::insert(const QString &resourceLink, const QString &token)
{
    QString link = resourceLink;
    while (link.startsWith(QLatin1Char('/')))
        link.remove(0, 1);
    while (link.endsWith(QLatin1Char('/')))
        link.chop(1);
    m_tokens.insert(link, token);
}

QByteArray ResourceTokens::authorizationFor(const QString &requestPath) const
{
    QString best;
    int bestLength = -1;
    for (auto it = m_tokens.cbegin(); it != m_tokens.cend(); ++it) {
        const QString &link = it.key();
        const bool covers = requestPath.isEmpty() || requestPath == link
                            || requestPath.startsWith(link + QLatin1Char('/'));
        if (covers && link.size() > bestLength) {
            best = it.value();
            bestLength = link.size();
        }
    }
    if (bestLength < 0)
        return {};
    return QUrl::toPercentEncoding(best);
}

} // namespace Cosmos
