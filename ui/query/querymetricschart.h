#pragma once

#include <querymetrics.h>

#include <QWidget>

QT_BEGIN_NAMESPACE
class QBarCategoryAxis;
class QBarSet;
class QChartView;
class QValueAxis;
QT_END_NAMESPACE

namespace Cosmoscope {

/// Where a query's time went (ms, summed over its pages), as horizontal bars: preparation,
/// index lookup, document load, runtime, VM execution, output. Empty when the service
/// returned no metrics.
class QueryMetricsChart : public QWidget
{
    Q_OBJECT
public:
    explicit QueryMetricsChart(QWidget *parent = nullptr);

    void setMetrics(const Cosmos::QueryMetrics &metrics);
    QStringList categories() const;
    QList<double> values() const;
    QChartView *view() const { return m_view; }

protected:
    void changeEvent(QEvent *event) override;

private:
    QChartView *m_view;
    QBarSet *m_set;
    QBarCategoryAxis *m_categories;
    QValueAxis *m_values;
};

} // namespace Cosmoscope
