#include "querytab.h"

#include "accountsession.h"
#include "messagebar.h"
#include "parameterspanel.h"
#include "queryeditor.h"
#include "querymetricschart.h"
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
                   MessageBar *bar,
                   QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_container(container)
    , m_settings(settings)
    , m_bar(bar)
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
    m_history->setObjectName(QStringLiteral("queryHistory"));
    m_history->setMinimumContentsLength(16);
    m_history->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_saved->setMinimumContentsLength(10);
    m_saved->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_editor->setText(QStringLiteral("SELECT * FROM c"));

    auto toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_runAction = toolbar->addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Run"));
    m_runAction->setToolTip(tr("Run the selection or the whole query (Ctrl+Enter, F5)"));
    m_cancelAction
        = toolbar->addAction(style()->standardIcon(QStyle::SP_BrowserStop), tr("Cancel"));
    m_moreAction = toolbar->addAction(style()->standardIcon(QStyle::SP_ArrowDown), tr("Load more"));
    m_allAction
        = toolbar->addAction(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("Load all"));
    m_runAction->setObjectName(QStringLiteral("runQuery"));
    m_cancelAction->setObjectName(QStringLiteral("cancelQuery"));
    m_moreAction->setObjectName(QStringLiteral("loadMore"));
    m_allAction->setObjectName(QStringLiteral("loadAll"));
    toolbar->addSeparator();
    toolbar->addWidget(m_metricsCheck);
    toolbar->addSeparator();
    toolbar->addWidget(new QLabel(tr(" History "), this));
    toolbar->addWidget(m_history);
    toolbar->addWidget(new QLabel(tr(" Saved "), this));
    toolbar->addWidget(m_saved);
    QAction *saveAction
        = toolbar->addAction(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("Save query…"));

    auto pkForm = new QFormLayout;
    pkForm->setContentsMargins(0, 0, 0, 0);
    pkForm->addRow(tr("Partition key:"), m_partitionKey);
    auto sessionRow = new QHBoxLayout;
    sessionRow->addWidget(m_sessionToken, 1);
    sessionRow->addWidget(new QLabel(tr("Cache staleness:"), this));
    sessionRow->addWidget(m_staleness);
    pkForm->addRow(tr("Session token:"), sessionRow);
    auto editorPane = new QWidget(this);
    auto editorLayout = new QVBoxLayout(editorPane);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(m_editor, 1);
    editorLayout->addLayout(pkForm);
    auto top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(editorPane);
    top->addWidget(m_parameters);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 1);
    auto vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(top);
    vertical->addWidget(m_results);
    vertical->setStretchFactor(0, 1);
    vertical->setStretchFactor(1, 2);

    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
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
    connect(m_loader, &ResultLoader::failed, this, &QueryTab::showQueryError);
    m_metricsChart = new QueryMetricsChart(this);
    m_results->setMetricsChart(m_metricsChart);
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
    if (text.isEmpty())
        return false;
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
    m_settings->addQueryHistory(m_session->scopeFor(m_container), text);
    reloadHistory();
    m_results->setMetrics({});
    QPointer<CosmosClient> client = m_session->client();
    const ResourcePath feed = m_container.feed(ResourceKind::Item);
    m_loader->start([client, feed, spec, options](int pageSize, QObject *parent) {
        RequestOptions o = options;
        o.maxItemCount = pageSize;
        return client->query(feed, spec, o, parent);
    });
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

void QueryTab::cancel()
{
    m_loader->cancel();
}

void QueryTab::loadMore()
{
    m_loader->loadMore();
}

void QueryTab::loadAll()
{
    m_loader->loadAll();
}

void QueryTab::updateState()
{
    const ResultLoader::Stats stats = m_loader->stats();
    const bool busy = m_loader->isBusy();
    m_cancelAction->setEnabled(busy || m_loader->isDraining());
    m_moreAction->setEnabled(!busy && m_loader->hasMore());
    m_allAction->setEnabled(!m_loader->isDraining() && m_loader->hasMore());
    const int count = m_model->itemCount();
    QString text = count == 1 ? tr("1 item") : tr("%1 items").arg(count);
    if (m_loader->hasMore())
        text += tr(" (more available)");
    text += tr(" · %1 RU · %2 ms").arg(stats.requestCharge, 0, 'f', 2).arg(stats.wallMs);
    if (stats.pages > 1) {
        text += tr(" · %1 pages, last page %2 RU")
                    .arg(stats.pages)
                    .arg(stats.lastPageCharge, 0, 'f', 2);
    }
    if (!stats.activityId.isEmpty())
        text += tr(" · activity id %1").arg(stats.activityId);
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
