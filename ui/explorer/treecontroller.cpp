#include "treecontroller.h"

#include "accountsession.h"
#include "accounttreemodel.h"
#include "azurecontroller.h"
#include "connectioncontroller.h"
#include "messagebar.h"
#include "resourcedialogs.h"

#include <contextactions.h>
#include <cosmosclient.h>

#include <QAction>
#include <QCheckBox>
#include <QLineEdit>
#include <QMenu>
#include <QKeyEvent>
#include <QTreeView>

namespace Cosmoscope {

using namespace Cosmos;
using NodeKind = AccountTreeModel::NodeKind;

TreeController::TreeController(AccountTreeModel *model,
                               QTreeView *view,
                               ConnectionController *connections,
                               MessageBar *bar,
                               QWidget *dialogParent)
    : QObject(view)
    , m_model(model)
    , m_view(view)
    , m_connections(connections)
    , m_bar(bar)
    , m_dialogParent(dialogParent)
{
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QTreeView::customContextMenuRequested, this, &TreeController::showContextMenu);
    connect(m_view, &QTreeView::activated, this, &TreeController::activate);
    m_view->installEventFilter(this); // F5 refreshes the selected node
    connect(m_model,
            &AccountTreeModel::childrenLoaded,
            this,
            [this](const QModelIndex &parent, const CosmosError &error) {
                if (error.isError() && error.kind != CosmosError::Kind::Cancelled)
                    m_bar->showError(error, tr("Loading %1").arg(parent.data().toString()));
            });
}

bool TreeController::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        auto key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_F5 || key->matches(QKeySequence::Refresh)) {
            refreshSelected();
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

AccountSession *TreeController::sessionAt(const QModelIndex &index) const
{
    return m_connections->session(m_model->accountId(index));
}

ResourcePath TreeController::containerAt(const QModelIndex &index) const
{
    const ResourcePath path = m_model->path(index);
    if (path.containerId().isEmpty())
        return {};
    return ResourcePath::container(path.databaseId(), path.containerId());
}

void TreeController::refreshSelected()
{
    const QModelIndex index = m_view->currentIndex();
    if (!index.isValid())
        return;
    if (m_model->kind(index) == NodeKind::Container)
        sessionAt(index)->client()->forgetContainer(m_model->path(index));
    m_model->refresh(index);
}

void TreeController::activate(const QModelIndex &index)
{
    switch (m_model->kind(index)) {
    case NodeKind::LoadMore:
    case NodeKind::Error:
        m_model->activateStatusNode(index);
        break;
    case NodeKind::Folder:
        if (m_model->childKind(index) == ResourceKind::Item)
            Q_EMIT openItemsRequested(sessionAt(index), containerAt(index));
        break;
    case NodeKind::Container:
        Q_EMIT openItemsRequested(sessionAt(index), containerAt(index));
        break;
    case NodeKind::AzureAccount:
        if (m_azure)
            m_azure->openWithEntra(index);
        break;
    case NodeKind::Resource: {
        const ResourcePath path = m_model->path(index);
        const ResourceKind kind = path.kind();
        if (kind == ResourceKind::StoredProcedure || kind == ResourceKind::Trigger
            || kind == ResourceKind::Udf) {
            // Scripts open in the JavaScript editor (ui/admin), as a tab of this account.
            m_menuSession = sessionAt(index);
            if (m_menuSession)
                manageActions()->openScript(m_menuSession->client(), path);
            break;
        }
        Q_EMIT openResourceRequested(sessionAt(index), path, m_model->resource(index));
        break;
    }
    default:
        break;
    }
}

void TreeController::setAzureController(AzureController *azure)
{
    m_azure = azure;
}

Manage::ContextActions *TreeController::manageActions()
{
    if (auto manage = findChild<Manage::ContextActions *>())
        return manage;
    auto manage = new Manage::ContextActions(m_dialogParent, this);
    connect(manage,
            &Manage::ContextActions::openConnectionRequested,
            m_connections,
            [this](const Cosmos::ConnectionInfo &info, const QString &name) {
                m_connections->openConnection(name, info);
            });
    // Screens open from a menu action, so they belong to that menu's account.
    connect(manage,
            &Manage::ContextActions::openTab,
            this,
            [this](QWidget *widget, const QString &title) {
                Q_EMIT openWidgetRequested(m_menuSession, widget, title);
            });
    connect(manage,
            &Manage::ContextActions::openItemRequested,
            this,
            [this](Cosmos::CosmosClient *client,
                   const ResourcePath &container,
                   const QJsonObject &item) {
                for (AccountSession *s : m_connections->sessions()) {
                    if (s->client() == client)
                        Q_EMIT openItemRequested(s, container, item);
                }
            });
    return manage;
}

void TreeController::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid())
        return;
    m_view->setCurrentIndex(index);
    auto menu = new QMenu(m_view);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    populateMenu(menu, index);
    menu->popup(m_view->viewport()->mapToGlobal(pos));
}

void TreeController::populateMenu(QMenu *menu, const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const QPersistentModelIndex persistent(index);
    const NodeKind kind = m_model->kind(index);
    if (kind == NodeKind::Account) {
        menu->addAction(
            tr("New database…"), this, [this, persistent] { createDatabase(persistent); });
        menu->addAction(tr("Close account"), this, [this, persistent] {
            m_connections->closeAccount(m_model->accountId(persistent));
        });
        AccountSession *session = sessionAt(index);
        if (session && session->client()->connection().usesEntra()) {
            menu->addAction(tr("Sign out"), this, [this, persistent] {
                m_connections->signOut(m_model->accountId(persistent));
            });
        }
    } else if (kind == NodeKind::Database) {
        menu->addAction(
            tr("New container…"), this, [this, persistent] { createContainer(persistent); });
        menu->addAction(
            tr("Delete database…"), this, [this, persistent] { deleteResource(persistent); });
    } else if (kind == NodeKind::Container
               || (kind == NodeKind::Folder && !containerAt(index).id().isEmpty())) {
        menu->addAction(tr("Open items"), this, [this, persistent] {
            Q_EMIT openItemsRequested(sessionAt(persistent), containerAt(persistent));
        });
        menu->addAction(tr("New query"), this, [this, persistent] {
            Q_EMIT openQueryRequested(sessionAt(persistent), containerAt(persistent));
        });
        menu->addAction(tr("Schema"), this, [this, persistent] {
            Q_EMIT openSchemaRequested(sessionAt(persistent), containerAt(persistent));
        });
        if (kind == NodeKind::Container)
            menu->addAction(
                tr("Delete container…"), this, [this, persistent] { deleteResource(persistent); });
    } else if (kind == NodeKind::AzureAccount && m_azure) {
        m_azure->populateMenu(menu, index);
    }
    if (AccountSession *session = sessionAt(index)) { // management actions (ui/admin)
        Manage::ContextActions *manage = manageActions();
        m_menuSession = session;
        menu->addSeparator();
        menu->addActions(manage->actionsFor(session->client(),
                                            m_model->path(index),
                                            kind == NodeKind::Folder ? m_model->childKind(index)
                                                                     : ResourceKind::Account,
                                            menu));
    }
    menu->addSeparator();
    QAction *refresh = menu->addAction(tr("Refresh"), this, [this] { refreshSelected(); });
    refresh->setShortcut(QKeySequence::Refresh);     // shown; F5 itself is the tree's own key
    refresh->setShortcutContext(Qt::WidgetShortcut); // no clash with a query tab's F5
}

void TreeController::createDatabase(const QModelIndex &accountIndex)
{
    AccountSession *session = sessionAt(accountIndex);
    if (!session)
        return;
    const QPersistentModelIndex persistent(accountIndex);
    auto dialog = new CreateDatabaseDialog(m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, session, persistent] {
        RequestOptions options;
        if (dialog->throughput()->mode() == ThroughputBox::Mode::Manual)
            options.offerThroughput = dialog->throughput()->value();
        else if (dialog->throughput()->mode() == ThroughputBox::Mode::Autoscale)
            options.autoscaleMaxThroughput = dialog->throughput()->value();
        const QString id = dialog->databaseId();
        const auto done = [this, id, persistent](const CosmosResponse &r) {
            if (!r.ok()) {
                m_bar->showError(r.error, tr("Creating database %1").arg(id));
                return;
            }
            m_bar->showMessage(MessageBar::Type::Information,
                               r.status == 201
                                   ? tr("Created database %1.").arg(id)
                                   : tr("Database %1 already exists; kept it.").arg(id));
            if (persistent.isValid())
                m_model->refresh(persistent);
        };
        if (dialog->ifNotExistsBox()->isChecked())
            session->client()->createIfNotExists(ResourcePath::databases(),
                                                 QJsonObject{{QStringLiteral("id"), id}},
                                                 options,
                                                 this,
                                                 done);
        else
            session->client()->create(ResourcePath::databases(),
                                      QJsonObject{{QStringLiteral("id"), id}},
                                      options,
                                      this,
                                      done);
    });
    dialog->open();
}

void TreeController::createContainer(const QModelIndex &databaseIndex)
{
    AccountSession *session = sessionAt(databaseIndex);
    if (!session)
        return;
    const QPersistentModelIndex persistent(databaseIndex);
    const ResourcePath database = m_model->path(databaseIndex);
    auto dialog = new CreateContainerDialog(m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, session, persistent, database] {
        RequestOptions options;
        if (dialog->throughput()->mode() == ThroughputBox::Mode::Manual)
            options.offerThroughput = dialog->throughput()->value();
        else if (dialog->throughput()->mode() == ThroughputBox::Mode::Autoscale)
            options.autoscaleMaxThroughput = dialog->throughput()->value();
        const QString id = dialog->containerId();
        QJsonObject body{{QStringLiteral("id"), id},
                         {QStringLiteral("partitionKey"), dialog->partitionKey().toJson()}};
        if (dialog->defaultTtl() != -2)
            body.insert(QStringLiteral("defaultTtl"), dialog->defaultTtl());
        const auto done = [this, id, persistent](const CosmosResponse &r) {
            if (!r.ok()) {
                m_bar->showError(r.error, tr("Creating container %1").arg(id));
                return;
            }
            m_bar->showMessage(MessageBar::Type::Information,
                               r.status == 201
                                   ? tr("Created container %1.").arg(id)
                                   : tr("Container %1 already exists; kept it.").arg(id));
            if (persistent.isValid())
                m_model->refresh(persistent);
        };
        if (dialog->ifNotExistsBox()->isChecked())
            session->client()->createIfNotExists(
                database.feed(ResourceKind::Container), body, options, this, done);
        else
            session->client()->create(
                database.feed(ResourceKind::Container), body, options, this, done);
    });
    dialog->open();
}

void TreeController::deleteResource(const QModelIndex &index)
{
    AccountSession *session = sessionAt(index);
    const NodeKind kind = m_model->kind(index);
    if (!session || (kind != NodeKind::Database && kind != NodeKind::Container))
        return;
    const ResourcePath path = m_model->path(index);
    const QPersistentModelIndex parent(index.parent());
    const QString kindName = kind == NodeKind::Database ? tr("database") : tr("container");
    auto dialog = new ConfirmDeleteDialog(kindName, path.id(), m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, session, path, parent, kindName] {
        session->client()->remove(
            path, {}, this, [this, session, path, parent, kindName](const CosmosResponse &r) {
                if (!r.ok()) {
                    m_bar->showError(r.error, tr("Deleting %1 %2").arg(kindName, path.id()));
                    return;
                }
                session->client()->forgetContainer(path);
                m_bar->showMessage(MessageBar::Type::Information,
                                   tr("Deleted %1 %2.").arg(kindName, path.id()));
                if (parent.isValid())
                    m_model->refresh(parent);
            });
    });
    dialog->open();
}

} // namespace Cosmoscope
