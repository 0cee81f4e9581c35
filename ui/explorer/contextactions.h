#pragma once

#include <connectioninfo.h>
#include <resourcepath.h>

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>

QT_BEGIN_NAMESPACE
class QAction;
class QWidget;
QT_END_NAMESPACE

namespace Cosmos {
class CosmosClient;
}

namespace Manage {

class ResourceQueryDialog;
class RoleAssignmentsDialog;

/// The single entry point of the management screens for the explorer tree. Given a node
/// (its resource path, and for a folder node the kind it lists) it returns the context-menu
/// actions — Execute…, Edit script, Throughput…, Users…, Permissions…, Settings, Change feed,
/// Conflicts, Properties, New stored procedure/trigger/UDF…, Query databases/containers/
/// users/permissions/scripts/conflicts… — and opens the matching tab or
/// dialog. Tabs go out through openTab(); when nothing is connected they open as windows.
class ContextActions : public QObject
{
    Q_OBJECT
public:
    explicit ContextActions(QWidget *dialogParent, QObject *parent = nullptr);

    /// `path`: the node's resource (account, database, container, script, user …).
    /// `folderKind`: for a folder node, the kind of its children (StoredProcedure, Trigger,
    /// Udf, User, Conflict …); ResourceKind::Account for a non-folder node.
    QList<QAction *> actionsFor(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &path,
                                Cosmos::ResourceKind folderKind, QObject *actionParent);

    void openScript(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &scriptOrFeed);
    void openExecute(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &sproc);
    void openThroughput(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &resource);
    void openUsers(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &database);
    void openPermissions(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &user);
    void openSettings(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &container);
    void openChangeFeed(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &container);
    void openConflicts(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &container);
    void openProperties(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &resource);
    /// Import… (ImportDialog, non-modal): a JSON, JSON Lines or CSV file into the container.
    void openImport(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &container);
    /// The generic "Query …" dialog over a feed (databases, containers, users, permissions,
    /// scripts, conflicts).
    ResourceQueryDialog *openQuery(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &feed);
    /// Entra accounts: the RBAC dialog (role definitions and assignments through ARM).
    RoleAssignmentsDialog *openRoleAssignments(Cosmos::CosmosClient *client);

Q_SIGNALS:
    /// Add `tab` to the main tab widget (which takes ownership).
    void openTab(QWidget *tab, const QString &title);
    /// A dialog was opened (for tests and for the main window to track).
    void dialogOpened(QWidget *dialog);
    /// "Open connection with this token": add an account for it to the tree.
    void openConnectionRequested(const Cosmos::ConnectionInfo &info, const QString &title);
    /// A change-feed entry was activated: open it in the item editor.
    void openItemRequested(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &container,
                           const QJsonObject &item);
    /// Scripts, users … under `feed` were created, renamed or deleted: refresh that folder.
    void resourcesChanged(const Cosmos::ResourcePath &feed);

private:
    void showTab(QWidget *tab, const QString &title);
    void showDialog(QWidget *dialog);

    QPointer<QWidget> m_dialogParent;
};

} // namespace Manage
