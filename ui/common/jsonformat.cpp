#include "jsonformat.h"

#include <jsontext.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QObject>
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

Problem locateProblem(const QByteArray &text, bool objectOnly)
{
    Problem problem;
    const Cosmos::JsonText::ParseError error = Cosmos::JsonText::check(text);
    qsizetype offset = error.offset;
    QString message = error.message;
    if (!error.isError()) {
        if (!objectOnly)
            return problem;
        const QByteArray trimmed = text.trimmed();
        if (trimmed.startsWith('{'))
            return problem;
        offset = text.indexOf(trimmed.left(1));
        message = QObject::tr("An item must be a JSON object { … }.");
    } else {
        const bool missingComma = message.startsWith(QLatin1String("Missing a comma"));
        if (missingComma) {
            // The parser stops at the next member; the comma belongs after the previous one.
            qsizetype end = qMin(offset, text.size());
            while (end > 0 && QChar::isSpace(uchar(text.at(end - 1))))
                --end;
            if (end > 0 && end < offset)
                offset = end;
        }
        offset = qBound<qsizetype>(0, offset, text.size());
        int line = 1;
        for (qsizetype i = 0; i < offset; ++i) {
            if (text.at(i) == '\n')
                ++line;
        }
        if (missingComma) {
            message = QObject::tr("A comma is missing at the end of line %1 (before the next %2).")
                          .arg(line)
                          .arg(error.message.contains(QLatin1Char(']')) ? QObject::tr("element")
                                                                        : QObject::tr("member"));
        } else if (message.endsWith(QLatin1Char('.'))) {
            message.chop(1);
        }
    }
    problem.offset = int(offset);
    qsizetype lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    if (offset == 0)
        lineStart = 0;
    problem.line = int(text.left(offset).count('\n')) + 1;
    problem.column = int(QString::fromUtf8(text.mid(lineStart, offset - lineStart)).size()) + 1;
    problem.message = message.endsWith(QLatin1Char('.')) ? message : message + QLatin1Char('.');
    return problem;
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
