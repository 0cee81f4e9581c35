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

/// A document as the server sent it (key order and number text kept), indented by 4;
/// `editable` leaves out the system properties (the item editor's text).
QString prettyText(const QByteArray &json, bool editable);
/// prettyText() on a worker thread.
QFuture<QString> prettyTextAsync(const QByteArray &json, bool editable);
/// An indented JSON array of documents' texts, formatted on a worker thread.
QFuture<QString> prettyTextArrayAsync(const QList<QByteArray> &items);
/// The editable part of a document's text: the system properties left out, order kept.
QByteArray editableText(const QByteArray &json);

/// Where a JSON text is wrong, placed where a person would fix it: a missing comma is
/// reported at the end of the line that lacks it, not at the start of the next member.
struct Problem
{
    int offset = -1; ///< byte offset; -1 when the text is valid JSON
    int line = 0;    ///< 1-based
    int column = 0;  ///< 1-based, in characters
    QString message;
    bool isError() const { return offset >= 0; }
};
/// Checks `text` (RapidJSON) and explains the likely cause; `objectOnly`: must be { … }.
Problem locateProblem(const QByteArray &text, bool objectOnly = true);

} // namespace Cosmoscope::JsonFormat
