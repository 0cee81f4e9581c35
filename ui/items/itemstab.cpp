#include "itemstab.h"

#include "accountsession.h"
#include "itemeditor.h"
#include "messagebar.h"
#include "resultloader.h"
#include "resultmodel.h"
#include "resultview.h"
#include "settings.h"

#include <cosmosclient.h>
#include <pager.h>

#include <QJsonArray>
#include <QLabel>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QToolBar>
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
        = toolbar->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Reload"));
    m_moreAction = toolbar->addAction(style()->standardIcon(QStyle::SP_ArrowDown), tr("Load more"));
    m_allAction
        = toolbar->addAction(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("Load all"));
    m_cancelAction
        = toolbar->addAction(style()->standardIcon(QStyle::SP_BrowserStop), tr("Cancel"));
    m_reloadAction->setObjectName(QStringLiteral("reloadItems"));
    m_moreAction->setObjectName(QStringLiteral("loadMore"));
    m_allAction->setObjectName(QStringLiteral("loadAll"));
    m_cancelAction->setObjectName(QStringLiteral("cancelLoad"));
    toolbar->addSeparator();
    QAction *schema = toolbar->addAction(tr("Schema"));
    schema->setObjectName(QStringLiteral("openSchema"));
    schema->setToolTip(tr("Sample this container and show its fields"));
    connect(schema, &QAction::triggered, this, &ItemsTab::schemaRequested);
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
    m_loader->start([client, feed](int pageSize, QObject *parent) {
        RequestOptions options;
        options.maxItemCount = pageSize;
        return client->list(feed, options, parent);
    });
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
