#include "itemstab.h"

#include "accountsession.h"
#include "itemeditor.h"
#include "exportdialog.h"
#include "icons.h"
#include "importdialog.h"
#include "itemsfilter.h"
#include "manageutil.h"
#include "messagebar.h"
#include "resultloader.h"
#include "resultmodel.h"
#include "resultview.h"
#include "settings.h"

#include <cosmosclient.h>
#include <pager.h>

#include <QJsonArray>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace Cosmoscope {

using namespace Cosmos;

ItemsTab::ItemsTab(AccountSession *session,
                   const ResourcePath &container,
                   Settings *settings,
                   QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_container(container)
    , m_settings(settings)
    , m_bar(new MessageBar(this))
    , m_model(new ResultModel(this))
    , m_loader(new ResultLoader(m_model, this))
    , m_view(new ResultView(m_model, this))
    , m_editor(new ItemEditor(session, container, m_bar, this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("itemsTab"));
    m_status->setObjectName(QStringLiteral("itemsStatus"));
    auto toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_reloadAction
        = toolbar->addAction(Icons::fromResource(QStringLiteral("reload")), tr("Reload"));
    m_moreAction = toolbar->addAction(Icons::loadMore(), tr("Load more"));
    m_allAction
        = toolbar->addAction(Icons::fromResource(QStringLiteral("load-all")), tr("Load all"));
    m_cancelAction
        = toolbar->addAction(Icons::fromResource(QStringLiteral("stop")), tr("Cancel"));
    m_reloadAction->setObjectName(QStringLiteral("reloadItems"));
    m_moreAction->setObjectName(QStringLiteral("loadMore"));
    m_allAction->setObjectName(QStringLiteral("loadAll"));
    m_cancelAction->setObjectName(QStringLiteral("cancelLoad"));
    toolbar->addSeparator();
    QAction *schema = toolbar->addAction(tr("Schema"));
    schema->setObjectName(QStringLiteral("openSchema"));
    schema->setToolTip(tr("Sample this container and show its fields"));
    connect(schema, &QAction::triggered, this, &ItemsTab::schemaRequested);
    QAction *importAction = toolbar->addAction(Icons::importItems(), tr("Import…"));
    importAction->setObjectName(QStringLiteral("importItems"));
    importAction->setToolTip(tr("Import… items from a JSON, JSON Lines or CSV file"));
    connect(importAction, &QAction::triggered, this, &ItemsTab::openImport);
    QAction *exportAction = toolbar->addAction(Icons::exportItems(), tr("Export…"));
    exportAction->setObjectName(QStringLiteral("exportItems"));
    exportAction->setToolTip(tr("Export… the grid or every item of the filter to a file"));
    connect(exportAction, &QAction::triggered, this, &ItemsTab::openExport);
    // Icons only (the text is the tooltip's): the toolbar must fit a 900 px window.
    for (QAction *a : {importAction, exportAction}) {
        if (auto button = qobject_cast<QToolButton *>(toolbar->widgetForAction(a)))
            button->setToolButtonStyle(Qt::ToolButtonIconOnly);
    }
    // The status is a line of its own, under the grid: it never widens the toolbar or the
    // window (long text is cut, the whole text in the tooltip).
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("itemsSplitter"));
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_editor);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false); // dragging never hides the grid or the editor
    m_view->setMinimumWidth(200);
    const QByteArray state = settings->splitterState(QStringLiteral("items"));
    if (!state.isEmpty())
        m_splitter->restoreState(state);
    connect(m_splitter, &QSplitter::splitterMoved, this, [this] {
        m_settings->setSplitterState(QStringLiteral("items"), m_splitter->saveState());
    });
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_bar);
    layout->addWidget(toolbar);
    layout->addWidget(createFilterBar());
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_status);

    m_loader->setPageSizes(settings->pageSize(), settings->drainPageSize());
    connect(m_reloadAction, &QAction::triggered, this, &ItemsTab::reload);
    connect(m_moreAction, &QAction::triggered, this, &ItemsTab::loadMore);
    connect(m_allAction, &QAction::triggered, this, &ItemsTab::loadAll);
    connect(m_cancelAction, &QAction::triggered, this, &ItemsTab::cancel);
    connect(m_loader, &ResultLoader::stateChanged, this, &ItemsTab::updateState);
    connect(m_loader, &ResultLoader::pageLoaded, this, [this] {
        if (m_loadFailed) {
            m_loadFailed = false;
            m_bar->dismiss(); // loading works again: the load error is over
        }
        if (!m_firstPageSeen) {
            m_firstPageSeen = true;
            Q_EMIT firstPageLoaded(true);
        }
    });
    connect(m_loader, &ResultLoader::failed, this, [this](const CosmosError &error) {
        if (!m_query.isEmpty()) {
            m_filterError->setText(error.message.isEmpty() ? error.toString() : error.message);
            m_filterError->show();
        }
        m_bar->showError(error, tr("Loading items of %1").arg(m_container.id()));
        m_loadFailed = true;
        if (!m_firstPageSeen) {
            m_firstPageSeen = true;
            Q_EMIT firstPageLoaded(false);
        }
    });
    connect(m_view, &ResultView::currentItemChanged, this, &ItemsTab::onItemSelected);
    connect(m_editor, &ItemEditor::newItemStarted, this, &ItemsTab::syncSelection);
    connect(m_editor, &ItemEditor::itemSaved, this,
            [this](const QJsonObject &item, const QByteArray &raw, bool created) {
                const int row = m_model->rowOfId(item.value(QStringLiteral("id")).toString());
                if (row >= 0 && !created)
                    m_model->replaceItem(row, item, raw);
                else
                    m_model->append(m_model->generation(), QJsonArray{item}, 0, -1, {raw});
            });
    connect(m_editor, &ItemEditor::itemDeleted, this, [this](const QString &id) {
        m_model->removeItem(m_model->rowOfId(id));
    });
    start();
}

void ItemsTab::start()
{
    m_status->setText(tr("Reading container…"));
    m_session->client()->containerProperties(
        m_container, this, [this](const QJsonObject &props, const CosmosError &error) {
            if (error.isError()) {
                m_bar->showError(error, tr("Opening container %1").arg(m_container.id()));
                m_status->setText(tr("Could not read the container."));
                m_firstPageSeen = true;
                Q_EMIT firstPageLoaded(false);
                return;
            }
            m_pkPaths = PartitionKeyDefinition::fromJson(
                            props.value(QStringLiteral("partitionKey")).toObject())
                            .paths;
            QStringList leading{QStringLiteral("id")};
            for (const QString &p : std::as_const(m_pkPaths)) {
                if (p != QLatin1String("/id"))
                    leading << p;
            }
            m_model->setLeadingColumns(leading);
            m_editor->setPartitionKeyPaths(m_pkPaths);
            if (m_editor->isNew() && !m_editor->isFormatting())
                m_editor->newItem(); // the skeleton with the key paths; keep an opened item
            reload();
        });
}

void ItemsTab::reload()
{
    if (m_pkPaths.isEmpty() && m_model->columnCount() == 0) {
        start();
        return;
    }
    QPointer<CosmosClient> client = m_session->client();
    const ResourcePath feed = m_container.feed(ResourceKind::Item);
    const QString sql = m_query;
    m_loader->start([client, feed, sql](int pageSize, QObject *parent) {
        RequestOptions options;
        options.maxItemCount = pageSize;
        if (!sql.isEmpty())
            return client->query(feed, QuerySpec{sql, {}}, options, parent);
        return client->list(feed, options, parent);
    });
}

QWidget *ItemsTab::createFilterBar()
{
    auto bar = new QWidget(this);
    bar->setObjectName(QStringLiteral("itemsFilterBar"));
    m_where = new QLineEdit(bar);
    m_where->setObjectName(QStringLiteral("filterWhere"));
    m_where->setPlaceholderText(tr("e.g. c.price > 100 AND c.category = \"Books\""));
    m_where->setClearButtonEnabled(true);
    m_orderBy = new QLineEdit(bar);
    m_orderBy->setObjectName(QStringLiteral("filterOrderBy"));
    m_orderBy->setPlaceholderText(tr("e.g. c.name DESC"));
    m_orderBy->setClearButtonEnabled(true);
    auto apply = new QPushButton(tr("Apply"), bar);
    apply->setObjectName(QStringLiteral("applyFilter"));
    apply->setToolTip(tr("Run the filter (Enter)"));
    m_queryLabel = new QLabel(bar);
    m_queryLabel->setObjectName(QStringLiteral("filterQuery"));
    m_queryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_queryLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_filterError = new QLabel(bar);
    m_filterError->setObjectName(QStringLiteral("filterError"));
    m_filterError->setWordWrap(true);
    Manage::setErrorTextColor(m_filterError);
    m_filterError->hide();

    auto row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("WHERE"), bar));
    row->addWidget(m_where, 3);
    row->addWidget(new QLabel(tr("ORDER BY"), bar));
    row->addWidget(m_orderBy, 1);
    row->addWidget(apply);
    auto layout = new QVBoxLayout(bar);
    layout->setContentsMargins(6, 2, 6, 2);
    layout->setSpacing(2);
    layout->addLayout(row);
    layout->addWidget(m_queryLabel);
    layout->addWidget(m_filterError);
    m_queryLabel->setText(tr("Query: (all items, in feed order)"));

    connect(m_where, &QLineEdit::returnPressed, this, &ItemsTab::applyFilter);
    connect(m_orderBy, &QLineEdit::returnPressed, this, &ItemsTab::applyFilter);
    connect(apply, &QPushButton::clicked, this, &ItemsTab::applyFilter);
    return bar;
}

void ItemsTab::setFilter(const QString &where, const QString &orderBy)
{
    m_where->setText(where);
    m_orderBy->setText(orderBy);
    // Taken by the next load (reload, or the first one while the container is being read).
    QString error;
    const QString sql = ItemsFilter::buildQuery(where, orderBy, &error);
    if (error.isEmpty())
        showQuery(sql);
}

void ItemsTab::showQuery(const QString &sql)
{
    m_query = sql == QLatin1String("SELECT * FROM c") ? QString() : sql;
    m_queryLabel->setText(m_query.isEmpty() ? tr("Query: (all items, in feed order)")
                                            : tr("Query: %1").arg(m_query));
    m_queryLabel->setToolTip(m_query);
}

QString ItemsTab::filterWhere() const
{
    return m_where->text();
}

QString ItemsTab::filterOrderBy() const
{
    return m_orderBy->text();
}

void ItemsTab::applyFilter()
{
    QString error;
    const QString sql = ItemsFilter::buildQuery(m_where->text(), m_orderBy->text(), &error);
    if (!error.isEmpty()) {
        m_filterError->setText(error);
        m_filterError->show();
        return; // the grid keeps what it shows
    }
    m_filterError->hide();
    showQuery(sql);
    reload();
}

ImportDialog *ItemsTab::openImport()
{
    auto dialog = new ImportDialog(m_session->client(), m_container, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ImportDialog::importFinished, this, &ItemsTab::reload);
    dialog->show();
    return dialog;
}

ExportDialog *ItemsTab::openExport()
{
    QPointer<CosmosClient> client = m_session->client();
    const ResourcePath feed = m_container.feed(ResourceKind::Item);
    const QString sql = m_query.isEmpty() ? QStringLiteral("SELECT * FROM c") : m_query;
    auto dialog = new ExportDialog(
        m_model->rawItems(),
        [client, feed, sql](int pageSize, QObject *parent) -> Pager * {
            RequestOptions options;
            options.maxItemCount = pageSize;
            return client ? client->query(feed, QuerySpec{sql, {}}, options, parent) : nullptr;
        },
        tr("items of %1").arg(m_container.containerId()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

void ItemsTab::loadMore()
{
    m_loader->loadMore();
}

void ItemsTab::loadAll()
{
    m_loader->loadAll();
}

void ItemsTab::cancel()
{
    m_loader->cancel();
}

void ItemsTab::updateState()
{
    const ResultLoader::Stats stats = m_loader->stats();
    const bool busy = m_loader->isBusy();
    m_moreAction->setEnabled(!busy && m_loader->hasMore());
    m_allAction->setEnabled(!m_loader->isDraining() && m_loader->hasMore());
    m_cancelAction->setEnabled(busy || m_loader->isDraining());
    const int count = m_model->itemCount();
    QString text = count == 1 ? tr("1 item") : tr("%1 items").arg(count);
    if (m_loader->hasMore())
        text += tr(" (more available)");
    text += tr(" · %1 RU · %2 ms").arg(stats.requestCharge, 0, 'f', 2).arg(stats.requestMs);
    if (busy)
        text += tr(" · loading…");
    m_status->setText(text);
    m_status->setToolTip(text);
}

void ItemsTab::syncSelection()
{
    // The grid shows the item the editor holds: its row, or none for a new item.
    m_syncing = true;
    const int row = m_editor->isNew() ? -1 : m_model->rowOfId(m_editor->itemId());
    if (row >= 0) {
        m_view->selectSourceRow(row);
    } else {
        m_view->table()->selectionModel()->clearSelection();
        m_view->table()->selectionModel()->setCurrentIndex({}, QItemSelectionModel::NoUpdate);
    }
    m_syncing = false;
}

void ItemsTab::onItemSelected()
{
    if (m_syncing)
        return;
    if (m_editor->isModified()) {
        m_bar->showMessage(MessageBar::Type::Warning,
                           tr("The item being edited has unsaved changes: save or discard them "
                              "before opening another item."));
        syncSelection(); // the refused row does not stay selected
        return;
    }
    m_editor->loadItem({}, m_view->currentRawItem()); // decoded off the GUI thread
}

} // namespace Cosmoscope
