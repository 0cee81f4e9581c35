#pragma once

#include <QFuture>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace Cosmoscope::JsonFormat {

/// `_rid _self _etag _ts _attachments`: set by the service, shown read-only.
const QStringList &systemProperties();
bool isSystemProperty(const QString &key);
/// Splits an item into its editable part and its system properties.
QJsonObject stripSystem(const QJsonObject &item, QJsonObject *system = nullptr);

/// One cell: strings as they are, numbers, true/false/null, objects and arrays as compact
/// JSON cut at `maxChars`.
QString cellText(const QJsonValue &value, int maxChars = 300);
/// The value at a path "/a/b" (or a top-level key "a").
QJsonValue valueAt(const QJsonObject &object, const QString &path);

/// Indented JSON of an object, formatted on a worker thread.
QFuture<QString> prettyAsync(const QJsonObject &object);
/// An indented JSON array of all items, formatted on a worker thread.
QFuture<QString> prettyArrayAsync(const QList<QJsonObject> &items);

} // namespace Cosmoscope::JsonFormat
