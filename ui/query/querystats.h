#pragma once

#include <querymetrics.h>

#include <QTableWidget>

namespace Cosmoscope {

/// A query's statistics as a table with units, like the portal's "Query Stats": request
/// charge, results, retrieved and output documents, the time spent in each phase, round
/// trips. The service's metrics are summed over the pages read.
class QueryStatsTable : public QTableWidget
{
    Q_OBJECT
public:
    explicit QueryStatsTable(QWidget *parent = nullptr);

    void
    setStats(double requestCharge, qint64 items, int pages, const Cosmos::QueryMetrics &metrics);
    /// The value shown for a metric label ("Request charge"), empty when absent.
    QString valueOf(const QString &label) const;
    QString unitOf(const QString &label) const;

private:
    void addRow(const QString &label,
                const QString &value,
                const QString &unit,
                const QString &tip = {});
};

} // namespace Cosmoscope
