#pragma once

#include <QByteArray>
#include <QJsonValue>

namespace Cosmos::Query {

/// Orders JSON values as Cosmos DB's ORDER BY does across types:
/// undefined < null < false < true < numbers < strings < arrays < objects.
/// Returns < 0, 0 or > 0. Arrays and objects compare by their canonical JSON text.
int compareJson(const QJsonValue &a, const QJsonValue &b);

/// A canonical text of a value (object keys sorted, compact); equal values give equal text.
/// `undefined` gives an empty array.
QByteArray canonicalJson(const QJsonValue &v);

} // namespace Cosmos::Query
