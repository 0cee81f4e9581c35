#include "querystats.h"

#include <QHeaderView>
#include <QLocale>

namespace Cosmoscope {

QueryStatsTable::QueryStatsTable(QWidget *parent)
    : QTableWidget(0, 3, parent)
{
    setObjectName(QStringLiteral("queryStats"));
    setHorizontalHeaderLabels({tr("Metric"), tr("Value"), tr("Unit")});
    verticalHeader()->hide();
    // Value and unit always in view; the metric's name takes the rest and is elided when the
    // table is narrow (at 900 px the unit column was scrolled out of view).
    horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    horizontalHeader()->setStretchLastSection(false);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setAlternatingRowColors(true);
}

void QueryStatsTable::addRow(const QString &label,
                             const QString &value,
                             const QString &unit,
                             const QString &tip)
{
    const int row = rowCount();
    insertRow(row);
    auto name = new QTableWidgetItem(label);
    name->setToolTip(tip);
    auto number = new QTableWidgetItem(value);
    number->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    setItem(row, 0, name);
    setItem(row, 1, number);
    setItem(row, 2, new QTableWidgetItem(unit));
}

void QueryStatsTable::setStats(double requestCharge,
                               qint64 items,
                               int pages,
                               const Cosmos::QueryMetrics &metrics)
{
    setRowCount(0);
    const QLocale locale;
    addRow(tr("Request charge"), locale.toString(requestCharge, 'f', 2), tr("RU"));
    addRow(tr("Results shown"), locale.toString(items), tr("items"));
    addRow(tr("Round trips"), locale.toString(pages), pages == 1 ? tr("page") : tr("pages"));
    struct Metric
    {
        const char *key;
        const char *label;
        const char *unit;
        const char *tip;
    };
    static const Metric table[] = {
        {"retrievedDocumentCount",
         QT_TR_NOOP("Retrieved document count"),
         QT_TR_NOOP("documents"),
         QT_TR_NOOP("Documents loaded from the store to evaluate the query")},
        {"retrievedDocumentSize", QT_TR_NOOP("Retrieved document size"), QT_TR_NOOP("bytes"), ""},
        {"outputDocumentCount", QT_TR_NOOP("Output document count"), QT_TR_NOOP("documents"), ""},
        {"outputDocumentSize", QT_TR_NOOP("Output document size"), QT_TR_NOOP("bytes"), ""},
        {"indexUtilizationRatio",
         QT_TR_NOOP("Index hit ratio"),
         QT_TR_NOOP("ratio"),
         QT_TR_NOOP("Output documents / documents matched by the index (1 is best)")},
        {"indexLookupTimeInMs", QT_TR_NOOP("Index lookup time"), QT_TR_NOOP("ms"), ""},
        {"documentLoadTimeInMs", QT_TR_NOOP("Document load time"), QT_TR_NOOP("ms"), ""},
        {"VMExecutionTimeInMs", QT_TR_NOOP("Query engine execution time"), QT_TR_NOOP("ms"), ""},
        {"systemFunctionExecuteTimeInMs",
         QT_TR_NOOP("System function execution time"),
         QT_TR_NOOP("ms"),
         ""},
        {"userFunctionExecuteTimeInMs",
         QT_TR_NOOP("User-defined function execution time"),
         QT_TR_NOOP("ms"),
         ""},
        {"writeOutputTimeInMs", QT_TR_NOOP("Document write time"), QT_TR_NOOP("ms"), ""},
        {"queryCompileTimeInMs", QT_TR_NOOP("Query compile time"), QT_TR_NOOP("ms"), ""},
        {"totalExecutionTimeInMs", QT_TR_NOOP("Total execution time"), QT_TR_NOOP("ms"), ""},
    };
    for (const Metric &m : table) {
        const QString key = QLatin1String(m.key);
        if (!metrics.values.contains(key))
            continue;
        const double v = metrics.value(key);
        const bool whole = v == double(qint64(v));
        addRow(tr(m.label),
               whole ? locale.toString(qint64(v)) : locale.toString(v, 'f', 2),
               tr(m.unit),
               tr(m.tip));
    }
}

QString QueryStatsTable::valueOf(const QString &label) const
{
    for (int r = 0; r < rowCount(); ++r) {
        if (item(r, 0)->text() == label)
            return item(r, 1)->text();
    }
    return {};
}

QString QueryStatsTable::unitOf(const QString &label) const
{
    for (int r = 0; r < rowCount(); ++r) {
        if (item(r, 0)->text() == label)
            return item(r, 2)->text();
    }
    return {};
}

} // namespace Cosmoscope
