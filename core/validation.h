#pragma once

#include "cosmoserror.h"

#include <QJsonObject>

namespace Cosmos {

constexpr qsizetype MaxItemBytes = 2 * 1024 * 1024;

/// Checks a resource id: not empty, at most 255 characters, none of / \ ? #.
CosmosError validateId(const QString &id, const QString &what = QStringLiteral("id"));

/// Where a JSON text failed to parse, 1-based, for marking it in an editor.
struct JsonProblem
{
    int offset = -1;
    int line = 0;
    int column = 0;
};

/// Parses a JSON object; on failure returns an InvalidInput error naming line and column.
QJsonObject parseJsonObject(const QByteArray &text, CosmosError *error,
                            JsonProblem *problem = nullptr);

/// Checks an item body before sending: an object with a valid string id, at most 2 MB.
CosmosError validateItem(const QJsonObject &item, qsizetype serializedBytes);

} // namespace Cosmos
