#include "validation.h"

#include <QJsonDocument>

namespace Cosmos {

CosmosError validateId(const QString &id, const QString &what)
{
    if (id.isEmpty())
        return CosmosError::invalidInput(QStringLiteral("The %1 must not be empty.").arg(what));
    if (id.size() > 255)
        return CosmosError::invalidInput(
            QStringLiteral("The %1 is longer than 255 characters.").arg(what));
    for (const QChar c : id) {
        if (c == QLatin1Char('/') || c == QLatin1Char('\\') || c == QLatin1Char('?')
            || c == QLatin1Char('#')) {
            return CosmosError::invalidInput(
                QStringLiteral("The %1 \"%2\" contains '%3'; ids cannot contain / \\ ? or #.")
                    .arg(what, id, c));
        }
    }
    if (id.endsWith(QLatin1Char(' ')))
        return CosmosError::invalidInput(QStringLiteral("The %1 must not end with a space.").arg(what));
    return {};
}

QJsonObject parseJsonObject(const QByteArray &text, CosmosError *error, JsonProblem *problem)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        const int offset = parseError.error != QJsonParseError::NoError ? parseError.offset : 0;
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < text.size(); ++i) {
            if (text.at(i) == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        if (problem)
            *problem = {offset, line, column};
        *error = parseError.error != QJsonParseError::NoError
                     ? CosmosError::invalidInput(QStringLiteral("Invalid JSON at line %1, column %2: %3.")
                                                     .arg(line)
                                                     .arg(column)
                                                     .arg(parseError.errorString()))
                     : CosmosError::invalidInput(QStringLiteral("The JSON must be an object { … }."));
        return {};
    }
    *error = {};
    return doc.object();
}

CosmosError validateItem(const QJsonObject &item, qsizetype serializedBytes)
{
    const QJsonValue id = item.value(QStringLiteral("id"));
    if (!id.isString())
        return CosmosError::invalidInput(QStringLiteral("The item needs a string \"id\" property."));
    if (CosmosError e = validateId(id.toString(), QStringLiteral("item id")); e.isError())
        return e;
    if (serializedBytes > MaxItemBytes)
        return CosmosError::invalidInput(
            QStringLiteral("The item is %1 KB; Cosmos DB items are limited to 2 MB.")
                .arg(serializedBytes / 1024));
    return {};
}

} // namespace Cosmos
