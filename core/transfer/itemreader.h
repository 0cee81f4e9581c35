#pragma once

#include <QByteArray>
#include <QString>

QT_BEGIN_NAMESPACE
class QIODevice;
QT_END_NAMESPACE

namespace Cosmos {

/// One input item: its text exactly as in the file, where it was, and why it cannot be sent.
struct InputItem
{
    qint64 number = 0; ///< 1-based: the line (JSON Lines) or the array element
    qint64 line = 0;   ///< 1-based line where it starts
    QByteArray text;   ///< verbatim
    QString error;     ///< not a JSON object, with line/column; empty when it can be sent
    QByteArray source; ///< the input's own text when `text` was made from it (a CSV record)
};

/// Streams items from JSON Lines or a JSON array (told apart by the first character), without
/// reading the whole input: memory follows the largest item, not the file. UTF-8 only; a
/// UTF-16 or UTF-32 file is refused with a message naming its encoding.
class ItemReader
{
public:
    enum class Format { Unknown, JsonLines, JsonArray };

    explicit ItemReader(QIODevice *device);

    /// The next item (blank lines are skipped); false at the end or on a fatal error.
    bool next(InputItem *item);
    /// Why reading stopped early (bad encoding, a broken array); empty at a clean end.
    QString fatalError() const { return m_fatal; }
    Format format() const { return m_format; }
    /// True when the input ended cleanly.
    bool atEnd() const { return m_done && m_fatal.isEmpty(); }

    /// Largest item accepted (the service's limit is 2 MB); longer ones are read and rejected.
    static constexpr qsizetype MaxItemBytes = 4 * 1024 * 1024;

private:
    bool detect();
    bool nextLine(InputItem *item);
    bool nextElement(InputItem *item);
    bool fill();

    QIODevice *m_device;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    qint64 m_line = 1;   ///< line of m_buffer[m_pos]
    qint64 m_number = 0;
    Format m_format = Format::Unknown;
    bool m_eof = false;
    bool m_done = false;
    bool m_arrayClosed = false;
    QString m_fatal;
};

/// Checks one item's text: a JSON object, else a message with line and column.
QString checkItemText(const QByteArray &text);

} // namespace Cosmos
