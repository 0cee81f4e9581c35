#pragma once

#include <QByteArray>
#include <QList>

QT_BEGIN_NAMESPACE
class QIODevice;
QT_END_NAMESPACE

namespace Cosmos {

/// Writes items, given as their JSON text exactly as the server sent it, as JSON Lines, a
/// JSON array or CSV. JSON keeps each item's text (key order, number text). CSV columns are
/// the top-level keys of the first batch in order of first appearance; strings are written
/// as their text, other values (numbers, objects, arrays) as their JSON text; later keys not
/// among the columns are left out and reported by extraKey().
class ItemWriter
{
public:
    enum class Format { JsonLines, JsonArray, Csv };

    ItemWriter(QIODevice *device, Format format);

    /// Writes a batch; the first batch fixes the CSV columns. False on a write error.
    bool write(const QList<QByteArray> &items);
    /// Closes the array (JSON); false on a write error.
    bool finish();

    qint64 count() const { return m_count; }
    QList<QByteArray> columns() const { return m_columns; }
    /// A key of a later item that is not a CSV column (its values were left out); empty if none.
    QByteArray extraKey() const { return m_extraKey; }

    /// A field quoted as RFC 4180 needs (comma, quote, line break).
    static QByteArray csvField(const QByteArray &text);
    /// A value's CSV text: a string's content, null as nothing, anything else its JSON text.
    static QByteArray csvValue(const QByteArray &jsonValue);

private:
    bool put(const QByteArray &bytes);

    QIODevice *m_device;
    Format m_format;
    QList<QByteArray> m_columns;
    QByteArray m_extraKey;
    qint64 m_count = 0;
    bool m_started = false;
    bool m_ok = true;
};

} // namespace Cosmos
