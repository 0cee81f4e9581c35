#include "table.h"

#include <jsontext.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace Cli {

static constexpr int ColumnGap = 2;
static constexpr int MinColumnWidth = 6;
static constexpr int MaxColumnWidth = 60;

static QString cellText(const QByteArray &member)
{
    QString text;
    if (member.startsWith('"')) // a string: its value, without quotes and escapes
        text = QJsonDocument::fromJson("[" + member + "]").array().at(0).toString();
    else
        text = QString::fromUtf8(member);
    for (QChar &c : text) {
        if (c.category() == QChar::Other_Control)
            c = QLatin1Char(' ');
    }
    return text;
}

void TableWriter::addRow(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    QList<QPair<QString, QString>> row;
    if (!doc.isObject()) {
        if (!m_columns.contains(QStringLiteral("value")))
            m_columns.append(QStringLiteral("value"));
        row.append({QStringLiteral("value"), cellText(Cosmos::JsonText::compact(json))});
        m_rows.append(row);
        return;
    }
    // QJsonObject is used for the member names only; the cells come from the text as stored.
    const QStringList keys = doc.object().keys();
    for (const QString &key : keys) {
        const QByteArray name = key.toUtf8();
        if (Cosmos::JsonText::systemProperties().contains(name))
            continue;
        if (!m_columns.contains(key)) {
            m_columns.append(key);
            std::stable_sort(
                m_columns.begin(), m_columns.end(), [](const QString &a, const QString &b) {
                    return a == QLatin1String("id") && b != QLatin1String("id");
                });
        }
        row.append({key, cellText(Cosmos::JsonText::member(json, name))});
    }
    m_rows.append(row);
}

static QString fitted(const QString &text, int width)
{
    if (text.size() <= width)
        return text + QString(width - text.size(), QLatin1Char(' '));
    return text.left(width - 1) + QChar(0x2026); // …
}

QByteArray TableWriter::render(int width, bool colour) const
{
    if (m_columns.isEmpty())
        return {};
    QList<int> widths;
    for (const QString &column : m_columns) {
        int w = int(column.size());
        for (const auto &row : m_rows) {
            for (const auto &cell : row) {
                if (cell.first == column)
                    w = std::max(w, int(cell.second.size()));
            }
        }
        widths.append(std::min(w, MaxColumnWidth));
    }
    const auto total = [&widths] {
        int sum = 0;
        for (const int w : widths)
            sum += w;
        return sum + ColumnGap * int(widths.size() - 1);
    };
    while (width > 0 && total() > width) {
        auto widest = std::max_element(widths.begin(), widths.end());
        if (*widest > MinColumnWidth)
            --*widest;
        else if (widths.size() > 1)
            widths.removeLast();
        else
            break;
    }

    const QString gap(ColumnGap, QLatin1Char(' '));
    QByteArray out;
    QString header;
    for (int i = 0; i < widths.size(); ++i)
        header += (i ? gap : QString()) + fitted(m_columns.at(i), widths.at(i));
    while (header.endsWith(QLatin1Char(' ')))
        header.chop(1);
    if (colour)
        out += "\x1b[1m" + header.toUtf8() + "\x1b[0m\n";
    else
        out += header.toUtf8() + '\n';
    for (const auto &row : m_rows) {
        QString line;
        for (int i = 0; i < widths.size(); ++i) {
            QString cell;
            for (const auto &c : row) {
                if (c.first == m_columns.at(i))
                    cell = c.second;
            }
            line += (i ? gap : QString()) + fitted(cell, widths.at(i));
        }
        // trim only the padding on the right
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        out += line.toUtf8() + '\n';
    }
    return out;
}

} // namespace Cli
