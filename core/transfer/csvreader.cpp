#include "csvreader.h"

#include "jsontext.h"

#include <QIODevice>
#include <QRegularExpression>

namespace Cosmos {

CsvReader::CsvReader(QIODevice *device)
    : m_device(device)
{}

QByteArray jsonString(const QByteArray &utf8)
{
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out += '"';
    for (const char c : utf8) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (uchar(c) < 0x20)
                out += "\\u00" + QByteArray::number(uchar(c), 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    out += '"';
    return out;
}

QByteArray CsvReader::fieldToJson(const QByteArray &key, const QByteArray &field)
{
    if (field.isEmpty())
        return {};
    if (key == "id")
        return jsonString(field);
    static const QRegularExpression number(
        QStringLiteral(R"(^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$)"));
    if (field == "true" || field == "false" || field == "null"
        || number.match(QString::fromLatin1(field)).hasMatch()) {
        return field;
    }
    if ((field.startsWith('{') || field.startsWith('['))
        && !JsonText::check(field).isError()) {
        return field;
    }
    return jsonString(field);
}

// One record, its fields unquoted; false at the end of the input.
bool CsvReader::readRecord(QByteArrayList *fields, qint64 *line, QByteArray *raw)
{
    fields->clear();
    raw->clear();
    QByteArray field;
    bool quoted = false;
    bool any = false;
    *line = m_line;
    char c = 0;
    while (m_device->getChar(&c)) {
        any = true;
        if (c != '\n' || quoted)
            *raw += c;
        if (quoted) {
            if (c == '"') {
                char next = 0;
                if (m_device->peek(&next, 1) == 1 && next == '"') {
                    m_device->getChar(&next);
                    *raw += next;
                    field += '"';
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n')
                    ++m_line;
                field += c;
            }
            continue;
        }
        if (c == '"' && field.isEmpty()) {
            quoted = true;
        } else if (c == ',') {
            *fields << field;
            field.clear();
        } else if (c == '\n') {
            ++m_line;
            if (field.endsWith('\r'))
                field.chop(1);
            if (raw->endsWith('\r'))
                raw->chop(1);
            *fields << field;
            return true;
        } else {
            field += c;
        }
    }
    if (!any)
        return false;
    if (quoted)
        m_fatal = QStringLiteral("line %1: a quoted field is not closed").arg(*line);
    *fields << field;
    return true;
}

QByteArray CsvReader::headerLine() const
{
    QByteArray line;
    for (const QByteArray &h : m_header) {
        if (!line.isEmpty())
            line += ',';
        const bool quote = h.contains(',') || h.contains('"') || h.contains('\n');
        line += quote ? '"' + QByteArray(h).replace("\"", "\"\"") + '"' : h;
    }
    return line;
}

bool CsvReader::next(InputItem *item)
{
    if (!m_fatal.isEmpty())
        return false;
    QByteArrayList fields;
    QByteArray raw;
    qint64 line = 0;
    if (!m_started) {
        m_started = true;
        if (!readRecord(&m_header, &line, &raw))
            return false;
        if (!m_header.isEmpty() && m_header.first().startsWith("\xEF\xBB\xBF"))
            m_header.first().remove(0, 3); // UTF-8 byte order mark
        if (m_header.isEmpty() || (m_header.size() == 1 && m_header.first().isEmpty())) {
            m_fatal = QStringLiteral("The CSV file has no header line naming the properties.");
            return false;
        }
    }
    do {
        if (!readRecord(&fields, &line, &raw))
            return false;
    } while (fields.size() == 1 && fields.first().isEmpty()); // blank lines
    *item = InputItem();
    item->number = ++m_number;
    item->line = line;
    item->source = raw;
    if (fields.size() != m_header.size()) {
        item->text = raw;
        item->error = QStringLiteral("%1 fields where the header has %2")
                          .arg(fields.size())
                          .arg(m_header.size());
        return true;
    }
    QByteArray text = "{";
    for (qsizetype i = 0; i < fields.size(); ++i) {
        const QByteArray value = fieldToJson(m_header.at(i), fields.at(i));
        if (value.isEmpty())
            continue;
        if (text.size() > 1)
            text += ',';
        text += jsonString(m_header.at(i)) + ':' + value;
    }
    text += '}';
    item->text = text;
    item->error = checkItemText(text);
    return true;
}

} // namespace Cosmos
