#pragma once

#include <resourcepath.h>

#include <QJsonObject>
#include <QMainWindow>

#include <memory>

QT_BEGIN_NAMESPACE
class QDockWidget;
class QTabWidget;
class QTreeView;
QT_END_NAMESPACE

namespace Cosmos {
class RequestLog;
}

namespace Cosmoscope {

class AccountSession;
class AccountTreeModel;
class ConnectionController;
class ItemsTab;
class MessageBar;
class QueryTab;
class RequestLogPanel;
class SchemaTab;
class SecretStore;
class Settings;
class TreeController;
class WelcomePage;

/// Assembles the window: the account tree dock, the tabs, the message bar, menus and
/// actions. The features live in their controllers and tab widgets.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    ItemsTab *openItemsTab(AccountSession *session, const Cosmos::ResourcePath &container);
    QueryTab *openQueryTab(AccountSession *session, const Cosmos::ResourcePath &container);
    /// The schema view of a container; a click on a value opens a query tab and runs it.
    SchemaTab *openSchemaTab(AccountSession *session, const Cosmos::ResourcePath &container);
    void openResourceTab(AccountSession *session,
                         const Cosmos::ResourcePath &path,
                         const QJsonObject &resource);
    /// A management screen (scripts, throughput, settings, change feed …) as a tab.
    void openWidgetTab(AccountSession *session, QWidget *widget, const QString &title);
    /// Shows `item` in its container's items tab editor, unless an edit there is unsaved.
    void openItem(AccountSession *session,
                  const Cosmos::ResourcePath &container,
                  const QJsonObject &item);

    /// Opens the accounts and tabs of the last session (saved on close).
    void restoreSession();

    AccountTreeModel *treeModel() const { return m_model; }
    QTreeView *treeView() const { return m_tree; }
    QTabWidget *tabs() const { return m_tabs; }
    MessageBar *messageBar() const { return m_bar; }
    ConnectionController *connections() const { return m_connections; }
    TreeController *treeController() const { return m_treeController; }
    SecretStore *secrets() const { return m_secrets; }
    Cosmos::RequestLog *requestLog() const { return m_requestLog; }
    RequestLogPanel *requestLogPanel() const { return m_requestLogPanel; }
    QDockWidget *requestLogDock() const { return m_requestLogDock; }
    Settings *settings() const { return m_settings.get(); }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createViewMenu();
    void closeTab(int index);
    void closeTabsOf(AccountSession *session);

    std::unique_ptr<Settings> m_settings;
    SecretStore *m_secrets;
    AccountTreeModel *m_model;
    MessageBar *m_bar;
    QTreeView *m_tree;
    QTabWidget *m_tabs;
    ConnectionController *m_connections;
    TreeController *m_treeController;
    WelcomePage *m_welcome;
    Cosmos::RequestLog *m_requestLog;
    RequestLogPanel *m_requestLogPanel;
    QDockWidget *m_requestLogDock;
    bool m_closeConfirmed = false;
};

} // namespace Cosmoscope
