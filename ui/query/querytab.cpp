#include "querytab.h"

#include "exportdialog.h"
#include "icons.h"

#include "accountsession.h"
#include "messagebar.h"
#include "parameterspanel.h"
#include "queryeditor.h"
#include "querymetricschart.h"
#include "querystats.h"
#include "resultloader.h"
#include "resultmodel.h"
#include "resultview.h"
#include "settings.h"

#include <cosmosclient.h>
#include <pager.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QToolButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QToolBar>
#include <QVBoxLayout>

namespace Cosmoscope {

using namespace Cosmos;

QueryTab::QueryTab(AccountSession *session,
                   const ResourcePath &container,
                   Settings *settings,
                   QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_container(container)
    , m_settings(settings)
    , m_bar(new MessageBar(this))
    , m_editor(new QueryEditor(this))
    , m_parameters(new ParametersPanel(this))
    , m_partitionKey(new QLineEdit(this))
    , m_sessionToken(new QLineEdit(this))
    , m_staleness(new QSpinBox(this))
    , m_metricsCheck(new QCheckBox(tr("Query metrics"), this))
    , m_history(new QComboBox(this))
    , m_saved(new QComboBox(this))
    , m_model(new ResultModel(this))
    , m_loader(new ResultLoader(m_model, this))
    , m_results(new ResultView(m_model, this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("queryTab"));
    m_editor->setObjectName(QStringLiteral("queryEditor"));
    m_partitionKey->setObjectName(QStringLiteral("partitionKey"));
    m_partitionKey->setPlaceholderText(
        tr("all partitions — or a JSON value: \"books\", 42, [\"a\",\"b\"]"));
    m_sessionToken->setObjectName(QStringLiteral("sessionToken"));
    m_sessionToken->setPlaceholderText(tr("optional: read at this session token (Session)"));
    m_staleness->setObjectName(QStringLiteral("cacheStaleness"));
    m_staleness->setRange(-1, 24 * 3600 * 1000);
    m_staleness->setValue(-1);
    m_staleness->setSpecialValueText(tr("not set"));
    m_staleness->setSuffix(tr(" ms"));
    m_staleness->setToolTip(tr("Dedicated gateway: the largest staleness accepted from the "
                               "integrated cache (max_integrated_cache_staleness_in_ms)"));
    m_metricsCheck->setObjectName(QStringLiteral("metricsCheck"));
    m_metricsCheck->setToolTip(tr("Ask for query metrics and index utilization"));
    m_status->setObjectName(QStringLiteral("queryStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A status line never sets the window's minimum width: long text is cut, not stretched.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_status->setMinimumWidth(0);
    m_history->setObjectName(QStringLiteral("queryHistory"));
    m_history->setMinimumContentsLength(14);
    m_history->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_history->setToolTip(tr("Recent queries on this container"));
    m_saved->setObjectName(QStringLiteral("savedQueries"));
    m_saved->setMinimumContentsLength(14);
    m_saved->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_saved->setToolTip(tr("Saved queries of this container"));
    m_editor->setText(QStringLiteral("SELECT * FROM c"));

    auto toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_runAction = toolbar->addAction(Icons::fromResource(QStringLiteral("run")), tr("Run"));
    m_runAction->setToolTip(tr("Run the selection or the whole query (Ctrl+Enter, F5)"));
    // Both Enter keys (main and keypad) with Ctrl, and F5, anywhere in the tab.
    m_runAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return),
                               QKeySequence(Qt::CTRL | Qt::Key_Enter),
                               QKeySequence(Qt::Key_F5)});
    m_runAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_cancelAction
        = toolbar->addAction(Icons::fromResource(QStringLiteral("stop")), tr("Cancel"));
    m_moreAction = toolbar->addAction(Icons::loadMore(), tr("Load more"));
    m_allAction
        = toolbar->addAction(Icons::fromResource(QStringLiteral("load-all")), tr("Load all"));
    m_runAction->setObjectName(QStringLiteral("runQuery"));
    m_cancelAction->setObjectName(QStringLiteral("cancelQuery"));
    m_moreAction->setObjectName(QStringLiteral("loadMore"));
    m_allAction->setObjectName(QStringLiteral("loadAll"));
    QAction *exportAction = toolbar->addAction(Icons::exportItems(), tr("Export…"));
    exportAction->setObjectName(QStringLiteral("exportResults"));
    exportAction->setToolTip(tr("Export… the grid or the whole query to a file"));
    connect(exportAction, &QAction::triggered, this, &QueryTab::openExport);
    // Icon only (the text is the tooltip's): the toolbar must fit a 900 px window.
    if (auto button = qobject_cast<QToolButton *>(toolbar->widgetForAction(exportAction)))
        button->setToolButtonStyle(Qt::ToolButtonIconOnly);
    toolbar->addSeparator();
    toolbar->addWidget(m_metricsCheck);
    toolbar->addSeparator();
    // Less used: saving a query is in the "Query" menu button, not a toolbar button of its own.
    auto more = new QToolButton(this);
    more->setObjectName(QStringLiteral("queryMenuButton"));
    more->setText(tr("Query"));
    more->setPopupMode(QToolButton::InstantPopup);
    more->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto menu = new QMenu(more);
    more->setMenu(menu);
    menu->addAction(m_runAction);
    menu->addAction(m_cancelAction);
    menu->addAction(m_moreAction);
    menu->addAction(m_allAction);
    menu->addSeparator();
    QAction *readOptionsAction = menu->addAction(tr("Session token and cache staleness"));
    readOptionsAction->setObjectName(QStringLiteral("readOptionsAction"));
    readOptionsAction->setCheckable(true);
    QAction *saveAction
        = menu->addAction(Icons::fromResource(QStringLiteral("save")), tr("Save query…"));
    saveAction->setObjectName(QStringLiteral("saveQuery"));
    saveAction->setShortcut(QKeySequence::Save);
    saveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(saveAction); // Ctrl+S works in the tab while the menu is closed
    addAction(m_runAction);
    toolbar->addWidget(more);

    // Under the editor: the partition key, and the recent and saved queries (not on the
    // toolbar, which must fit a 900 px window).
    auto pkForm = new QHBoxLayout;
    pkForm->setContentsMargins(0, 0, 0, 0);
    auto pkLabel = new QLabel(tr("Partition key:"), this);
    pkLabel->setBuddy(m_partitionKey);
    pkForm->addWidget(pkLabel);
    pkForm->addWidget(m_partitionKey, 1);
    pkForm->addWidget(m_history);
    pkForm->addWidget(m_saved);
    // Rarely set: their row shows from the Query menu, so that in a 600 px window the editor
    // keeps its lines (it showed four).
    auto readOptions = new QWidget(this);
    readOptions->setObjectName(QStringLiteral("readOptions"));
    auto sessionRow = new QHBoxLayout(readOptions);
    sessionRow->setContentsMargins(0, 0, 0, 0);
    sessionRow->addWidget(new QLabel(tr("Session token:"), readOptions));
    sessionRow->addWidget(m_sessionToken, 1);
    sessionRow->addWidget(new QLabel(tr("Cache staleness:"), readOptions));
    sessionRow->addWidget(m_staleness);
    readOptions->hide();
    connect(readOptionsAction, &QAction::toggled, readOptions, &QWidget::setVisible);
    auto editorPane = new QWidget(this);
    auto editorLayout = new QVBoxLayout(editorPane);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(m_editor, 1);
    editorLayout->addLayout(pkForm);
    editorLayout->addWidget(readOptions);
    auto top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(editorPane);
    top->addWidget(m_parameters);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 1);
    auto vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(top);
    vertical->addWidget(m_results);
    vertical->setStretchFactor(0, 2);
    vertical->setStretchFactor(1, 3);

    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_bar);
    layout->addWidget(toolbar);
    layout->addWidget(vertical, 1);
    layout->addWidget(m_status);

    m_loader->setPageSizes(settings->pageSize(), settings->drainPageSize());
    connect(m_editor, &QueryEditor::runRequested, this, &QueryTab::run);
    connect(m_runAction, &QAction::triggered, this, &QueryTab::run);
    connect(m_cancelAction, &QAction::triggered, this, &QueryTab::cancel);
    connect(m_moreAction, &QAction::triggered, this, &QueryTab::loadMore);
    connect(m_allAction, &QAction::triggered, this, &QueryTab::loadAll);
    connect(saveAction, &QAction::triggered, this, &QueryTab::saveQuery);
    connect(m_loader, &ResultLoader::stateChanged, this, &QueryTab::updateState);
    connect(m_loader, &ResultLoader::pageLoaded, this, &QueryTab::samplePaths);
    connect(m_loader, &ResultLoader::failed, this, [this](const CosmosError &error) {
        m_counting = false;
        showQueryError(error);
    });
    m_metricsChart = new QueryMetricsChart(this);
    m_stats = new QueryStatsTable(this);
    auto statsPage = new QSplitter(Qt::Horizontal, this);
    statsPage->addWidget(m_stats);
    statsPage->addWidget(m_metricsChart);
    statsPage->setChildrenCollapsible(false);
    statsPage->setStretchFactor(0, 1);
    statsPage->setStretchFactor(1, 1);
    m_metricsChart->setMinimumWidth(220); // it was crushed to a 40 px strip beside the table
    m_results->setMetricsChart(statsPage);
    // The table and chart get the room; the raw text beside them is for copying.
    if (auto page = qobject_cast<QSplitter *>(m_results->metricsPage())) {
        page->setStretchFactor(0, 1);
        page->setStretchFactor(1, 3);
    }
    connect(m_metricsCheck, &QCheckBox::toggled, m_results, &ResultView::setMetricsVisible);
    connect(m_history, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            m_editor->setText(m_history->itemData(index).toString());
    });
    connect(m_saved, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            m_editor->setText(m_saved->itemData(index).toString());
    });
    reloadHistory();
    updateState();
}

bool QueryTab::run()
{
    const QString untrimmed = m_editor->textToRun();
    const QString text = untrimmed.trimmed();
    if (text.isEmpty()) {
        m_bar->showMessage(MessageBar::Type::Information,
                           tr("Nothing to run: type a query, or select the part to run."));
        return false;
    }
    m_editor->clearErrors();
    m_failed = false;
    m_ranText = text;
    m_ranStart
        = m_editor->textToRunStart() + int(untrimmed.left(untrimmed.indexOf(text)).toUtf8().size());
    m_parameters->addMissing(m_editor->parameterNames());
    CosmosError error;
    QuerySpec spec;
    spec.query = text;
    spec.parameters = m_parameters->parameters(&error);
    if (error.isError()) {
        m_bar->showError(error, tr("Not run"));
        return false;
    }
    RequestOptions options;
    if (!m_partitionKey->text().trimmed().isEmpty()) {
        options.partitionKey = PartitionKey::fromJsonText(m_partitionKey->text().trimmed(), &error);
        if (error.isError()) {
            m_bar->showError(error, tr("Not run"));
            return false;
        }
    }
    options.sessionToken = m_sessionToken->text().trimmed();
    options.maxIntegratedCacheStalenessMs = m_staleness->value();
    options.populateQueryMetrics = m_metricsCheck->isChecked();
    options.populateIndexMetrics = m_metricsCheck->isChecked();
    static const QRegularExpression fromAlias(QStringLiteral("\\bFROM\\s+([A-Za-z_][A-Za-z0-9_]*)"),
                                              QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = fromAlias.match(text);
    m_alias = m.hasMatch() ? m.captured(1) : QStringLiteral("c");
    m_sampled = false;
    m_counting = false;
    m_bar->dismiss(); // this run was accepted: earlier messages of the tab are over
    m_settings->addQueryHistory(m_session->scopeFor(m_container), text);
    reloadHistory();
    m_results->setMetrics({});
    QPointer<CosmosClient> client = m_session->client();
    const ResourcePath feed = m_container.feed(ResourceKind::Item);
    m_lastQuery = [client, feed, spec, options](int pageSize, QObject *parent) -> Pager * {
        RequestOptions o = options;
        o.maxItemCount = pageSize;
        return client ? client->query(feed, spec, o, parent) : nullptr;
    };
    m_loader->start(m_lastQuery);
    return true;
}

// The service's errors[] name a range of the query: it is underlined in the editor and the
// message says where ("line 2, column 7"); other errors go to the message bar as they are.
void QueryTab::showQueryError(const CosmosError &error)
{
    m_failed = error.kind != CosmosError::Kind::Cancelled;
    CosmosError shown = error;
    if (!error.queryIssues.isEmpty()) {
        const QueryIssue &first = error.queryIssues.first();
        const auto [line, column] = m_editor->markQueryError(
            m_ranText, m_ranStart, first.start, first.end, first.message);
        QStringList messages;
        for (const QueryIssue &issue : error.queryIssues)
            messages << issue.message;
        shown.message = messages.join(QLatin1Char(' '));
        if (line > 0)
            shown.message += tr(" (line %1, column %2)").arg(line).arg(column);
    }
    m_bar->showError(shown, tr("Query on %1").arg(m_container.id()));
    updateState();
}

ExportDialog *QueryTab::openExport()
{
    auto dialog = new ExportDialog(m_model->rawItems(), m_lastQuery,
                                   tr("results of a query on %1").arg(m_container.containerId()),
                                   this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

void QueryTab::cancel()
{
    m_counting = false;
    m_loader->cancel();
    updateState();
}

void QueryTab::loadMore()
{
    m_loader->loadMore();
}

void QueryTab::loadAll()
{
    const ResultLoader::Stats stats = m_loader->stats();
    const double threshold = m_settings->loadAllWarningRu();
    if (threshold <= 0 || stats.items <= 0 || stats.requestCharge <= 0 || !m_loader->hasMore()) {
        drain();
        return;
    }
    // Estimate first: how many items the container has (one cheap COUNT), then the first
    // pages' RU per item for the rest. The query's filter can only make it less: an upper bound.
    m_counting = true;
    updateState();
    QPointer<CosmosClient> client = m_session->client();
    QuerySpec spec{QStringLiteral("SELECT VALUE COUNT(1) FROM c"), {}};
    Pager *pager = client->query(m_container.feed(ResourceKind::Item), spec, {}, this);
    connect(pager, &Pager::pageReady, this, [this, pager](const FeedPage &page) {
        pager->deleteLater();
        if (!m_counting)
            return; // cancelled or another run meanwhile
        m_counting = false;
        confirmLoadAll(page.items.isEmpty() ? 0 : page.items.first().toDouble());
    });
    connect(pager, &Pager::failed, this, [this, pager](const CosmosError &) {
        pager->deleteLater();
        if (!m_counting)
            return;
        m_counting = false;
        confirmLoadAll(-1); // unknown: ask without a figure
    });
    pager->fetchNext();
}

void QueryTab::confirmLoadAll(double itemCount)
{
    const ResultLoader::Stats stats = m_loader->stats();
    const double perItem = stats.requestCharge / double(stats.items);
    const double remaining = itemCount < 0 ? -1 : qMax(0.0, itemCount - double(stats.items));
    const double estimate = remaining < 0 ? -1 : perItem * remaining;
    if (estimate >= 0 && estimate <= m_settings->loadAllWarningRu()) {
        drain();
        return;
    }
    const QLocale locale;
    const QString text
        = estimate < 0
              ? tr("The cost of loading everything could not be estimated. The first %1 cost %2 "
                   "RU.")
                    .arg(stats.items == 1 ? tr("item") : tr("%1 items").arg(stats.items))
                    .arg(locale.toString(stats.requestCharge, 'f', 2))
              : tr("Loading all results may cost up to about %1 RU: the first %2 cost %3 RU, and "
                   "the container holds %4 items (an estimate; the query's filter makes it less).")
                    .arg(locale.toString(stats.requestCharge + estimate, 'f', 0),
                         stats.items == 1 ? tr("item") : tr("%1 items").arg(stats.items),
                         locale.toString(stats.requestCharge, 'f', 2),
                         locale.toString(qint64(itemCount)));
    auto box = new QMessageBox(QMessageBox::Question,
                               tr("Load all results"),
                               text + QLatin1Char('\n') + tr("Load all?"),
                               QMessageBox::Yes | QMessageBox::Cancel,
                               this);
    box->setObjectName(QStringLiteral("confirmLoadAll"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this](int result) {
        if (result == QMessageBox::Yes)
            drain();
        updateState();
    });
    box->open();
    updateState();
}

void QueryTab::drain()
{
    m_loader->loadAll();
}

void QueryTab::updateState()
{
    const ResultLoader::Stats stats = m_loader->stats();
    const bool busy = m_loader->isBusy();
    m_cancelAction->setEnabled(busy || m_loader->isDraining());
    m_moreAction->setEnabled(!busy && m_loader->hasMore());
    m_allAction->setEnabled(!m_loader->isDraining() && !m_counting && m_loader->hasMore());
    const int count = m_model->itemCount();
    QString text = count == 1 ? tr("1 item") : tr("%1 items").arg(count);
    m_status->setToolTip({});
    if (m_loader->hasMore())
        text += tr(" (more available)");
    text += tr(" · %1 RU · %2 ms").arg(stats.requestCharge, 0, 'f', 2).arg(stats.wallMs);
    if (stats.pages > 1) {
        text += tr(" · %1 pages, last page %2 RU")
                    .arg(stats.pages)
                    .arg(stats.lastPageCharge, 0, 'f', 2);
    }
    if (!stats.activityId.isEmpty()) {
        // A cross-partition page has one id per partition: show one, all in the tooltip.
        const QStringList ids = stats.activityId.split(QStringLiteral(", "), Qt::SkipEmptyParts);
        text += tr(" · activity id %1").arg(ids.value(0));
        if (ids.size() > 1)
            text += tr(" (+%1 more)").arg(ids.size() - 1);
        m_status->setToolTip(
            tr("Activity ids of the last page:\n%1").arg(ids.join(QLatin1Char('\n'))));
    }
    if (m_counting)
        text += tr(" · estimating the cost of Load all…");
    if (!stats.region.isEmpty())
        text += tr(" · region %1").arg(stats.region);
    if (busy)
        text += tr(" · running…");
    else if (m_failed)
        text += tr(" · failed");
    m_status->setText(text);
    if (m_metricsCheck->isChecked()) {
        QString metrics = stats.queryMetrics;
        metrics.replace(QLatin1Char(';'), QLatin1Char('\n'));
        if (!stats.indexMetrics.isEmpty())
            metrics += tr("\n\nIndex utilization:\n") + stats.indexMetrics;
        m_results->setMetrics(metrics.isEmpty() ? tr("No metrics were returned.") : metrics);
        m_metricsChart->setMetrics(stats.metricsTotal);
        m_stats->setStats(stats.requestCharge, count, stats.pages, stats.metricsTotal);
    }
}

void QueryTab::reloadHistory()
{
    m_history->clear();
    m_history->addItem(tr("(recent queries)"));
    for (const QString &q : m_settings->queryHistory(m_session->scopeFor(m_container)))
        m_history->addItem(q.simplified().left(80), q);
    m_saved->clear();
    m_saved->addItem(tr("(saved queries)"));
    const QMap<QString, QString> saved = m_settings->savedQueries(m_session->scopeFor(m_container));
    for (auto it = saved.cbegin(); it != saved.cend(); ++it)
        m_saved->addItem(it.key(), it.value());
}

void QueryTab::saveQuery()
{
    auto dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Save query"));
    dialog->setLabelText(tr("Name:"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &name) {
        if (name.trimmed().isEmpty())
            return;
        m_settings->saveQuery(m_session->scopeFor(m_container), name.trimmed(), m_editor->text());
        reloadHistory();
    });
    dialog->open();
}

static void
collectPaths(const QJsonObject &object, const QString &prefix, int depth, QStringList *paths)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key().startsWith(QLatin1Char('_')))
            continue;
        const QString path = prefix + QLatin1Char('.') + it.key();
        if (!paths->contains(path))
            paths->append(path);
        if (depth < 3 && it.value().isObject())
            collectPaths(it.value().toObject(), path, depth + 1, paths);
    }
}

void QueryTab::samplePaths()
{
    if (m_sampled)
        return;
    m_sampled = true;
    QStringList paths;
    const int n = qMin(50, m_model->itemCount());
    for (int i = 0; i < n; ++i)
        collectPaths(m_model->item(i), m_alias, 1, &paths);
    m_editor->addPropertyPaths(paths);
}

} // namespace Cosmoscope
