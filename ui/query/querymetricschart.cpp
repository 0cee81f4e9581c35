// QueryMetricsChart: the query metrics' time breakdown as a bar chart.
#include "querymetricschart.h"

#include "chartstyle.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QHorizontalBarSeries>
#include <QValueAxis>
#include <QVBoxLayout>

namespace Cosmoscope {

QueryMetricsChart::QueryMetricsChart(QWidget *parent)
    : QWidget(parent)
    , m_view(ChartStyle::makeView(this))
    , m_set(new QBarSet(tr("ms")))
    , m_categories(new QBarCategoryAxis)
    , m_values(new QValueAxis)
{
    setObjectName(QStringLiteral("queryMetricsChart"));
    QChart *chart = m_view->chart();
    chart->setTitle(tr("Query time (ms, all pages)"));
    auto series = new QHorizontalBarSeries;
    series->append(m_set);
    series->setLabelsVisible(true);
    series->setLabelsFormat(QStringLiteral("@value"));
    chart->addSeries(series);
    chart->addAxis(m_categories, Qt::AlignLeft);
    chart->addAxis(m_values, Qt::AlignBottom);
    series->attachAxis(m_categories);
    series->attachAxis(m_values);
    m_categories->setTruncateLabels(false);
    m_values->setLabelFormat(QStringLiteral("%.2f"));
    m_values->setTickCount(3);
    ChartStyle::apply(chart, palette());
    m_set->setColor(ChartStyle::accent(palette()));
    m_set->setLabelColor(palette().color(QPalette::Text));
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    setMetrics({});
}

void QueryMetricsChart::setMetrics(const Cosmos::QueryMetrics &metrics)
{
    const auto parts = metrics.breakdown();
    m_set->remove(0, m_set->count());
    m_categories->clear();
    QStringList names;
    double max = 0;
    // The first part on top: horizontal bars are drawn bottom-up.
    for (auto it = parts.crbegin(); it != parts.crend(); ++it) {
        names << it->first;
        *m_set << it->second;
        max = qMax(max, it->second);
    }
    m_categories->append(names);
    m_values->setRange(0, max > 0 ? max * 1.15 : 1);
    m_view->setVisible(!metrics.isEmpty());
}

QStringList QueryMetricsChart::categories() const
{
    QStringList names = m_categories->categories();
    std::reverse(names.begin(), names.end());
    return names;
}

QList<double> QueryMetricsChart::values() const
{
    QList<double> out;
    for (int i = m_set->count() - 1; i >= 0; --i)
        out << m_set->at(i);
    return out;
}

void QueryMetricsChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        ChartStyle::apply(m_view->chart(), palette());
        m_set->setColor(ChartStyle::accent(palette()));
        m_set->setLabelColor(palette().color(QPalette::Text));
    }
}

} // namespace Cosmoscope
