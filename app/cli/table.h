#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Cli {

/// Documents as a text table for a terminal: one row per document, one column per top-level
/// member ("id" first, then the others as first met; system properties left out). Cells show
/// strings without quotes and other values as their JSON text, as stored (numbers keep their
/// text). The table is narrowed to a width by shortening the widest columns (cut cells end
/// in "…") and, when that is not enough, by leaving out the last columns.
class TableWriter
{
public:
    /// One document as JSON text; anything that is not an object becomes a one-cell row.
    void addRow(const QByteArray &json);
    qsizetype rowCount() const { return m_rows.size(); }

    /// The table, lines ending in '\n'. `width` 0: no limit. `colour`: the header in bold.
    QByteArray render(int width, bool colour) const;

private:
    QStringList m_columns;
    QList<QList<QPair<QString, QString>>> m_rows; // (column, cell) per row
};

} // namespace Cli
