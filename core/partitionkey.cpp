#include "partitionkey.h"

#include <QJsonDocument>

namespace Cosmos {

PartitionKey PartitionKey::fromValue(const QJsonValue &value)
{
    if (value.isArray())
        return PartitionKey(value.toArray());
    return PartitionKey(QJsonArray{value});
}

PartitionKey PartitionKey::fromJsonText(const QString &text, CosmosError *error)
{
    QJsonParseError parseError;
    // Wrap so that scalars parse too.
    const QJsonDocument doc = QJsonDocument::fromJson(
        (QStringLiteral("[") + text + QStringLiteral("]")).toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || doc.array().size() != 1) {
        *error = CosmosError::invalidInput(
            QStringLiteral("The partition key must be a JSON value such as \"books\", 42 or "
                           "[\"tenant\",\"user\"] (got %1).")
                .arg(text));
        return {};
    }
    *error = {};
    return fromValue(doc.array().first());
}

PartitionKey PartitionKey::fromDocument(const QJsonObject &document, const QStringList &paths)
{
    QJsonArray components;
    for (const QString &path : paths) {
        QJsonValue v = document;
        const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
        for (const QString &part : parts) {
            if (!v.isObject()) {
                v = QJsonValue::Undefined;
                break;
            }
            v = v.toObject().value(part);
        }
        components.append(v.isUndefined() ? QJsonValue(QJsonObject()) : v);
    }
    return PartitionKey(components);
}

QByteArray PartitionKey::headerValue() const
{
    // HTTP header values are visible ASCII: non-ASCII characters and DEL (only possible inside
    // JSON strings; the other control characters are escaped by toJson) are sent as \uXXXX
    // escapes, as the .NET SDK does (EscapeNonAscii).
    const QString json = QString::fromUtf8(QJsonDocument(m_components).toJson(QJsonDocument::Compact));
    QByteArray out;
    out.reserve(json.size());
    for (const QChar c : json) {
        if (c.unicode() < 0x7f) { // DEL (0x7f) is a control character, not allowed either
            out += char(c.unicode());
        } else {
            out += "\\u" + QByteArray::number(c.unicode(), 16).rightJustified(4, '0');
        }
    }
    return out;
}

QString PartitionKey::displayText() const
{
    if (!m_set)
        return {};
    if (m_components.size() == 1) {
        const QJsonValue v = m_components.first();
        if (v.isString())
            return v.toString();
        return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
    }
    return QString::fromUtf8(headerValue());
}

QJsonObject PartitionKeyDefinition::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("paths"), QJsonArray::fromStringList(paths));
    o.insert(QStringLiteral("kind"), paths.size() > 1 ? QStringLiteral("MultiHash") : kind);
    o.insert(QStringLiteral("version"), version);
    return o;
}

PartitionKeyDefinition PartitionKeyDefinition::fromJson(const QJsonObject &o)
{
    PartitionKeyDefinition d;
    for (const QJsonValue &p : o.value(QStringLiteral("paths")).toArray())
        d.paths << p.toString();
    d.kind = o.value(QStringLiteral("kind")).toString(QStringLiteral("Hash"));
    d.version = o.value(QStringLiteral("version")).toInt(1);
    return d;
}

PartitionKeyDefinition PartitionKeyDefinition::fromPathList(const QString &text, CosmosError *error)
{
    PartitionKeyDefinition d;
    *error = {};
    const QStringList parts = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString p : parts) {
        p = p.trimmed();
        if (!p.startsWith(QLatin1Char('/')) || p.size() < 2) {
            *error = CosmosError::invalidInput(
                QStringLiteral("A partition key path starts with '/', like /category (got \"%1\").")
                    .arg(p));
            return {};
        }
        d.paths << p;
    }
    if (d.paths.isEmpty())
        *error = CosmosError::invalidInput(QStringLiteral("A partition key path is required."));
    else if (d.paths.size() > 3)
        *error = CosmosError::invalidInput(
            QStringLiteral("A hierarchical partition key has at most 3 paths."));
    return d;
}

} // namespace Cosmos
