#include "jwt.h"

#include <QJsonDocument>
#include <QList>

namespace Cosmos::Entra {

QJsonObject jwtClaims(const QByteArray &token)
{
    const QList<QByteArray> parts = token.trimmed().split('.');
    if (parts.size() != 3 || parts.at(1).isEmpty())
        return {};
    const auto decoded = QByteArray::fromBase64Encoding(
        parts.at(1),
        QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals
            | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return {};
    return QJsonDocument::fromJson(decoded.decoded).object();
}

} // namespace Cosmos::Entra
