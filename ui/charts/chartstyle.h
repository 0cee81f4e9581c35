#pragma once

#include <QColor>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QPalette;
class QWidget;
QT_END_NAMESPACE

namespace Cosmoscope::ChartStyle {

/// True when the palette's window colour is dark.
bool isDark(const QPalette &palette);
/// Qt Charts' light or dark theme by the palette, then the palette's window and text colours
/// for background, labels and grid, so that a chart reads like the widgets around it.
void apply(QChart *chart, const QPalette &palette);
/// The accent colour of bars and lines (the palette's highlight).
QColor accent(const QPalette &palette);
/// A compact chart view: no margins or legend, antialiased, themed from `parent`'s palette.
QChartView *makeView(QWidget *parent);

} // namespace Cosmoscope::ChartStyle
