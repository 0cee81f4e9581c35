// The items tab against the gateway: page by page, Load more, Load all with bigger pages,
// cancelling a drain, and Reload.

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <connectioncontroller.h>
#include <messagebar.h>
#include <itemeditor.h>
#include <codeeditor.h>
#include <resultview.h>
#include <settings.h>

#include <QAction>
#include <QDockWidget>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSplitter>
#include <QTableWidget>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <itemstab.h>
#include <queryeditor.h>
#include <querytab.h>
#include <shortcutsdialog.h>
#include <QLabel>
#include <QAbstractButton>
#include <QMessageBox>
#include <QTabWidget>
#include <QTableView>
#include <QtTest>

using namespace Cosmoscope;
using namespace Cosmos;

class tst_ItemsTab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void pagesAndLoadMore();
    void cancelThenLoadAll();
    void gridCellsColumnsAndChooser();
    void gridFollowsTheEditor();
    void containerActionsAndResourceMenu();
    void minimumWidthsAndSplitterState();
    void keyboard();
    void toolbarsFitAt900();
    void closingWithAnUnsavedEditAsks(); // closes the tab: last

private:
    GatewayProcess m_gateway;
    std::unique_ptr<MainWindow> m_window;
    ItemsTab *m_tab = nullptr;
};

void tst_ItemsTab::initTestCase()
{
    prepareGuiTest();
    Settings settings;
    settings.setPageSize(100);
    settings.setDrainPageSize(100); // small pages: a drain takes many round trips
    QVERIFY2(m_gateway.start({.seedSample = true}), qPrintable(m_gateway.errorString()));
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    m_window->activateWindow(); // window shortcuts (Ctrl+W, Ctrl+Return …) need it active
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    AccountSession *session
        = m_window->connections()->openConnection(QStringLiteral("gw"), m_gateway.connection());
    m_tab = openProducts(m_window.get(), session);
    QVERIFY(m_tab);
}

void tst_ItemsTab::cleanupTestCase()
{
    m_window.reset();
}

void tst_ItemsTab::pagesAndLoadMore()
{
    QTRY_VERIFY(!m_tab->loader()->isBusy());
    QCOMPARE(m_tab->model()->itemCount(), 100);
    QVERIFY(m_tab->loader()->hasMore());
    auto status = m_tab->findChild<QLabel *>(QStringLiteral("itemsStatus"));
    QVERIFY2(status->text().contains(QStringLiteral("100 items (more available)")),
             qPrintable(status->text()));
    auto more = m_tab->findChild<QAction *>(QStringLiteral("loadMore"));
    QVERIFY(more->isEnabled());
    more->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_tab->model()->itemCount(), 200, 10000);
    // ids are unique across pages
    QSet<QString> ids;
    for (int i = 0; i < m_tab->model()->itemCount(); ++i)
        ids.insert(m_tab->model()->item(i).value("id").toString());
    QCOMPARE(ids.size(), 200);
}

void tst_ItemsTab::cancelThenLoadAll()
{
    QTRY_VERIFY(!m_tab->loader()->isBusy());
    QSignalSpy pages(m_tab->loader(), &ResultLoader::pageLoaded);
    QSignalSpy failed(m_tab->loader(), &ResultLoader::failed);
    m_tab->findChild<QAction *>(QStringLiteral("loadAll"))->trigger();
    QVERIFY(m_tab->loader()->isDraining());
    QVERIFY(m_tab->findChild<QAction *>(QStringLiteral("cancelLoad"))->isEnabled());
    QVERIFY(pages.wait(10000));
    m_tab->findChild<QAction *>(QStringLiteral("cancelLoad"))->trigger();
    QVERIFY(!m_tab->loader()->isDraining());
    QTRY_VERIFY(!m_tab->loader()->isBusy());
    const int afterCancel = m_tab->model()->itemCount();
    QVERIFY2(afterCancel < 1500, qPrintable(QString::number(afterCancel)));
    QVERIFY(m_tab->loader()->hasMore());
    if (!failed.isEmpty()) // the page in flight was cancelled: said, not shouted
        QCOMPARE(m_tab->messageBar()->type(), MessageBar::Type::Information);

    // Load all again continues from there to the end.
    QSignalSpy finished(m_tab->loader(), &ResultLoader::finished);
    m_tab->loadAll();
    QVERIFY(finished.wait(30000));
    QCOMPARE(m_tab->model()->itemCount(), 1500);
    QVERIFY(!m_tab->loader()->hasMore());
    QVERIFY(!m_tab->findChild<QAction *>(QStringLiteral("loadAll"))->isEnabled());

    // Reload starts over with one page.
    m_tab->reload();
    QTRY_COMPARE_WITH_TIMEOUT(m_tab->model()->itemCount(), 100, 10000);
}

void tst_ItemsTab::closingWithAnUnsavedEditAsks()
{
    m_tab->view()->selectSourceRow(0);
    QTRY_VERIFY(!m_tab->editor()->isNew() && !m_tab->editor()->isFormatting());
    m_tab->editor()->editor()->setCursorPosition(1, 0);
    QTest::keyClicks(m_tab->editor()->editor(), QStringLiteral("\"draft\": 1,"));
    QVERIFY(m_tab->editor()->isModified());
    QTabWidget *tabs = m_window->tabs();
    const int index = tabs->indexOf(m_tab);
    Q_EMIT tabs->tabCloseRequested(index);
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = m_window->findChild<QMessageBox *>(QStringLiteral("confirmDiscardTab"))));
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!m_window->findChild<QMessageBox *>(QStringLiteral("confirmDiscardTab")));
    QCOMPARE(tabs->indexOf(m_tab), index); // still open, the edit still there
    QVERIFY(m_tab->editor()->editor()->text().contains(QStringLiteral("draft")));

    // Closing the account is refused while the edit is unsaved.
    m_window->connections()->closeAccount(m_tab->session()->accountId());
    QCOMPARE(m_window->connections()->sessions().size(), 1);
    QCOMPARE(tabs->indexOf(m_tab), index);
    QVERIFY(m_window->messageBar()->text().contains(QStringLiteral("unsaved")));

    Q_EMIT tabs->tabCloseRequested(index);
    QTRY_VERIFY((box = m_window->findChild<QMessageBox *>(QStringLiteral("confirmDiscardTab"))));
    QPointer<ItemsTab> tab(m_tab);
    QTest::mouseClick(box->button(QMessageBox::Discard), Qt::LeftButton);
    QTRY_VERIFY(!tab);
    m_tab = nullptr;
}

// Finding 7: nested values summarized with the JSON in the tooltip, system properties hidden
// until chosen in the column chooser, columns in the documents' own key order.
void tst_ItemsTab::gridCellsColumnsAndChooser()
{
    QTRY_VERIFY(!m_tab->loader()->isBusy());
    ResultModel *model = m_tab->model();
    QTableView *grid = m_tab->view()->table();
    const QStringList keys = model->columnKeys();
    // as written by the seed: id, name, category, price, tags, dimensions, stock, createdAt
    // (id and the partition key lead), not alphabetical
    const QStringList own{QStringLiteral("name"),
                          QStringLiteral("price"),
                          QStringLiteral("tags"),
                          QStringLiteral("dimensions"),
                          QStringLiteral("stock"),
                          QStringLiteral("createdAt")};
    QStringList seen;
    for (const QString &k : keys) {
        if (own.contains(k))
            seen << k;
    }
    QCOMPARE(seen, own);
    const int dims = keys.indexOf(QStringLiteral("dimensions"));
    const int tags = keys.indexOf(QStringLiteral("tags"));
    const QModelIndex cell = grid->model()->index(0, dims);
    QCOMPARE(cell.data().toString(), QStringLiteral("{4 fields}"));
    QVERIFY(cell.data(Qt::ToolTipRole).toString().contains(QStringLiteral("\"widthCm\"")));
    const int tagCount = int(model->item(0).value(QStringLiteral("tags")).toArray().size());
    QCOMPARE(grid->model()->index(0, tags).data().toString(),
             tagCount == 1 ? QStringLiteral("[1 item]")
                           : QStringLiteral("[%1 items]").arg(tagCount));
    // system properties are columns of the model but hidden in the grid
    for (const char *system : {"_rid", "_self", "_etag", "_ts"}) {
        const int c = keys.indexOf(QLatin1String(system));
        QVERIFY2(c >= 0, system);
        QVERIFY2(grid->isColumnHidden(c), system);
    }
    if (const int c = keys.indexOf(QStringLiteral("_attachments")); c >= 0)
        QVERIFY(grid->isColumnHidden(c)); // the gateway may leave it out
    QVERIFY(!grid->isColumnHidden(dims));
    // the column chooser shows _ts, and hides name
    auto columns = m_tab->findChild<QToolButton *>(QStringLiteral("columnsButton"));
    QVERIFY(columns && columns->isVisible());
    QTest::mouseClick(columns, Qt::LeftButton);
    QMenu *menu = m_tab->view()->findChild<QMenu *>(QStringLiteral("columnMenu"));
    QTRY_VERIFY(menu && menu->isVisible());
    QAction *ts = nullptr;
    QAction *name = nullptr;
    for (QAction *a : menu->actions()) {
        if (a->data().toString() == QLatin1String("_ts"))
            ts = a;
        if (a->data().toString() == QLatin1String("name"))
            name = a;
    }
    QVERIFY(ts && name);
    QVERIFY(!ts->isChecked());
    QVERIFY(name->isChecked());
    ts->trigger();
    name->trigger();
    menu->close();
    QVERIFY(!grid->isColumnHidden(keys.indexOf(QStringLiteral("_ts"))));
    QVERIFY(grid->isColumnHidden(keys.indexOf(QStringLiteral("name"))));
    name->trigger(); // back
    QVERIFY(!grid->isColumnHidden(keys.indexOf(QStringLiteral("name"))));
}

// Finding 11: after a refused switch the grid shows the item being edited; after New no row.
void tst_ItemsTab::gridFollowsTheEditor()
{
    QTRY_VERIFY(!m_tab->loader()->isBusy());
    QTableView *grid = m_tab->view()->table();
    ItemEditor *editor = m_tab->editor();
    grid->setFocus();
    QTest::mouseClick(grid->viewport(),
                      Qt::LeftButton,
                      {},
                      grid->visualRect(grid->model()->index(1, 0)).center());
    QTRY_COMPARE(editor->itemId(), m_tab->model()->item(1).value("id").toString());
    const QString editedId = editor->itemId();
    editor->editor()->setFocus();
    editor->editor()->setCursorPosition(0, 1);
    QTest::keyClicks(editor->editor(), QStringLiteral(" "));
    QVERIFY(editor->isModified());
    // a click on another row is refused: the selection stays on the edited item
    QTest::mouseClick(grid->viewport(),
                      Qt::LeftButton,
                      {},
                      grid->visualRect(grid->model()->index(4, 0)).center());
    QVERIFY(m_tab->messageBar()->text().contains(QStringLiteral("unsaved")));
    QCOMPARE(editor->itemId(), editedId);
    QCOMPARE(m_tab->view()->currentSourceRow(), m_tab->model()->rowOfId(editedId));
    // Discard clears the warning
    QTest::mouseClick(editor->findChild<QToolBar *>()->widgetForAction(
                          editor->findChild<QAction *>(QStringLiteral("discardItem"))),
                      Qt::LeftButton);
    QVERIFY(!m_tab->messageBar()->isVisible());
    // New: no row is selected
    QTest::mouseClick(editor->findChild<QToolBar *>()->widgetForAction(
                          editor->findChild<QAction *>(QStringLiteral("newItem"))),
                      Qt::LeftButton);
    QVERIFY(editor->isNew());
    QVERIFY(!grid->selectionModel()->hasSelection());
}

/// Makes `window` the active window with the focus on `widget` (an earlier popup or dialog
/// may have taken the activation; window shortcuts only reach the active window).
static void activate(QWidget *window, QWidget *widget)
{
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    widget->setFocus();
    QTRY_VERIFY(widget->hasFocus());
}

/// Drags a splitter's handle by `dx` pixels with the mouse.
static void dragHandle(QSplitter *splitter, int dx)
{
    QSplitterHandle *handle = splitter->handle(1);
    const QPoint start = handle->rect().center();
    QTest::mousePress(handle, Qt::LeftButton, {}, start);
    QTest::mouseMove(handle, start + QPoint(dx / 2, 0));
    QTest::mouseMove(handle, start + QPoint(dx, 0));
    QTest::mouseRelease(handle, Qt::LeftButton, {}, start + QPoint(dx, 0));
}

static QAction *actionNamed(QWidget *window, const char *name)
{
    return window->findChild<QAction *>(QLatin1String(name));
}

// Finding 11: what cannot run is disabled; the context menu's actions are in a menu too.
void tst_ItemsTab::containerActionsAndResourceMenu()
{
    QTreeView *tree = m_window->treeView();
    const QModelIndex account = m_window->treeModel()->accountIndex(m_tab->session()->accountId());
    tree->setCurrentIndex(account);
    QVERIFY(!actionNamed(m_window.get(), "openItemsAction")->isEnabled());
    QVERIFY(!actionNamed(m_window.get(), "newQueryAction")->isEnabled());
    const QModelIndex db = waitForChild(m_window.get(), account, QStringLiteral("SampleDB"));
    const QModelIndex products = waitForChild(m_window.get(), db, QStringLiteral("Products"));
    tree->setCurrentIndex(products);
    QVERIFY(actionNamed(m_window.get(), "openItemsAction")->isEnabled());
    QVERIFY(actionNamed(m_window.get(), "newQueryAction")->isEnabled());

    QMenu *resource = m_window->menuBar()->findChild<QMenu *>(QStringLiteral("resourceMenu"));
    QVERIFY(resource);
    QMetaObject::invokeMethod(resource, "aboutToShow");
    QStringList texts;
    for (QAction *a : resource->actions())
        texts << a->text();
    for (const char *wanted : {"Open items",
                               "New query",
                               "Settings",
                               "Throughput…",
                               "Change feed",
                               "Conflicts",
                               "Delete container…"})
        QVERIFY2(texts.contains(QString::fromUtf8(wanted)), qPrintable(texts.join(", ")));
    const int before = m_window->tabs()->count();
    for (QAction *a : resource->actions()) {
        if (a->text() == QLatin1String("Conflicts"))
            a->trigger();
    }
    QCOMPARE(m_window->tabs()->count(), before + 1);
    QWidget *conflicts = m_window->tabs()->currentWidget();
    m_window->tabs()->removeTab(m_window->tabs()->indexOf(conflicts));
    conflicts->deleteLater();
    m_window->tabs()->setCurrentWidget(m_tab);
}

// Finding 6: the editor and the tree keep sensible widths; the splitter cannot collapse a
// side and its position is remembered.
void tst_ItemsTab::minimumWidthsAndSplitterState()
{
    QSplitter *splitter = m_tab->splitter();
    QVERIFY(!splitter->childrenCollapsible());
    // a long id in the header does not widen the editor
    const int before = m_tab->editor()->minimumSizeHint().width();
    m_tab->editor()->loadItem(
        QJsonObject{{"id", QString(300, QLatin1Char('x'))}, {"category", "Books"}});
    QTRY_VERIFY(m_tab->editor()->itemId().size() == 300);
    QVERIFY2(m_tab->editor()->minimumSizeHint().width() <= qMax(before, 400),
             qPrintable(QString::number(m_tab->editor()->minimumSizeHint().width())));
    QVERIFY(m_tab->editor()->header()->toolTip().contains(QString(300, QLatin1Char('x'))));
    m_tab->editor()->newItem();
    // dragging the handle to the far right keeps the editor
    dragHandle(splitter, splitter->width());
    QVERIFY(splitter->sizes().at(1) >= m_tab->editor()->minimumWidth());
    QVERIFY(m_tab->editor()->minimumWidth() >= 200);
    // the tree pane keeps a readable width
    QVERIFY(m_window->treeView()->minimumWidth() >= 150);
    // remembered: the next items tab starts where this one was left
    dragHandle(splitter, -splitter->width() / 3);
    const QList<int> sizes = splitter->sizes();
    QVERIFY(!Settings().splitterState(QStringLiteral("items")).isEmpty());
    ItemsTab other(m_tab->session(), m_tab->container(), m_window->settings());
    other.resize(m_tab->size());
    other.show();
    QTRY_COMPARE(other.splitter()->sizes(), sizes);
}

// Finding 5: Ctrl+S saves the item from its editor, Ctrl+Tab cycles the tabs, Ctrl+W closes,
// Tab leaves the grid, Ctrl+F finds; Help › Keyboard shortcuts lists them.
void tst_ItemsTab::keyboard()
{
    QTRY_VERIFY(!m_tab->loader()->isBusy());
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->tabs()->setCurrentWidget(m_tab);
    QTableView *grid = m_tab->view()->table();
    QTest::mouseClick(grid->viewport(),
                      Qt::LeftButton,
                      {},
                      grid->visualRect(grid->model()->index(6, 0)).center());
    ItemEditor *editor = m_tab->editor();
    QTRY_COMPARE(editor->itemId(), m_tab->model()->item(6).value("id").toString());
    const QString etag = editor->etag();
    // Tab leaves the grid
    grid->setFocus();
    QTest::keyClick(grid, Qt::Key_Tab);
    QVERIFY(!grid->hasFocus());
    // Ctrl+S in the text saves
    editor->editor()->setFocus();
    editor->editor()->setCursorPosition(0, 1);
    QTest::keyClicks(editor->editor(), QStringLiteral(" "));
    QVERIFY(editor->isModified());
    activate(m_window.get(), editor->editor()); // key shortcuts need the focus in the window
    QTest::keyClick(editor->editor(), Qt::Key_S, Qt::ControlModifier);
    QTRY_VERIFY2_WITH_TIMEOUT(!editor->isModified() && editor->etag() != etag,
                              qPrintable(QStringLiteral("%1 busy %2 modified %3 conflict %4 %5")
                                             .arg(m_tab->messageBar()->text())
                                             .arg(editor->isBusy())
                                             .arg(editor->isModified())
                                             .arg(editor->conflictDialog() != nullptr)
                                             .arg(editor->itemId())),
                              10000);
    // Ctrl+F opens the find bar
    QTest::keyClick(editor->editor(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(editor->editor()->findChild<QLineEdit *>()
                && editor->editor()->findChild<QLineEdit *>()->isVisible());
    // Ctrl+Tab goes to the next tab, Ctrl+W closes a query tab
    QueryTab *query = m_window->openQueryTab(m_tab->session(), m_tab->container());
    m_window->tabs()->setCurrentWidget(m_tab);
    const int here = m_window->tabs()->currentIndex();
    activate(m_window.get(), grid);
    QTest::keyClick(grid, Qt::Key_Tab, Qt::ControlModifier);
    QCOMPARE(m_window->tabs()->currentIndex(), (here + 1) % m_window->tabs()->count());
    m_window->tabs()->setCurrentWidget(query);
    activate(m_window.get(), query->editor());
    QTest::keyClick(query->editor(), Qt::Key_W, Qt::ControlModifier);
    QTRY_COMPARE(m_window->tabs()->indexOf(query), -1);
    // Help › Keyboard shortcuts
    actionNamed(m_window.get(), "shortcutsAction")->trigger();
    auto dialog = m_window->findChild<ShortcutsDialog *>();
    QVERIFY(dialog && dialog->isVisible());
    QStringList keys;
    for (int r = 0; r < dialog->table()->rowCount(); ++r)
        keys << dialog->table()->item(r, 1)->text();
    for (const char *k : {"Ctrl+S", "Ctrl+W", "Ctrl+Tab", "Ctrl+F", "Ctrl+Return", "F5", "Ctrl+Q"})
        QVERIFY2(keys.contains(QLatin1String(k)), k);
    QVERIFY2(!keys.contains(QString()), "a row without keys"); // e.g. an empty platform Quit
    dialog->close();
    m_window->tabs()->setCurrentWidget(m_tab);
}

// Finding 10: at 900 px no toolbar of the items tab or a query tab overflows.
void tst_ItemsTab::toolbarsFitAt900()
{
    QueryTab *query = m_window->openQueryTab(m_tab->session(), m_tab->container());
    query->editor()->setText(QStringLiteral("SELECT * FROM c WHERE c.price > 10"));
    QVERIFY(query->run());
    QTRY_VERIFY_WITH_TIMEOUT(query->model()->itemCount() > 0 && !query->loader()->isBusy(), 15000);
    m_tab->splitter()->setSizes({600, 400}); // the default 3:2, not the last test's drag
    for (const int width : {1280, 900}) {
        m_window->resize(width, width == 900 ? 600 : 800);
        for (QWidget *tab : {static_cast<QWidget *>(m_tab), static_cast<QWidget *>(query)}) {
            m_window->tabs()->setCurrentWidget(tab);
            QTRY_COMPARE(m_window->width(), width);
            QApplication::processEvents();
            saveShot(m_window.get(), QStringLiteral("%1-%2.png").arg(tab->objectName()).arg(width));
            const QList<QToolBar *> bars = m_window->findChildren<QToolBar *>();
            for (QToolBar *bar : bars) {
                if (!bar->isVisible())
                    continue;
                auto extension
                    = bar->findChild<QToolButton *>(QStringLiteral("qt_toolbar_ext_button"));
                QVERIFY2(!extension || !extension->isVisible(),
                         qPrintable(QStringLiteral("%1 px: a toolbar of %2 overflows")
                                        .arg(width)
                                        .arg(tab->objectName())));
            }
        }
    }
    m_window->tabs()->removeTab(m_window->tabs()->indexOf(query));
    query->deleteLater();
    m_window->resize(1280, 800);
}

QTEST_MAIN(tst_ItemsTab)
#include "tst_itemstab.moc"
