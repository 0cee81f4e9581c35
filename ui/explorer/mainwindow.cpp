#include "mainwindow.h"

#include "aboutdialog.h"
#include "accountsession.h"
#include "accounttreemodel.h"
#include "azurecontroller.h"
#include "codeeditor.h"
#include "contextactions.h"
#include "connectioncontroller.h"
#include "icons.h"
#include "itemeditor.h"
#include "itemstab.h"
#include "messagebar.h"
#include "queryeditor.h"
#include "querytab.h"
#include "requestlogpanel.h"
#include "schematab.h"
#include "secretstore.h"
#include "sessionrestore.h"
#include "settings.h"
#include "shortcutsdialog.h"
#include "theme.h"
#include "treecontroller.h"
#include "welcomepage.h"

#include <requestlog.h>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace Cosmoscope {

using namespace Cosmos;

// A tab's title: an id of up to 255 characters is cut in the middle to 40 (its tooltip holds
// the whole id), so one tab never takes the whole bar.
static QString tabTitle(const QString &text)
{
    constexpr int Max = 40;
    if (text.size() <= Max)
        return text;
    return text.left(Max / 2) + QChar(0x2026) + text.right(Max / 2 - 1);
}

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_settings(std::make_unique<Settings>())
    , m_secrets(new SecretStore(this))
    , m_model(new AccountTreeModel(this))
    , m_bar(new MessageBar(this))
    , m_tree(new QTreeView(this))
    , m_tabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Cosmoscope"));
    setWindowIcon(Icons::application());
    Theme::instance()->setMode(Theme::modeFromName(m_settings->theme()));
    m_connections = new ConnectionController(m_settings.get(), m_secrets, m_model, m_bar, this);

    m_tree->setObjectName(QStringLiteral("accountTree"));
    m_tree->setModel(m_model);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setExpandsOnDoubleClick(true);
    m_tree->setMinimumWidth(180); // the tree pane never shrinks to an unreadable strip
    m_treeController = new TreeController(m_model, m_tree, m_connections, m_bar, this);
    // Issue 9: the tree's "Azure" root after an Entra sign-in, its filter above the tree.
    auto azure = new AzureController(m_model, m_tree, m_connections, m_secrets, m_bar, this);
    m_treeController->setAzureController(azure);
    auto treePane = new QWidget(this);
    auto treeLayout = new QVBoxLayout(treePane);
    treeLayout->setContentsMargins(0, 0, 0, 0);
    treeLayout->setSpacing(2);
    treeLayout->addWidget(azure->filterEdit());
    treeLayout->addWidget(m_tree, 1);
    auto dock = new QDockWidget(tr("Accounts"), this);
    dock->setObjectName(QStringLiteral("accountsDock"));
    dock->setWidget(treePane);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    m_tabs->setElideMode(Qt::ElideMiddle); // long ids are cut in the middle; tooltips hold them
    m_welcome = new WelcomePage(m_connections, this);
    m_tabs->addTab(m_welcome, tr("Welcome"));
    m_tabs->tabBar()->setTabButton(0, QTabBar::RightSide, nullptr); // the welcome tab stays
    auto central = new QWidget(this);
    auto layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->setSpacing(4);
    layout->addWidget(m_bar);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    resizeDocks({dock}, {260}, Qt::Horizontal);

    m_requestLog = new RequestLog(this);
    m_requestLogPanel = new RequestLogPanel(m_requestLog, this);
    m_requestLogDock = new QDockWidget(tr("Requests"), this);
    m_requestLogDock->setObjectName(QStringLiteral("requestLogDock"));
    m_requestLogDock->setWidget(m_requestLogPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_requestLogDock);
    m_requestLogDock->hide();

    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(m_treeController, &TreeController::openItemsRequested, this, &MainWindow::openItemsTab);
    connect(m_treeController, &TreeController::openQueryRequested, this, &MainWindow::openQueryTab);
    connect(m_treeController, &TreeController::openSchemaRequested, this,
            &MainWindow::openSchemaTab);
    connect(m_treeController,
            &TreeController::openResourceRequested,
            this,
            &MainWindow::openResourceTab);
    connect(m_treeController,
            &TreeController::openWidgetRequested,
            this,
            &MainWindow::openWidgetTab);
    connect(m_treeController, &TreeController::openItemRequested, this, &MainWindow::openItem);
    connect(m_connections, &ConnectionController::sessionOpened, this, [this](AccountSession *s) {
        m_requestLog->attach(s->client());
        const QModelIndex index = m_model->accountIndex(s->accountId());
        m_tree->setCurrentIndex(index);
        m_tree->expand(index);
    });
    connect(m_connections, &ConnectionController::sessionClosing, this, &MainWindow::closeTabsOf);
    m_connections->setCloseGuard([this](AccountSession *session) {
        for (int i = 0; i < m_tabs->count(); ++i) {
            auto items = qobject_cast<ItemsTab *>(m_tabs->widget(i));
            if (items && items->session() == session && items->editor()->isModified()) {
                m_tabs->setCurrentIndex(i);
                m_bar->showMessage(MessageBar::Type::Warning,
                                   tr("An item in %1 has unsaved changes: save or discard them "
                                      "before closing the account.")
                                       .arg(items->container().id()));
                return false;
            }
        }
        return true;
    });
    createActions();
    statusBar()->showMessage(tr("Ready"));
    resize(1280, 800);
    if (!m_settings->windowGeometry().isEmpty())
        restoreGeometry(m_settings->windowGeometry());
    if (!m_settings->windowState().isEmpty())
        restoreState(m_settings->windowState());
}

void MainWindow::restoreSession()
{
    SessionRestore::restore(this, m_settings->session());
}

MainWindow::~MainWindow()
{
    MessageBar::setRoleAssignmentsHandler({}); // it holds this window
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newConnection = file->addAction(Icons::account(),
                                             tr("&New connection…"),
                                             m_connections,
                                             &ConnectionController::newConnection);
    newConnection->setShortcut(QKeySequence::New);
    newConnection->setObjectName(QStringLiteral("newConnectionAction"));
    QMenu *saved = file->addMenu(tr("Open &saved connection"));
    connect(saved, &QMenu::aboutToShow, this, [this, saved] {
        saved->clear();
        for (const SavedConnection &c : m_connections->savedConnections())
            saved->addAction(c.name, this, [this, c] { m_connections->openSaved(c); });
        if (saved->isEmpty())
            saved->addAction(tr("(none)"))->setEnabled(false);
    });
    QAction *close = file->addAction(tr("&Close account"), this, [this] {
        const QModelIndex index = m_tree->currentIndex();
        if (index.isValid())
            m_connections->closeAccount(m_model->accountId(index));
    });
    file->addSeparator();
    // QKeySequence::Quit is empty on some desktops: Ctrl+Q everywhere.
    file->addAction(tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q), qApp,
                    &QApplication::closeAllWindows);

    QMenu *view = menuBar()->addMenu(tr("&Explorer"));
    QAction *refresh = view->addAction(Icons::fromResource(QStringLiteral("reload")),
                                       tr("&Refresh"),
                                       m_treeController,
                                       &TreeController::refreshSelected);
    refresh->setToolTip(tr("Refresh the selected node (F5 in the tree)"));
    QAction *newQuery = view->addAction(
        Icons::query(), tr("New &query"), this, [this] {
            const QModelIndex index = m_tree->currentIndex();
            const ResourcePath c = m_treeController->containerAt(index);
            if (!c.id().isEmpty())
                openQueryTab(m_treeController->sessionAt(index), c);
            else
                m_bar->showMessage(MessageBar::Type::Information, tr("Select a container first."));
        });
    newQuery->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    QAction *openItems = view->addAction(Icons::items(), tr("Open &items"), this, [this] {
        const QModelIndex index = m_tree->currentIndex();
        const ResourcePath c = m_treeController->containerAt(index);
        if (!c.id().isEmpty())
            openItemsTab(m_treeController->sessionAt(index), c);
    });
    openItems->setObjectName(QStringLiteral("openItemsAction"));
    newQuery->setObjectName(QStringLiteral("newQueryAction"));
    // What needs a container is enabled only when one is selected in the tree.
    const auto updateContainerActions = [this, openItems, newQuery] {
        const QModelIndex index = m_tree->currentIndex();
        const bool container = index.isValid() && m_treeController->sessionAt(index)
                               && !m_treeController->containerAt(index).id().isEmpty();
        openItems->setEnabled(container);
        newQuery->setEnabled(container);
        const QString why = container ? QString() : tr(" (select a container in the tree)");
        openItems->setToolTip(tr("Open the selected container's items") + why);
        newQuery->setToolTip(tr("New query on the selected container (Ctrl+T)") + why);
    };
    connect(m_tree->selectionModel(),
            &QItemSelectionModel::currentChanged,
            this,
            updateContainerActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, updateContainerActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, updateContainerActions);
    updateContainerActions();

    // Every action of the tree's context menu, for the selected node, also in a menu.
    QMenu *resource = menuBar()->addMenu(tr("&Resource"));
    resource->setObjectName(QStringLiteral("resourceMenu"));
    connect(resource, &QMenu::aboutToShow, this, [this, resource] {
        resource->clear();
        m_treeController->populateMenu(resource, m_tree->currentIndex());
        if (resource->isEmpty())
            resource->addAction(tr("(select a node in the tree)"))->setEnabled(false);
    });

    QMenu *window = menuBar()->addMenu(tr("&Window"));
    QAction *closeTabAction
        = window->addAction(tr("&Close tab"), this, [this] { closeTab(m_tabs->currentIndex()); });
    closeTabAction->setObjectName(QStringLiteral("closeTabAction"));
    closeTabAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    QAction *nextTab = window->addAction(tr("&Next tab"), this, [this] {
        if (m_tabs->count() > 0)
            m_tabs->setCurrentIndex((m_tabs->currentIndex() + 1) % m_tabs->count());
    });
    nextTab->setObjectName(QStringLiteral("nextTabAction"));
    nextTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Tab));
    QAction *previousTab = window->addAction(tr("&Previous tab"), this, [this] {
        if (m_tabs->count() > 0)
            m_tabs->setCurrentIndex((m_tabs->currentIndex() + m_tabs->count() - 1)
                                    % m_tabs->count());
    });
    previousTab->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab),
                               QKeySequence(Qt::CTRL | Qt::Key_Backtab)});

    createViewMenu();
    // Entra accounts: the RBAC dialog of the selected account (or the first Entra one); a
    // 403/5301 in any message bar offers the same.
    const auto openRoleAssignments = [this] {
        AccountSession *session = m_treeController->sessionAt(m_tree->currentIndex());
        if (!session || !session->client()->connection().usesEntra()) {
            session = nullptr;
            for (AccountSession *s : m_connections->sessions()) {
                if (s->client()->connection().usesEntra()) {
                    session = s;
                    break;
                }
            }
        }
        if (!session) {
            m_bar->showMessage(MessageBar::Type::Information,
                               tr("Role assignments are for accounts signed in with Microsoft "
                                  "Entra ID."));
            return;
        }
        m_treeController->manageActions()->openRoleAssignments(session->client());
    };
    view->addAction(tr("Role &assignments…"), this, openRoleAssignments)
        ->setObjectName(QStringLiteral("roleAssignmentsAction"));
    MessageBar::setRoleAssignmentsHandler([openRoleAssignments](MessageBar *) {
        openRoleAssignments();
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *keys = help->addAction(tr("&Keyboard shortcuts"), this, [this] {
        auto dialog = new ShortcutsDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    keys->setObjectName(QStringLiteral("shortcutsAction"));
    keys->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&About Cosmoscope"), this, [this] {
        auto dialog = new AboutDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    auto toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(newConnection);
    toolbar->addAction(refresh);
    toolbar->addAction(openItems);
    toolbar->addAction(newQuery);
    QAction *requests = m_requestLogDock->toggleViewAction();
    requests->setText(tr("Re&quests"));
    requests->setToolTip(tr("Every request of this run with its RU, like a browser's network "
                            "panel"));
    requests->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    view->addSeparator();
    view->addAction(requests);
    toolbar->addAction(requests);
    Q_UNUSED(close)
}

void MainWindow::createViewMenu()
{
    QMenu *theme = menuBar()->addMenu(tr("&View"))->addMenu(tr("&Theme"));
    auto group = new QActionGroup(this);
    for (Theme::Mode mode : {Theme::Mode::System, Theme::Mode::Light, Theme::Mode::Dark}) {
        const QString name = Theme::modeName(mode);
        QAction *action = theme->addAction(mode == Theme::Mode::System ? tr("&System")
                                           : mode == Theme::Mode::Light ? tr("&Light")
                                                                        : tr("&Dark"));
        action->setObjectName(QStringLiteral("theme") + name.at(0).toUpper() + name.mid(1));
        action->setCheckable(true);
        action->setChecked(Theme::instance()->mode() == mode);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, mode, name] {
            m_settings->setTheme(name);
            Theme::instance()->setMode(mode);
        });
    }
}

ItemsTab *MainWindow::openItemsTab(AccountSession *session, const ResourcePath &container)
{
    if (!session || container.id().isEmpty())
        return nullptr;
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto tab = qobject_cast<ItemsTab *>(m_tabs->widget(i));
        if (tab && tab->session() == session && tab->container() == container) {
            m_tabs->setCurrentIndex(i);
            return tab;
        }
    }
    auto tab = new ItemsTab(session, container, m_settings.get(), m_tabs);
    connect(tab, &ItemsTab::schemaRequested, this,
            [this, session, container] { openSchemaTab(session, container); });
    const int index = m_tabs->addTab(tab, Icons::container(), tabTitle(container.id()));
    m_tabs->setTabToolTip(index, tr("%1 · %2").arg(session->name(), container.link()));
    m_tabs->setCurrentIndex(index);
    return tab;
}

SchemaTab *MainWindow::openSchemaTab(AccountSession *session, const ResourcePath &container)
{
    if (!session || container.id().isEmpty())
        return nullptr;
    auto tab = new SchemaTab(session->client(), container, m_tabs);
    tab->setProperty("session", QVariant::fromValue<QObject *>(session));
    const int index
        = m_tabs->addTab(tab, Icons::container(), tr("%1 schema").arg(tabTitle(container.id())));
    m_tabs->setTabToolTip(index, tr("%1 · %2").arg(session->name(), container.link()));
    m_tabs->setCurrentIndex(index);
    QPointer<AccountSession> guard(session);
    connect(tab, &SchemaTab::queryRequested, this, [this, guard, container](const QString &sql) {
        if (QueryTab *query = guard ? openQueryTab(guard, container) : nullptr) {
            query->editor()->setText(sql);
            query->run();
        }
    });
    connect(tab, &SchemaTab::failed, this, [this, container](const CosmosError &error) {
        m_bar->showError(error, tr("Schema of %1").arg(container.id()));
    });
    tab->sample();
    return tab;
}

QueryTab *MainWindow::openQueryTab(AccountSession *session, const ResourcePath &container)
{
    if (!session || container.id().isEmpty())
        return nullptr;
    auto tab = new QueryTab(session, container, m_settings.get(), m_tabs);
    // Two queries on one container are told apart: "Query Products", "Query Products (2)",
    // the first number no open tab uses (after a close too).
    const QString base = tr("Query %1").arg(tabTitle(container.id()));
    QStringList used;
    for (int i = 0; i < m_tabs->count(); ++i)
        used << m_tabs->tabText(i);
    QString title = base;
    for (int n = 2; used.contains(title); ++n)
        title = tr("%1 (%2)").arg(base).arg(n);
    const int index
        = m_tabs->addTab(tab, Icons::query(), title);
    m_tabs->setTabToolTip(index, tr("%1 · %2").arg(session->name(), container.link()));
    m_tabs->setCurrentIndex(index);
    tab->editor()->setFocus();
    return tab;
}

void MainWindow::openResourceTab(AccountSession *session,
                                 const ResourcePath &path,
                                 const QJsonObject &resource)
{
    auto editor = new JsonEditor(m_tabs);
    editor->setReadOnly(true);
    editor->setProperty("session", QVariant::fromValue<QObject *>(session));
    QString text = QString::fromUtf8(QJsonDocument(resource).toJson(QJsonDocument::Indented));
    const QString body = resource.value(QStringLiteral("body")).toString();
    if (!body.isEmpty())
        text += QStringLiteral("\n// body:\n") + body;
    editor->setText(text);
    const int index = m_tabs->addTab(editor, tabTitle(path.id()));
    m_tabs->setTabToolTip(index, path.link());
    m_tabs->setCurrentIndex(index);
}

void MainWindow::openWidgetTab(AccountSession *session, QWidget *widget, const QString &title)
{
    // Management screens hold the account's client: they close with the account.
    widget->setProperty("session", QVariant::fromValue<QObject *>(session));
    const int index = m_tabs->addTab(widget, tabTitle(title));
    m_tabs->setTabToolTip(index, session ? tr("%1 · %2").arg(session->name(), title) : title);
    m_tabs->setCurrentIndex(index);
}

void MainWindow::openItem(AccountSession *session,
                          const ResourcePath &container,
                          const QJsonObject &item)
{
    ItemsTab *tab = openItemsTab(session, container);
    if (!tab)
        return;
    if (tab->editor()->isModified()) {
        m_bar->showMessage(MessageBar::Type::Warning,
                           tr("Item %1 was not opened: the item being edited in %2 has unsaved "
                              "changes. Save or discard them first.")
                               .arg(item.value(QStringLiteral("id")).toString(), container.id()));
        return;
    }
    tab->editor()->loadItem(item);
}

void MainWindow::closeTab(int index)
{
    QWidget *widget = m_tabs->widget(index);
    if (widget == m_welcome)
        return;
    if (!widget)
        return;
    auto items = qobject_cast<ItemsTab *>(widget);
    if (items && items->editor()->isModified()) {
        // Never lose an edit silently: ask (without a nested event loop).
        auto box = new QMessageBox(QMessageBox::Warning,
                                   tr("Unsaved changes"),
                                   tr("The item being edited in %1 has unsaved changes. "
                                      "Close the tab and discard them?")
                                       .arg(items->container().id()),
                                   QMessageBox::Discard | QMessageBox::Cancel,
                                   this);
        box->setObjectName(QStringLiteral("confirmDiscardTab"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        QPointer<QWidget> guard(widget);
        connect(box, &QMessageBox::finished, this, [this, guard](int result) {
            if (result == QMessageBox::Discard && guard) {
                m_tabs->removeTab(m_tabs->indexOf(guard));
                guard->deleteLater();
            }
        });
        box->open();
        return;
    }
    m_tabs->removeTab(index);
    widget->deleteLater();
}

void MainWindow::closeTabsOf(AccountSession *session)
{
    for (int i = m_tabs->count() - 1; i >= 0; --i) {
        QWidget *w = m_tabs->widget(i);
        auto items = qobject_cast<ItemsTab *>(w);
        auto query = qobject_cast<QueryTab *>(w);
        if ((items && items->session() == session) || (query && query->session() == session)
            || w->property("session").value<QObject *>() == session) {
            // The account goes away with its client: its tabs cannot stay open.
            m_tabs->removeTab(i);
            w->deleteLater();
        }
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QStringList unsaved;
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto items = qobject_cast<ItemsTab *>(m_tabs->widget(i));
        if (items && items->editor()->isModified())
            unsaved << items->container().id();
    }
    if (!unsaved.isEmpty() && !m_closeConfirmed) {
        event->ignore();
        auto box = new QMessageBox(QMessageBox::Warning,
                                   tr("Unsaved changes"),
                                   tr("Items being edited in %1 have unsaved changes. Quit and "
                                      "discard them?")
                                       .arg(unsaved.join(QStringLiteral(", "))),
                                   QMessageBox::Discard | QMessageBox::Cancel,
                                   this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        connect(box, &QMessageBox::finished, this, [this](int result) {
            if (result == QMessageBox::Discard) {
                m_closeConfirmed = true;
                close();
            }
        });
        box->open();
        return;
    }
    m_settings->setWindowGeometry(saveGeometry(), saveState());
    m_settings->setSession(SessionRestore::capture(this));
    QMainWindow::closeEvent(event);
}

} // namespace Cosmoscope
