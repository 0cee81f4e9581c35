#include "itemreader.h"

#include "jsontext.h"

#include <QIODevice>

namespace Cosmos {

#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
// Fuzzing builds (COSMOSCOPE_FUZZ): chunk ends fall inside the fuzzer's small inputs, and no
// 256 KB allocation per read (each one an mmap under AddressSanitizer: ~1 run per second).
constexpr qint64 ChunkBytes = 64;
#else
constexpr qint64 ChunkBytes = 256 * 1024;
#endif

ItemReader::ItemReader(QIODevice *device)
    : m_device(device)
{}

// Reads more input into the buffer, dropping what was consumed; false at the end.
bool ItemReader::fill()
{
    if (m_eof)
        return false;
    if (m_pos > 0) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    const QByteArray chunk = m_device->read(ChunkBytes); // a file or pipe: blocks until data
    if (chunk.isEmpty()) {
        m_eof = true;
        return false;
    }
    m_buffer += chunk;
    return true;
}

static QString encodingName(const QByteArray &head)
{
    const auto at = [&head](int i) { return i < head.size() ? uchar(head.at(i)) : 0xffu; };
    if (at(0) == 0xff && at(1) == 0xfe && at(2) == 0 && at(3) == 0)
        return QStringLiteral("UTF-32 (little-endian)");
    if (at(0) == 0 && at(1) == 0 && at(2) == 0xfe && at(3) == 0xff)
        return QStringLiteral("UTF-32 (big-endian)");
    if (at(0) == 0xff && at(1) == 0xfe)
        return QStringLiteral("UTF-16 (little-endian)");
    if (at(0) == 0xfe && at(1) == 0xff)
        return QStringLiteral("UTF-16 (big-endian)");
    if (head.size() >= 2 && at(0) != 0 && at(1) == 0)
        return QStringLiteral("UTF-16 (little-endian, no byte order mark)");
    if (head.size() >= 2 && at(0) == 0 && at(1) != 0)
        return QStringLiteral("UTF-16 (big-endian, no byte order mark)");
    return {};
}

bool ItemReader::detect()
{
    while (m_buffer.size() - m_pos < 4 && fill()) {
    }
    const QString encoding = encodingName(m_buffer.mid(m_pos, 4));
    if (!encoding.isEmpty()) {
        m_fatal = QStringLiteral("The input is %1 text; items must be UTF-8. Convert it first, "
                                 "e.g. iconv -f UTF-16 -t UTF-8.")
                      .arg(encoding);
        return false;
    }
    if (m_buffer.mid(m_pos, 3) == "\xEF\xBB\xBF")
        m_pos += 3; // UTF-8 byte order mark
    for (;;) {
        while (m_pos < m_buffer.size()) {
            const char c = m_buffer.at(m_pos);
            if (c == '[') {
                m_format = Format::JsonArray;
                ++m_pos;
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                m_format = Format::JsonLines;
                return true;
            }
            if (c == '\n')
                ++m_line;
            ++m_pos;
        }
        if (!fill()) {
            m_format = Format::JsonLines; // empty input: no items
            return true;
        }
    }
}

bool ItemReader::next(InputItem *item)
{
    if (m_done)
        return false;
    if (m_format == Format::Unknown && !detect()) {
        m_done = true;
        return false;
    }
    const bool ok = m_format == Format::JsonArray ? nextElement(item) : nextLine(item);
    if (!ok)
        m_done = true;
    return ok;
}

bool ItemReader::nextLine(InputItem *item)
{
    for (;;) {
        qsizetype end = m_buffer.indexOf('\n', m_pos);
        while (end < 0) {
            const qsizetype scanned = m_buffer.size() - m_pos;
            if (!fill()) {
                end = m_buffer.size();
                break;
            }
            end = m_buffer.indexOf('\n', m_pos + scanned);
        }
        if (m_pos >= m_buffer.size() && m_eof)
            return false;
        QByteArray text = m_buffer.mid(m_pos, end - m_pos);
        m_pos = qMin(end + 1, m_buffer.size());
        const qint64 line = m_line++;
        if (text.endsWith('\r'))
            text.chop(1);
        if (text.trimmed().isEmpty())
            continue;
        item->number = line;
        item->line = line;
        item->text = text;
        item->error = text.size() > MaxItemBytes
                          ? QStringLiteral("the line is longer than %1 MB").arg(MaxItemBytes >> 20)
                          : checkItemText(text);
        return true;
    }
}

// Finds the next element of the array by scanning strings, escapes and nesting; the element's
// own JSON is checked afterwards, so a bad element is rejected alone.
bool ItemReader::nextElement(InputItem *item)
{
    if (m_arrayClosed)
        return false;
    // Skip whitespace and one separating comma.
    bool sawComma = false;
    for (;;) {
        if (m_pos >= m_buffer.size() && !fill()) {
            m_fatal = QStringLiteral("The JSON array is not closed: the input ends at line %1.").arg(m_line);
            return false;
        }
        const char c = m_buffer.at(m_pos);
        if (c == '\n')
            ++m_line;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            ++m_pos;
            continue;
        }
        if (c == ',' && !sawComma && m_number > 0) {
            sawComma = true;
            ++m_pos;
            continue;
        }
        if (c == ']') {
            if (sawComma) {
                m_fatal = QStringLiteral("A ',' before the closing ']' at line %1 (a trailing comma "
                                         "is not JSON).")
                              .arg(m_line);
                return false;
            }
            ++m_pos;
            m_arrayClosed = true;
            // Only whitespace may follow.
            for (;;) {
                while (m_pos < m_buffer.size()) {
                    const char t = m_buffer.at(m_pos++);
                    if (t == '\n')
                        ++m_line;
                    else if (t != ' ' && t != '\t' && t != '\r') {
                        m_fatal = QStringLiteral("Unexpected text after the JSON array at line %1.").arg(m_line);
                        return false;
                    }
                }
                if (!fill())
                    return false;
            }
        }
        if (m_number > 0 && !sawComma) {
            m_fatal = QStringLiteral("Expected ',' or ']' between array elements at line %1.").arg(m_line);
            return false;
        }
        break;
    }
    const qint64 startLine = m_line;
    qsizetype i = m_pos;
    int depth = 0;
    bool inString = false;
    bool escape = false;
    for (;;) {
        if (i >= m_buffer.size()) {
            const qsizetype offset = i - m_pos;
            if (!fill()) {
                if (depth == 0 && !inString && offset > 0)
                    break; // a complete element; the missing ']' is reported next
                m_fatal = QStringLiteral("The JSON array is cut off in element %1 (line %2).")
                              .arg(m_number + 1)
                              .arg(startLine);
                return false;
            }
            i = m_pos + offset;
            if (offset > MaxItemBytes) {
                m_fatal = QStringLiteral("Element %1 (line %2) is longer than %3 MB.")
                              .arg(m_number + 1)
                              .arg(startLine)
                              .arg(MaxItemBytes >> 20);
                return false;
            }
            continue;
        }
        const char c = m_buffer.at(i);
        if (inString) {
            if (escape)
                escape = false;
            else if (c == '\\')
                escape = true;
            else if (c == '"')
                inString = false;
            else if (c == '\n')
                ++m_line;
            ++i;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                break; // the array's own ']'
            if (--depth == 0) {
                ++i; // an object or array element ends with its closing bracket
                break;
            }
        } else if (c == ',' && depth == 0) {
            break;
        } else if (c == '\n') {
            ++m_line;
        }
        ++i;
    }
    QByteArray text = m_buffer.mid(m_pos, i - m_pos);
    m_pos = i;
    while (!text.isEmpty() && (text.endsWith(' ') || text.endsWith('\n') || text.endsWith('\r')
                               || text.endsWith('\t')))
        text.chop(1);
    item->number = ++m_number;
    item->line = startLine;
    item->text = text;
    item->error = text.isEmpty() ? QStringLiteral("empty array element") : checkItemText(text);
    return true;
}

QString checkItemText(const QByteArray &text)
{
    const JsonText::ParseError e = JsonText::check(text);
    if (e.isError())
        return QStringLiteral("not valid JSON (%1)").arg(e.describe(text));
    qsizetype i = 0;
    while (i < text.size() && QByteArray(" \t\r\n").contains(text.at(i)))
        ++i;
    if (i >= text.size() || text.at(i) != '{')
        return QStringLiteral("not a JSON object");
    return {};
}

} // namespace Cosmos
