#include "resultview.h"

#include "codeeditor.h"
#include "jsonformat.h"
#include "resultmodel.h"
#include "roworderproxy.h"

#include <QHeaderView>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QMenu>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace Cosmoscope {

ResultView::ResultView(ResultModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new RowOrderProxy(model, this))
    , m_tabs(new QTabWidget(this))
    , m_table(new QTableView(this))
    , m_json(new JsonEditor(this))
    , m_metrics(new QPlainTextEdit(this))
    , m_jsonTimer(new QTimer(this))
{
    m_table->setObjectName(QStringLiteral("resultGrid"));
    m_table->setModel(m_proxy);
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTabKeyNavigation(false); // Tab leaves the grid; arrows move in it
    m_table->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table->horizontalHeader(),
            &QWidget::customContextMenuRequested,
            this,
            [this](const QPoint &pos) {
                columnMenu()->popup(m_table->horizontalHeader()->mapToGlobal(pos));
            });
    connect(
        m_proxy,
        &QAbstractItemModel::columnsInserted,
        this,
        [this](const QModelIndex &, int first, int last) { applyColumnVisibility(first, last); });
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        applyColumnVisibility(0, m_proxy->columnCount() - 1);
    });
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, [this] {
        applyColumnVisibility(0, m_proxy->columnCount() - 1);
    });
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setDefaultSectionSize(140);
    m_json->setObjectName(QStringLiteral("resultJson"));
    m_json->setReadOnly(true);
    m_metrics->setObjectName(QStringLiteral("queryMetrics"));
    m_metrics->setReadOnly(true);
    m_metrics->hide(); // a tab only when metrics are asked for
    m_tabs->addTab(m_table, tr("Grid"));
    m_tabs->addTab(m_json, tr("JSON"));
    auto columns = new QToolButton(this);
    columns->setObjectName(QStringLiteral("columnsButton"));
    columns->setText(tr("Columns"));
    columns->setToolTip(tr("Choose the grid's columns (system properties are hidden at first)"));
    columns->setAutoRaise(true);
    connect(columns, &QToolButton::clicked, this, [this, columns] {
        columnMenu()->popup(columns->mapToGlobal(QPoint(0, columns->height())));
    });
    m_tabs->setCornerWidget(columns, Qt::TopRightCorner);
    m_jsonTimer->setSingleShot(true);
    m_jsonTimer->setInterval(150);

    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    connect(m_table->selectionModel(),
            &QItemSelectionModel::currentRowChanged,
            this,
            [this](const QModelIndex &current) {
                if (!current.isValid())
                    return;
                const QModelIndex source = m_proxy->mapToSource(current);
                Q_EMIT currentItemChanged(source.row());
            });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_tabs->currentWidget() == m_json && m_jsonDirty)
            scheduleJson();
    });
    connect(m_jsonTimer, &QTimer::timeout, this, &ResultView::buildJson);
    const auto changed = [this] {
        m_jsonDirty = true;
        if (m_tabs->currentWidget() == m_json)
            scheduleJson();
    };
    connect(model, &QAbstractItemModel::rowsInserted, this, changed);
    connect(model, &QAbstractItemModel::rowsRemoved, this, changed);
    connect(model, &QAbstractItemModel::dataChanged, this, changed);
    connect(model, &QAbstractItemModel::modelReset, this, [this, changed] {
        m_resized = false;
        changed();
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_resized || m_model->itemCount() == 0)
            return;
        // Size the columns once, from the first page only (cheap, visible rows).
        m_resized = true;
        m_table->resizeColumnsToContents();
        for (int c = 0; c < m_model->columnCount(); ++c)
            m_table->setColumnWidth(c, qBound(60, m_table->columnWidth(c), 320));
    });
}

bool ResultView::isColumnShown(const QString &key) const
{
    if (JsonFormat::isSystemProperty(key))
        return m_shownSystem.contains(key);
    return !m_hidden.contains(key);
}

void ResultView::applyColumnVisibility(int first, int last)
{
    for (int c = qMax(0, first); c <= last && c < m_proxy->columnCount(); ++c) {
        const QString key
            = m_proxy->headerData(c, Qt::Horizontal, ResultModel::ColumnKeyRole).toString();
        m_table->setColumnHidden(c, !isColumnShown(key));
    }
}

QMenu *ResultView::columnMenu()
{
    if (!m_columnMenu) {
        m_columnMenu = new QMenu(tr("Columns"), this);
        m_columnMenu->setObjectName(QStringLiteral("columnMenu"));
    }
    m_columnMenu->clear();
    for (int c = 0; c < m_proxy->columnCount(); ++c) {
        const QString key
            = m_proxy->headerData(c, Qt::Horizontal, ResultModel::ColumnKeyRole).toString();
        QAction *action = m_columnMenu->addAction(
            m_proxy->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
        action->setCheckable(true);
        action->setChecked(isColumnShown(key));
        action->setData(key);
        connect(action, &QAction::toggled, this, [this, key](bool shown) {
            if (JsonFormat::isSystemProperty(key)) {
                if (shown)
                    m_shownSystem.insert(key);
                else
                    m_shownSystem.remove(key);
            } else if (shown) {
                m_hidden.remove(key);
            } else {
                m_hidden.insert(key);
            }
            applyColumnVisibility(0, m_proxy->columnCount() - 1);
        });
    }
    return m_columnMenu;
}

void ResultView::setMetrics(const QString &text)
{
    m_metrics->setPlainText(text);
}

void ResultView::setMetricsChart(QWidget *chart)
{
    auto page = new QSplitter(Qt::Horizontal, this);
    page->addWidget(m_metrics);
    page->addWidget(chart);
    page->setStretchFactor(0, 1);
    page->setStretchFactor(1, 1);
    page->hide();
    m_metrics->show();
    m_metricsPage = page;
}

QWidget *ResultView::metricsPage() const
{
    return m_metricsPage ? m_metricsPage : static_cast<QWidget *>(m_metrics);
}

void ResultView::setMetricsVisible(bool visible)
{
    QWidget *page = metricsPage();
    const int index = m_tabs->indexOf(page);
    if (visible && index < 0)
        m_tabs->addTab(page, tr("Metrics"));
    else if (!visible && index >= 0)
        m_tabs->removeTab(index);
}

void ResultView::showJson()
{
    m_tabs->setCurrentWidget(m_json);
}

void ResultView::scheduleJson()
{
    if (!m_jsonTimer->isActive())
        m_jsonTimer->start();
}

void ResultView::buildJson()
{
    m_jsonDirty = false;
    const quint64 request = ++m_jsonRequest;
    // The row list is implicitly shared: the worker formats a snapshot.
    // The documents as the server sent them: key order and number text kept.
    JsonFormat::prettyTextArrayAsync(m_model->rawItems()).then(this, [this, request](const QString &text) {
        if (request != m_jsonRequest)
            return; // superseded by newer rows
        m_json->setTextChunked(text);
    });
}

QJsonObject ResultView::currentItem() const
{
    const int row = currentSourceRow();
    return row >= 0 ? m_model->item(row) : QJsonObject();
}

QByteArray ResultView::currentRawItem() const
{
    return m_model->rawItem(currentSourceRow());
}

int ResultView::currentSourceRow() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? m_proxy->mapToSource(current).row() : -1;
}

void ResultView::selectSourceRow(int row)
{
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index);
}

} // namespace Cosmoscope
