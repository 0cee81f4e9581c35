#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QString>

namespace Cosmos {

/// x-ms-date value: RFC 1123 in GMT, C locale ("Tue, 21 Jul 2020 17:55:33 GMT").
QString httpDate(const QDateTime &utc);

/// The master-key string to sign (lowercased verb, type and date; link as given).
QByteArray stringToSign(const QString &verb, const QString &resourceType,
                        const QString &resourceLink, const QString &date);

/// Authorization header value for a master key, percent-encoded and ready to send.
/// Returns an empty array when the key is not valid Base64.
QByteArray masterKeyAuthorization(const QString &verb, const QString &resourceType,
                                  const QString &resourceLink, const QString &date,
                                  const QByteArray &base64Key);

/// Resource tokens by resource link ("dbs/d/colls/c"). Picks the token of the deepest
/// link that covers a request; any token serves the account read.
class ResourceTokens
{
public:
    void insert(const QString &resourceLink, const QString &token);
    bool isEmpty() const { return m_tokens.isEmpty(); }
    QHash<QString, QString> all() const { return m_tokens; }
    /// Percent-encoded Authorization header value, empty when no token covers the link.
    QByteArray authorizationFor(const QString &requestPath) const;

private:
    QHash<QString, QString> m_tokens;
};

} // namespace Cosmos
