#include "jsonformat.h"

#include <jsontext.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QtConcurrent/QtConcurrentRun>

namespace Cosmoscope::JsonFormat {

const QStringList &systemProperties()
{
    static const QStringList list{QStringLiteral("_rid"),
                                  QStringLiteral("_self"),
                                  QStringLiteral("_etag"),
                                  QStringLiteral("_attachments"),
                                  QStringLiteral("_ts")};
    return list;
}

bool isSystemProperty(const QString &key)
{
    return systemProperties().contains(key);
}

QJsonObject stripSystem(const QJsonObject &item, QJsonObject *system)
{
    QJsonObject editable = item;
    for (const QString &key : systemProperties()) {
        if (!item.contains(key))
            continue;
        if (system)
            system->insert(key, item.value(key));
        editable.remove(key);
    }
    return editable;
}

// Compact JSON of a value, written only until it is `limit` bytes long: a grid cell of a
// 2 MB array costs what the cell shows, not the whole array.
static QByteArray boundedCompact(const QJsonValue &value, qsizetype limit)
{
    QByteArray out;
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        out += '[';
        for (qsizetype i = 0; i < array.size() && out.size() < limit; ++i) {
            if (i > 0)
                out += ',';
            out += boundedCompact(array.at(i), limit - out.size());
        }
        return out + ']';
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        out += '{';
        for (auto it = object.constBegin(); it != object.constEnd() && out.size() < limit; ++it) {
            if (it != object.constBegin())
                out += ',';
            out += boundedCompact(it.key(), limit) + ':';
            out += boundedCompact(it.value(), limit - out.size());
        }
        return out + '}';
    }
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QString cellText(const QJsonValue &value, int maxChars)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString().left(maxChars);
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (d == double(qint64(d)) && qAbs(d) < 1e15)
            return QString::number(qint64(d));
        return QString::number(d, 'g', 15);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Undefined:
        return {};
    case QJsonValue::Array:
    case QJsonValue::Object: {
        const QByteArray json = boundedCompact(value, maxChars * 4);
        return QString::fromUtf8(json.left(maxChars * 2)).left(maxChars);
    }
    }
    return {};
}

QJsonValue valueAt(const QJsonObject &object, const QString &path)
{
    if (!path.startsWith(QLatin1Char('/')))
        return object.value(path);
    QJsonValue v = object;
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        if (!v.isObject())
            return QJsonValue::Undefined;
        v = v.toObject().value(part);
    }
    return v;
}

QByteArray editableText(const QByteArray &json)
{
    return Cosmos::JsonText::withoutMembers(json, Cosmos::JsonText::systemProperties());
}

QString prettyText(const QByteArray &json, bool editable)
{
    return QString::fromUtf8(Cosmos::JsonText::pretty(editable ? editableText(json) : json, 4))
           + QLatin1Char('\n');
}

QFuture<QString> prettyTextAsync(const QByteArray &json, bool editable)
{
    return QtConcurrent::run([json, editable] { return prettyText(json, editable); });
}

QFuture<QString> prettyTextArrayAsync(const QList<QByteArray> &items)
{
    return QtConcurrent::run([items] {
        QByteArray array;
        array.reserve(items.size() * 64);
        array += '[';
        for (int i = 0; i < items.size(); ++i)
            array += (i ? "," : "") + items.at(i);
        array += ']';
        return QString::fromUtf8(Cosmos::JsonText::pretty(array, 4)) + QLatin1Char('\n');
    });
}

} // namespace Cosmoscope::JsonFormat
