#include "contextactions.h"

#include "changefeedview.h"
#include "conflictsview.h"
#include "containersettings.h"
#include "executedialog.h"
#include "importdialog.h"
#include "permissionsdialog.h"
#include "propertiesview.h"
#include "resourcequerydialog.h"
#include "roleassignmentsdialog.h"
#include "scripteditor.h"
#include "throughputdialog.h"
#include "usersdialog.h"

#include <cosmosclient.h>

#include <QAction>
#include <QMetaMethod>
#include <QWidget>

using namespace Cosmos;

namespace Manage {

ContextActions::ContextActions(QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_dialogParent(dialogParent)
{}

QList<QAction *> ContextActions::actionsFor(CosmosClient *client, const ResourcePath &path,
                                            ResourceKind folderKind, QObject *actionParent)
{
    QList<QAction *> actions;
    QPointer<CosmosClient> c(client);
    const auto add = [&](const QString &text, std::function<void()> f) {
        auto a = new QAction(text, actionParent);
        connect(a, &QAction::triggered, this, [c, f] {
            if (c)
                f();
        });
        actions << a;
    };
    // "Query databases…", "Query users…" …: the generic query dialog over a feed.
    const auto addQuery = [&](const ResourcePath &feed) {
        add(tr("Query %1…").arg(ResourceQueryDialog::kindPlural(feed.kind())),
            [=] { openQuery(c, feed); });
        actions.last()->setObjectName(QStringLiteral("query"));
    };
    const ResourcePath container = path.containerId().isEmpty()
                                       ? ResourcePath()
                                       : ResourcePath::container(path.databaseId(), path.containerId());
    if (folderKind != ResourceKind::Account) {
        // A folder node: "New …" for script folders, the list screens for the others.
        switch (folderKind) {
        case ResourceKind::StoredProcedure:
        case ResourceKind::Trigger:
        case ResourceKind::Udf:
            add(tr("New %1…").arg(displayName(folderKind)),
                [=] { openScript(c, container.feed(folderKind)); });
            addQuery(container.feed(folderKind));
            break;
        case ResourceKind::User:
            add(tr("Users…"), [=] { openUsers(c, ResourcePath::database(path.databaseId())); });
            addQuery(ResourcePath::database(path.databaseId()).feed(ResourceKind::User));
            break;
        case ResourceKind::Conflict:
            add(tr("Conflicts"), [=] { openConflicts(c, container); });
            addQuery(container.feed(ResourceKind::Conflict));
            break;
        default:
            break;
        }
        return actions;
    }
    switch (path.kind()) {
    case ResourceKind::Account:
        addQuery(ResourcePath::databases());
        add(tr("Properties"), [=] { openProperties(c, path); });
        if (c->connection().usesEntra()) {
            add(tr("Role assignments…"), [=] { openRoleAssignments(c); });
            actions.last()->setObjectName(QStringLiteral("roleAssignments"));
        }
        break;
    case ResourceKind::Database:
        add(tr("Throughput…"), [=] { openThroughput(c, path); });
        add(tr("Users…"), [=] { openUsers(c, path); });
        addQuery(path.feed(ResourceKind::Container));
        addQuery(path.feed(ResourceKind::User));
        add(tr("Properties"), [=] { openProperties(c, path); });
        break;
    case ResourceKind::Container:
        add(tr("Import items…"), [=] { openImport(c, path); });
        actions.last()->setObjectName(QStringLiteral("importItems"));
        add(tr("Settings"), [=] { openSettings(c, path); });
        add(tr("Throughput…"), [=] { openThroughput(c, path); });
        add(tr("Change feed"), [=] { openChangeFeed(c, path); });
        add(tr("Conflicts"), [=] { openConflicts(c, path); });
        add(tr("New stored procedure…"), [=] { openScript(c, path.feed(ResourceKind::StoredProcedure)); });
        add(tr("New trigger…"), [=] { openScript(c, path.feed(ResourceKind::Trigger)); });
        add(tr("New user-defined function…"), [=] { openScript(c, path.feed(ResourceKind::Udf)); });
        add(tr("Properties"), [=] { openProperties(c, path); });
        break;
    case ResourceKind::StoredProcedure:
        add(tr("Execute…"), [=] { openExecute(c, path); });
        add(tr("Edit script"), [=] { openScript(c, path); });
        break;
    case ResourceKind::Trigger:
    case ResourceKind::Udf:
        add(tr("Edit script"), [=] { openScript(c, path); });
        break;
    case ResourceKind::User:
        add(tr("Permissions…"), [=] { openPermissions(c, path); });
        add(tr("Users…"), [=] { openUsers(c, ResourcePath::database(path.databaseId())); });
        addQuery(path.feed(ResourceKind::Permission));
        break;
    case ResourceKind::Conflict:
        add(tr("Conflicts"), [=] { openConflicts(c, container); });
        addQuery(container.feed(ResourceKind::Conflict));
        break;
    default:
        break;
    }
    return actions;
}

void ContextActions::openImport(CosmosClient *client, const ResourcePath &container)
{
    auto dialog = new Cosmoscope::ImportDialog(client, container, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    Q_EMIT dialogOpened(dialog);
    dialog->show();
}

RoleAssignmentsDialog *ContextActions::openRoleAssignments(CosmosClient *client)
{
    auto dialog = new RoleAssignmentsDialog(client, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    showDialog(dialog);
    return dialog;
}

void ContextActions::showTab(QWidget *tab, const QString &title)
{
    if (isSignalConnected(QMetaMethod::fromSignal(&ContextActions::openTab))) {
        Q_EMIT openTab(tab, title);
        return;
    }
    tab->setParent(m_dialogParent, Qt::Window);
    tab->setAttribute(Qt::WA_DeleteOnClose);
    tab->setWindowTitle(title);
    tab->resize(900, 600);
    tab->show();
}

void ContextActions::showDialog(QWidget *dialog)
{
    dialog->show();
    dialog->raise();
    Q_EMIT dialogOpened(dialog);
}

void ContextActions::openScript(CosmosClient *client, const ResourcePath &scriptOrFeed)
{
    auto editor = new ScriptEditor(client, scriptOrFeed);
    const ResourcePath feed = scriptOrFeed.isFeed() ? scriptOrFeed
                                                    : scriptOrFeed.parent().feed(scriptOrFeed.kind());
    const auto changed = [this, feed] { Q_EMIT resourcesChanged(feed); };
    connect(editor, &ScriptEditor::saved, this, changed);
    connect(editor, &ScriptEditor::deleted, this, changed);
    connect(editor, &ScriptEditor::renamed, this, changed);
    QPointer<CosmosClient> c(client);
    connect(editor, &ScriptEditor::executeRequested, this, [this, c](const ResourcePath &sproc) {
        if (c)
            openExecute(c, sproc);
    });
    connect(editor, &ScriptEditor::titleChanged, editor, &QWidget::setWindowTitle);
    showTab(editor, editor->title());
}

void ContextActions::openExecute(CosmosClient *client, const ResourcePath &sproc)
{
    showDialog(new ExecuteStoredProcedureDialog(client, sproc, m_dialogParent));
}

void ContextActions::openThroughput(CosmosClient *client, const ResourcePath &resource)
{
    auto dialog = new ThroughputDialog(client, resource, m_dialogParent);
    connect(dialog, &ThroughputDialog::databaseDialogOpened, this, &ContextActions::dialogOpened);
    showDialog(dialog);
}

void ContextActions::openUsers(CosmosClient *client, const ResourcePath &database)
{
    auto dialog = new UsersDialog(client, database, m_dialogParent);
    connect(dialog, &UsersDialog::openConnectionRequested, this,
            &ContextActions::openConnectionRequested);
    connect(dialog, &UsersDialog::permissionsOpened, this, &ContextActions::dialogOpened);
    connect(dialog, &UsersDialog::changed, this,
            [this, database] { Q_EMIT resourcesChanged(database.feed(ResourceKind::User)); });
    showDialog(dialog);
}

void ContextActions::openPermissions(CosmosClient *client, const ResourcePath &user)
{
    auto dialog = new PermissionsDialog(client, user, m_dialogParent);
    connect(dialog, &PermissionsDialog::openConnectionRequested, this,
            &ContextActions::openConnectionRequested);
    showDialog(dialog);
}

void ContextActions::openSettings(CosmosClient *client, const ResourcePath &container)
{
    auto settings = new ContainerSettings(client, container);
    showTab(settings, settings->title());
}

void ContextActions::openChangeFeed(CosmosClient *client, const ResourcePath &container)
{
    auto view = new ChangeFeedView(client, container);
    QPointer<CosmosClient> c(client);
    connect(view, &ChangeFeedView::openItemRequested, this,
            [this, c](const ResourcePath &path, const QJsonObject &item) {
        if (c)
            Q_EMIT openItemRequested(c, path, item);
    });
    showTab(view, view->title());
}

void ContextActions::openConflicts(CosmosClient *client, const ResourcePath &container)
{
    auto view = new ConflictsView(client, container);
    showTab(view, view->title());
}

ResourceQueryDialog *ContextActions::openQuery(CosmosClient *client, const ResourcePath &feed)
{
    auto dialog = new ResourceQueryDialog(client, feed, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    showDialog(dialog);
    return dialog;
}

void ContextActions::openProperties(CosmosClient *client, const ResourcePath &resource)
{
    auto view = new PropertiesView(client, resource);
    showTab(view, view->title());
}

} // namespace Manage
