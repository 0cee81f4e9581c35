// FieldCharts: Qt Charts of one sampled field; a click on a bar gives its WHERE condition.
#include "fieldcharts.h"

#include "chartstyle.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QEvent>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QValueAxis>
#include <QVBoxLayout>

namespace Cosmoscope {

using namespace Cosmos::Schema;

constexpr int TopValues = 10;

FieldCharts::FieldCharts(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
{
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setObjectName(QStringLiteral("fieldSummary"));
    auto inner = new QWidget(this);
    m_chartsLayout = new QVBoxLayout(inner);
    m_chartsLayout->setContentsMargins(0, 0, 0, 0);
    m_chartsLayout->addStretch(1);
    auto scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(inner);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_summary);
    layout->addWidget(scroll, 1);
    showField(nullptr, nullptr);
}

void FieldCharts::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        for (QWidget *w : std::as_const(m_views)) {
            auto view = qobject_cast<QChartView *>(w);
            if (!view)
                continue;
            ChartStyle::apply(view->chart(), palette());
            for (QAbstractSeries *s : view->chart()->series()) {
                for (QBarSet *set : static_cast<QAbstractBarSeries *>(s)->barSets()) {
                    set->setColor(ChartStyle::accent(palette()));
                    set->setBorderColor(ChartStyle::accent(palette()));
                }
            }
        }
    }
}

void FieldCharts::clearCharts()
{
    qDeleteAll(m_views);
    m_views.clear();
    m_charts.clear();
}

void FieldCharts::addChart(Chart chart, bool horizontal)
{
    QChartView *view = ChartStyle::makeView(this);
    QChart *c = view->chart();
    c->setTitle(chart.title);
    auto set = new QBarSet(chart.title);
    QStringList labels = chart.labels;
    QList<qint64> counts = chart.counts;
    if (horizontal) { // the first value on top
        std::reverse(labels.begin(), labels.end());
        std::reverse(counts.begin(), counts.end());
    }
    qint64 max = 0;
    for (qint64 n : std::as_const(counts)) {
        *set << double(n);
        max = qMax(max, n);
    }
    QAbstractBarSeries *series = horizontal
                                     ? static_cast<QAbstractBarSeries *>(new QHorizontalBarSeries)
                                     : static_cast<QAbstractBarSeries *>(new QBarSeries);
    series->append(set);
    series->setBarWidth(horizontal ? 0.7 : 0.95);
    c->addSeries(series);
    auto categories = new QBarCategoryAxis;
    categories->append(labels);
    auto values = new QValueAxis;
    values->setRange(0, double(qMax<qint64>(1, max)));
    values->setLabelFormat(QStringLiteral("%d"));
    values->setTickCount(3);
    values->applyNiceNumbers();
    c->addAxis(categories, horizontal ? Qt::AlignLeft : Qt::AlignBottom);
    c->addAxis(values, horizontal ? Qt::AlignBottom : Qt::AlignLeft);
    series->attachAxis(categories);
    series->attachAxis(values);
    categories->setTruncateLabels(false);
    if (!horizontal && labels.size() > 6)
        categories->setLabelsAngle(-90);
    ChartStyle::apply(c, palette()); // the theme first: it resets the series' colours
    set->setColor(ChartStyle::accent(palette()));
    set->setBorderColor(ChartStyle::accent(palette()));
    view->setMinimumHeight(horizontal ? 40 + 22 * int(labels.size()) : 230);
    chart.set = set;
    const int chartIndex = int(m_charts.size());
    if (chart.condition) {
        view->setCursor(Qt::PointingHandCursor);
        view->setToolTip(tr("Click a bar to query its documents"));
        connect(
            set, &QBarSet::clicked, this, [this, chartIndex, horizontal, n = labels.size()](int i) {
                const Chart &ch = m_charts.at(chartIndex);
                const QString where = ch.condition(horizontal ? int(n) - 1 - i : i);
                if (!where.isEmpty())
                    emit conditionRequested(where);
            });
    }
    m_charts.append(chart);
    m_views.append(view);
    m_chartsLayout->insertWidget(m_chartsLayout->count() - 1, view);
}

static QString numberLabel(double v)
{
    return QString::number(v, 'g', 6);
}

void FieldCharts::addHistogram(const QString &title,
                               const QList<Bin> &bins,
                               const FieldStats &field,
                               bool asDate,
                               const QString &function,
                               bool dateIsTs)
{
    Chart chart;
    chart.title = title;
    const double width = bins.isEmpty() ? 0 : bins.first().high - bins.first().low;
    const QString format = width >= 28.0 * 86400000 ? QStringLiteral("MMM yy")
                           : width >= 86400000      ? QStringLiteral("MM-dd")
                                                    : QStringLiteral("hh:mm");
    for (const Bin &b : bins) {
        if (asDate) {
            const QDateTime t = QDateTime::fromMSecsSinceEpoch(qint64(b.low), Qt::UTC);
            chart.labels << QLocale::c().toString(t, format);
        } else {
            chart.labels << QStringLiteral("%1–%2").arg(numberLabel(b.low), numberLabel(b.high));
        }
        chart.counts << b.count;
    }
    const QStringList segments = field.segments;
    chart.condition = [bins, segments, asDate, function, dateIsTs](int i) {
        if (i < 0 || i >= bins.size())
            return QString();
        Bin b = bins.at(i);
        if (dateIsTs) { // _ts is in seconds
            b.low /= 1000;
            b.high /= 1000;
        }
        return whereCondition(
            segments,
            QStringLiteral("c"),
            Condition::range(b, i == bins.size() - 1, asDate && !dateIsTs, function));
    };
    addChart(chart, false);
}

void FieldCharts::showField(const SchemaStats *stats, const FieldStats *field)
{
    clearCharts();
    if (!stats || !field) {
        m_summary->setText(tr("Select a field to see its values."));
        return;
    }
    const double presence
        = stats->documentCount() ? 100.0 * field->documents / stats->documentCount() : 0;
    QStringList lines;
    lines << tr("%1 — in %2 of %3 sampled documents (%4%), %5 values")
                 .arg(field->path)
                 .arg(field->documents)
                 .arg(stats->documentCount())
                 .arg(presence, 0, 'f', 1)
                 .arg(field->occurrences);
    QStringList types;
    for (JsonType t : field->typesSeen()) {
        types << tr("%1: %2 (%3%)")
                     .arg(typeName(t))
                     .arg(field->count(t))
                     .arg(field->share(t) * 100, 0, 'f', 1);
    }
    lines << tr("Types: %1").arg(types.join(QStringLiteral(", ")));
    const QStringList segments = field->segments;

    if (field->partitionKey) {
        const PartitionSkew skew = stats->partitionSkew();
        lines << tr("Partition key path (level %1). The sample spreads over %2 key values; the "
                    "largest holds %3 documents (%4%), %5× the mean.")
                     .arg(field->partitionKeyLevel + 1)
                     .arg(skew.distinctValues)
                     .arg(skew.largest)
                     .arg(skew.largestShare * 100, 0, 'f', 1)
                     .arg(skew.maxOverMean, 0, 'f', 2);
        QList<ValueCount> values;
        for (auto it = stats->partitionValues().cbegin(); it != stats->partitionValues().cend();
             ++it)
            values.append({it.key(), it.value()});
        std::sort(values.begin(), values.end(), [](const ValueCount &a, const ValueCount &b) {
            return a.count != b.count ? a.count > b.count : a.value < b.value;
        });
        Chart chart;
        chart.title = tr("Documents per partition key value (top %1 of %2)")
                          .arg(qMin<qsizetype>(TopValues, values.size()))
                          .arg(values.size());
        for (int i = 0; i < values.size() && i < TopValues; ++i) {
            chart.labels << values.at(i).value;
            chart.counts << values.at(i).count;
        }
        addChart(chart, true);
    }
    const qint64 strings = field->count(JsonType::String);
    const bool allDistinct
        = strings > 1 && field->stringCounts.size() == strings && !field->stringCountsCapped;
    if (allDistinct)
        lines << tr("All %1 strings are distinct.").arg(strings);
    if ((strings && !allDistinct) || field->trueCount || field->falseCount) {
        const QList<ValueCount> top = field->topValues(TopValues);
        Chart chart;
        chart.title = tr("Top values (%1 distinct%2)")
                          .arg(field->stringCounts.size() + (field->trueCount ? 1 : 0)
                               + (field->falseCount ? 1 : 0))
                          .arg(field->stringCountsCapped ? tr(", counting capped") : QString());
        QStringList literals;
        for (const ValueCount &v : top) {
            chart.labels << (v.value.size() > 40 ? v.value.left(39) + QChar(0x2026) : v.value);
            chart.counts << v.count;
            const bool isBool = (v.value == QLatin1String("true") && field->trueCount
                                 && !field->stringCounts.contains(v.value))
                                || (v.value == QLatin1String("false") && field->falseCount
                                    && !field->stringCounts.contains(v.value));
            literals << (isBool ? v.value : jsonLiteral(v.value));
        }
        chart.condition = [segments, literals](int i) {
            return whereCondition(
                segments, QStringLiteral("c"), Condition::equal(literals.value(i)));
        };
        addChart(chart, true);
    }
    if (!field->dates.isEmpty()) {
        const bool isTs = segments == QStringList{QStringLiteral("_ts")};
        addHistogram(tr("Timeline (%1 dates)").arg(field->dates.size()),
                     timeline(field->dates),
                     *field,
                     true,
                     {},
                     isTs);
    }
    if (!field->numbers.isEmpty())
        addHistogram(tr("Number histogram"), histogram(field->numbers), *field, false);
    if (!field->stringLengths.isEmpty())
        addHistogram(tr("String lengths"),
                     histogram(field->stringLengths),
                     *field,
                     false,
                     QStringLiteral("LENGTH"));
    m_summary->setText(lines.join(QLatin1Char('\n')));
}

} // namespace Cosmoscope
