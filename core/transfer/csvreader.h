#pragma once

#include "itemreader.h"

#include <QByteArrayList>

QT_BEGIN_NAMESPACE
class QIODevice;
QT_END_NAMESPACE

namespace Cosmos {

/// Streams items from CSV (RFC 4180: comma separated, double quotes, CRLF or LF) whose first
/// record names the properties. Each later record becomes a JSON object with the header's keys
/// in header order: a field that is a JSON number, true, false or null, or a JSON object or
/// array (as an export writes nested values), is taken as that value with its text kept;
/// anything else is a string; an empty field leaves its property out. `id` is always a string.
/// A record with another number of fields than the header is an item with an error.
class CsvReader
{
public:
    explicit CsvReader(QIODevice *device);

    /// The next item; false at the end or on a fatal error.
    bool next(InputItem *item);
    QString fatalError() const { return m_fatal; }
    QByteArrayList header() const { return m_header; }
    /// The header line as it should head a CSV of rejected records.
    QByteArray headerLine() const;

    /// One field as the JSON value described above (empty for an empty field).
    static QByteArray fieldToJson(const QByteArray &key, const QByteArray &field);

private:
    bool readRecord(QByteArrayList *fields, qint64 *line, QByteArray *raw);

    QIODevice *m_device;
    QByteArrayList m_header;
    qint64 m_line = 1;
    qint64 m_number = 0;
    bool m_started = false;
    QString m_fatal;
};

/// `text` as a JSON string literal (quotes and escapes added).
QByteArray jsonString(const QByteArray &utf8);

} // namespace Cosmos
