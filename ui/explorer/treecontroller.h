#pragma once

#include <resourcepath.h>

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QPersistentModelIndex>

QT_BEGIN_NAMESPACE
class QMenu;
class QTreeView;
class QWidget;
QT_END_NAMESPACE

namespace Manage {
class ContextActions;
}

namespace Cosmoscope {

class AccountSession;
class AccountTreeModel;
class AzureController;
class ConnectionController;
class MessageBar;

/// The explorer tree's behaviour: activation (open items, load more, retry), F5 refresh of
/// the selected node, and the context menus that create and delete databases and containers.
class TreeController : public QObject
{
    Q_OBJECT
public:
    TreeController(AccountTreeModel *model,
                   QTreeView *view,
                   ConnectionController *connections,
                   MessageBar *bar,
                   QWidget *dialogParent);

    void refreshSelected();
    void activate(const QModelIndex &index);
    void createDatabase(const QModelIndex &accountIndex);
    void createContainer(const QModelIndex &databaseIndex);
    void deleteResource(const QModelIndex &index);
    /// The container under `index` (a container or one of its folders), or an empty path.
    Cosmos::ResourcePath containerAt(const QModelIndex &index) const;
    AccountSession *sessionAt(const QModelIndex &index) const;
    /// Fills `menu` with the actions of the node at `index`: the tree's context menu and the
    /// main window's Resource menu are the same list.
    void populateMenu(QMenu *menu, const QModelIndex &index);
    /// The management actions (ui/admin), created once, their tabs routed to the window.
    Manage::ContextActions *manageActions();
    /// The "Azure" root's accounts: activation opens them with Entra, the menu offers keys.
    void setAzureController(AzureController *azure);

Q_SIGNALS:
    void openItemsRequested(Cosmoscope::AccountSession *session,
                            const Cosmos::ResourcePath &container);
    void openQueryRequested(Cosmoscope::AccountSession *session,
                            const Cosmos::ResourcePath &container);
    void openSchemaRequested(Cosmoscope::AccountSession *session,
                             const Cosmos::ResourcePath &container);
    void openResourceRequested(Cosmoscope::AccountSession *session,
                               const Cosmos::ResourcePath &path,
                               const QJsonObject &resource);
    /// A management screen (ui/admin) for a node of `session` wants a tab.
    void openWidgetRequested(Cosmoscope::AccountSession *session,
                             QWidget *widget,
                             const QString &title);
    /// A change-feed entry was activated: open it in that container's item editor.
    void openItemRequested(Cosmoscope::AccountSession *session,
                           const Cosmos::ResourcePath &container,
                           const QJsonObject &item);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showContextMenu(const QPoint &pos);

    AccountTreeModel *m_model;
    QTreeView *m_view;
    ConnectionController *m_connections;
    MessageBar *m_bar;
    QPointer<AccountSession> m_menuSession; ///< the session of the last context menu
    QWidget *m_dialogParent;
    QPointer<AzureController> m_azure;
};

} // namespace Cosmoscope
