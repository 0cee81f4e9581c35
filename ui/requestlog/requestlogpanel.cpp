// RequestLogPanel: the request log dock's table, filter, totals, chart and exports.
#include "requestlogpanel.h"

#include "chartstyle.h"
#include "requestlogmodel.h"

#include <requestlog.h>

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

namespace Cosmoscope {

using namespace Cosmos;

RequestLogPanel::RequestLogPanel(RequestLog *log, QWidget *parent)
    : QWidget(parent)
    , m_log(log)
    , m_model(new RequestLogModel(log, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_filter(new QLineEdit(this))
    , m_total(new QLabel(this))
    , m_chart(ChartStyle::makeView(this))
    , m_refresh(new QTimer(this))
{
    setObjectName(QStringLiteral("requestLogPanel"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setPlaceholderText(tr("Filter (operation, path, status, activity id…)"));
    m_filter->setClearButtonEnabled(true);
    m_total->setObjectName(QStringLiteral("requestLogTotal"));

    auto csv = new QPushButton(tr("Export CSV…"), this);
    auto json = new QPushButton(tr("Export JSON…"), this);
    auto clear = new QPushButton(tr("Clear"), this);
    auto toolbar = new QHBoxLayout;
    toolbar->addWidget(m_filter, 3);
    toolbar->addWidget(m_total, 2);
    toolbar->addWidget(csv);
    toolbar->addWidget(json);
    toolbar->addWidget(clear);

    m_view->setModel(m_proxy);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 4);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setSectionResizeMode(RequestLogModel::ResourceColumn,
                                                     QHeaderView::Stretch);
    const QList<QPair<int, int>> widths{{RequestLogModel::TimeColumn, 90},
                                        {RequestLogModel::AccountColumn, 120},
                                        {RequestLogModel::OperationColumn, 100},
                                        {RequestLogModel::StatusColumn, 55},
                                        {RequestLogModel::ChargeColumn, 65},
                                        {RequestLogModel::DurationColumn, 50},
                                        {RequestLogModel::BytesColumn, 80},
                                        {RequestLogModel::RetryColumn, 45},
                                        {RequestLogModel::ActivityColumn, 120},
                                        {RequestLogModel::RegionColumn, 90}};
    for (const auto &[column, width] : widths)
        m_view->setColumnWidth(column, width);

    QChart *chart = m_chart->chart();
    chart->setTitle(tr("RU per second"));
    auto series = new QLineSeries;
    chart->addSeries(series);
    auto x = new QValueAxis;
    x->setLabelFormat(QStringLiteral("%d"));
    x->setTickCount(6);
    auto y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%.0f"));
    y->setTickCount(4);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    ChartStyle::apply(chart, palette());
    series->setColor(ChartStyle::accent(palette()));
    // The chart's own minimum (axes, title) made the dock taller than a 600 px window has
    // room for beside the tabs: the dock sets the height, the chart draws in what it gets.
    m_chart->setMinimumSize(200, 90);
    m_view->setMinimumHeight(90);
    m_total->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_total->setMinimumWidth(120);

    auto splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_chart);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(toolbar);
    layout->addWidget(splitter, 1);

    m_refresh->setSingleShot(true);
    m_refresh->setInterval(500);
    connect(m_refresh, &QTimer::timeout, this, &RequestLogPanel::refresh);
    connect(log, &RequestLog::recordAdded, this, [this] {
        if (!m_refresh->isActive())
            m_refresh->start();
    });
    connect(log, &RequestLog::recordsRemoved, this, &RequestLogPanel::refresh);
    connect(
        m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_filter, &QLineEdit::textChanged, this, &RequestLogPanel::refresh);
    connect(csv, &QPushButton::clicked, this, [this] { exportWithDialog(Format::Csv); });
    connect(json, &QPushButton::clicked, this, [this] { exportWithDialog(Format::Json); });
    connect(clear, &QPushButton::clicked, log, &RequestLog::clear);
    refresh();
}

QList<RequestRecord> RequestLogPanel::shownRecords() const
{
    QList<RequestRecord> out;
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const int source = m_proxy->mapToSource(m_proxy->index(row, 0)).row();
        if (source >= 0 && source < m_log->count())
            out.append(m_log->records().at(source));
    }
    return out;
}

void RequestLogPanel::refresh()
{
    m_refresh->stop();
    double shown = 0;
    const QList<RequestRecord> records = shownRecords();
    for (const RequestRecord &r : records)
        shown += r.requestCharge;
    QString text
        = (m_log->count() == 1 ? tr("%1 request · %2 RU total") : tr("%1 requests · %2 RU total"))
              .arg(m_log->count())
              .arg(m_log->totalCharge(), 0, 'f', 2);
    if (!m_filter->text().isEmpty())
        text += tr(" · shown: %1 · %2 RU").arg(records.size()).arg(shown, 0, 'f', 2);
    m_total->setText(text);

    auto series = static_cast<QLineSeries *>(m_chart->chart()->series().constFirst());
    QList<QPointF> points;
    double max = 1;
    const QList<double> &perSecond = m_log->chargePerSecond();
    for (int s = 0; s < perSecond.size(); ++s) { // a step per second
        points.append(QPointF(s, perSecond.at(s)));
        points.append(QPointF(s + 1, perSecond.at(s)));
        max = qMax(max, perSecond.at(s));
    }
    series->replace(points);
    const auto axes = m_chart->chart()->axes();
    for (QAbstractAxis *axis : axes) {
        auto value = static_cast<QValueAxis *>(axis);
        if (axis->orientation() == Qt::Horizontal) {
            value->setRange(0, qMax<qsizetype>(10, perSecond.size() + 1));
        } else {
            value->setRange(0, max * 1.1);
            value->applyNiceNumbers();
        }
    }
}

bool RequestLogPanel::exportTo(const QString &fileName, Format format, QString *error) const
{
    QSaveFile file(fileName);
    const QList<RequestRecord> records = shownRecords();
    if (!file.open(QIODevice::WriteOnly)
        || file.write(format == Format::Csv ? RequestRecord::toCsv(records)
                                            : RequestRecord::toJsonArray(records))
               < 0
        || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void RequestLogPanel::exportWithDialog(Format format)
{
    const bool csv = format == Format::Csv;
    const QString name = QFileDialog::getSaveFileName(
        this,
        csv ? tr("Export requests as CSV") : tr("Export requests as JSON"),
        csv ? QStringLiteral("requests.csv") : QStringLiteral("requests.json"),
        csv ? tr("CSV (*.csv)") : tr("JSON (*.json)"));
    QString error;
    if (!name.isEmpty() && !exportTo(name, format, &error))
        m_total->setText(tr("Export failed: %1").arg(error));
}

void RequestLogPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        ChartStyle::apply(m_chart->chart(), palette());
        static_cast<QLineSeries *>(m_chart->chart()->series().constFirst())
            ->setColor(ChartStyle::accent(palette()));
    }
}

} // namespace Cosmoscope
