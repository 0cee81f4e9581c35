// ChartStyle: Qt Charts themed from the application palette (light and dark).
#include "chartstyle.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QPalette>

namespace Cosmoscope::ChartStyle {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

QColor accent(const QPalette &palette)
{
    return palette.color(QPalette::Highlight);
}

void apply(QChart *chart, const QPalette &palette)
{
    chart->setTheme(isDark(palette) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(palette.color(QPalette::Base));
    chart->setBackgroundRoundness(0);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(palette.color(QPalette::Text));
    QColor grid = palette.color(QPalette::Text);
    grid.setAlphaF(0.15);
    const auto axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        axis->setLabelsBrush(palette.color(QPalette::Text));
        axis->setTitleBrush(palette.color(QPalette::Text));
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
    }
    chart->legend()->setLabelColor(palette.color(QPalette::Text));
}

QChartView *makeView(QWidget *parent)
{
    auto chart = new QChart;
    chart->legend()->hide();
    chart->setMargins(QMargins(2, 2, 2, 2));
    auto view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(140);
    apply(chart, parent ? parent->palette() : QPalette());
    return view;
}

} // namespace Cosmoscope::ChartStyle
