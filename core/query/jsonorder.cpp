#include "jsonorder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Cosmos::Query {

static int typeRank(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Undefined: return 0;
    case QJsonValue::Null: return 1;
    case QJsonValue::Bool: return 2;
    case QJsonValue::Double: return 3;
    case QJsonValue::String: return 4;
    case QJsonValue::Array: return 5;
    case QJsonValue::Object: return 6;
    }
    return 0;
}

QByteArray canonicalJson(const QJsonValue &v)
{
    // QJsonObject keeps its keys sorted, so the compact serialisation is canonical.
    switch (v.type()) {
    case QJsonValue::Undefined: return {};
    case QJsonValue::Array: return QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
    case QJsonValue::Object: return QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
    default: {
        const QByteArray wrapped = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
        return wrapped.mid(1, wrapped.size() - 2);
    }
    }
}

int compareJson(const QJsonValue &a, const QJsonValue &b)
{
    const int ra = typeRank(a);
    const int rb = typeRank(b);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    switch (a.type()) {
    case QJsonValue::Bool: return int(a.toBool()) - int(b.toBool());
    case QJsonValue::Double: {
        const double x = a.toDouble();
        const double y = b.toDouble();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    case QJsonValue::String: return a.toString().compare(b.toString());
    case QJsonValue::Array:
    case QJsonValue::Object: {
        const QByteArray x = canonicalJson(a);
        const QByteArray y = canonicalJson(b);
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    default: return 0;
    }
}

} // namespace Cosmos::Query
