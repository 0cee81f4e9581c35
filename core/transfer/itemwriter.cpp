#include "itemwriter.h"

#include "jsontext.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QSet>

namespace Cosmos {

ItemWriter::ItemWriter(QIODevice *device, Format format)
    : m_device(device)
    , m_format(format)
{}

bool ItemWriter::put(const QByteArray &bytes)
{
    if (m_ok && m_device->write(bytes) != bytes.size())
        m_ok = false;
    return m_ok;
}

QByteArray ItemWriter::csvField(const QByteArray &text)
{
    if (text.contains(',') || text.contains('"') || text.contains('\n') || text.contains('\r'))
        return '"' + QByteArray(text).replace("\"", "\"\"") + '"';
    return text;
}

QByteArray ItemWriter::csvValue(const QByteArray &jsonValue)
{
    if (jsonValue.isEmpty() || jsonValue == "null")
        return {};
    if (jsonValue.startsWith('"')) {
        // The string's content: decoded through a one-element array (escapes resolved).
        const QJsonDocument doc = QJsonDocument::fromJson('[' + jsonValue + ']');
        return doc.array().at(0).toString().toUtf8();
    }
    return jsonValue;
}

bool ItemWriter::write(const QList<QByteArray> &items)
{
    if (!m_started) {
        if (items.isEmpty())
            return m_ok; // the CSV columns come from the first items
        m_started = true;
        if (m_format == Format::JsonArray) {
            put("[");
        } else if (m_format == Format::Csv) {
            QSet<QByteArray> seen;
            for (const QByteArray &item : items) {
                for (const QByteArray &key : JsonText::keys(item)) {
                    if (!seen.contains(key)) {
                        seen.insert(key);
                        m_columns << key;
                    }
                }
            }
            QByteArray header;
            for (const QByteArray &c : std::as_const(m_columns))
                header += (header.isEmpty() ? QByteArray() : QByteArray(",")) + csvField(c);
            put(header + "\r\n");
        }
    }
    for (const QByteArray &item : items) {
        switch (m_format) {
        case Format::JsonLines:
            put(item + '\n');
            break;
        case Format::JsonArray:
            put((m_count ? ",\n" : "\n") + item);
            break;
        case Format::Csv: {
            if (m_extraKey.isEmpty()) {
                for (const QByteArray &key : JsonText::keys(item)) {
                    if (!m_columns.contains(key)) {
                        m_extraKey = key;
                        break;
                    }
                }
            }
            QByteArray row;
            for (qsizetype i = 0; i < m_columns.size(); ++i) {
                if (i)
                    row += ',';
                row += csvField(csvValue(JsonText::member(item, m_columns.at(i))));
            }
            put(row + "\r\n");
            break;
        }
        }
        ++m_count;
    }
    return m_ok;
}

bool ItemWriter::finish()
{
    if (m_format == Format::JsonArray)
        put(!m_started ? "[]\n" : m_count ? "\n]\n" : "]\n");
    return m_ok;
}

} // namespace Cosmos
