// The management screens inside the explorer window: a container's context menu opens the
// change feed as a tab of the main window (closed with its account), an activated change
// opens in the container's item editor, and the item editor's pre-trigger choice runs on save.

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <changefeedview.h>
#include <scripteditor.h>
#include <sourceeditor.h>
#include <jsonlistmodel.h>
#include <connectioncontroller.h>
#include <itemeditor.h>
#include <codeeditor.h>
#include <triggerchooser.h>

#include <QApplication>
#include <QPushButton>
#include <QTableView>
#include <QComboBox>
#include <QLineEdit>
#include <QMenu>
#include <QTabWidget>
#include <QtTest>

using namespace Cosmoscope;
using namespace Cosmos;

class tst_ManageIntegration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void changeFeedOpensAsTabAndItemInEditor();
    void preTriggerRunsOnSave();
    void activatingAScriptOpensItsEditor();
    void managementTabsCloseWithTheirAccount();

private:
    QAction *contextAction(const QModelIndex &index, const QString &text);

    GatewayProcess m_gateway;
    std::unique_ptr<MainWindow> m_window;
    AccountSession *m_session = nullptr;
    QModelIndex m_products;
};

void tst_ManageIntegration::initTestCase()
{
    prepareGuiTest();
    QVERIFY2(m_gateway.start({.seedSample = true}), qPrintable(m_gateway.errorString()));
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    m_session
        = m_window->connections()->openConnection(QStringLiteral("gw"), m_gateway.connection());
    const QModelIndex account = m_window->treeModel()->accountIndex(m_session->accountId());
    const QModelIndex db = waitForChild(m_window.get(), account, QStringLiteral("SampleDB"));
    QVERIFY(db.isValid());
    m_products = waitForChild(m_window.get(), db, QStringLiteral("Products"));
    QVERIFY(m_products.isValid());
}

void tst_ManageIntegration::cleanupTestCase()
{
    m_window.reset();
}

// Opens the tree's context menu on `index` as a right click would, and finds an action.
QAction *tst_ManageIntegration::contextAction(const QModelIndex &index, const QString &text)
{
    QTreeView *tree = m_window->treeView();
    tree->setCurrentIndex(index);
    Q_EMIT tree->customContextMenuRequested(tree->visualRect(index).center());
    QMenu *menu = nullptr;
    QTest::qWaitFor([&] {
        menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        return menu != nullptr;
    });
    if (!menu)
        return nullptr;
    for (QAction *a : menu->actions()) {
        if (a->text() == text) {
            menu->hide();
            return a;
        }
    }
    menu->hide();
    return nullptr;
}

void tst_ManageIntegration::changeFeedOpensAsTabAndItemInEditor()
{
    QAction *changeFeed = contextAction(m_products, tr("Change feed"));
    QVERIFY(changeFeed);
    const int tabsBefore = m_window->tabs()->count();
    changeFeed->trigger();
    auto view = qobject_cast<Manage::ChangeFeedView *>(m_window->tabs()->currentWidget());
    QVERIFY2(view, "the change feed opens as a tab of the main window, not a window");
    QCOMPARE(m_window->tabs()->count(), tabsBefore + 1);

    view->startBox()->setCurrentIndex(Manage::ChangeFeedView::FromBeginning);
    QTest::mouseClick(view->startButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() > 0, 15000);

    const QModelIndex first = view->view()->model()->index(0, 0);
    view->view()->setCurrentIndex(first);
    Q_EMIT view->view()->activated(first);
    auto items = qobject_cast<ItemsTab *>(m_window->tabs()->currentWidget());
    QVERIFY2(items, "activating a change opens the container's items tab");
    QCOMPARE(items->container().id(), QStringLiteral("Products"));
    QTRY_VERIFY(!items->editor()->isNew() && !items->editor()->isFormatting());
    QVERIFY(items->editor()->itemId().startsWith(QStringLiteral("prod-")));
}

void tst_ManageIntegration::preTriggerRunsOnSave()
{
    auto items = qobject_cast<ItemsTab *>(m_window->tabs()->currentWidget());
    QVERIFY(items);
    ItemEditor *editor = items->editor();
    Manage::TriggerChooser *triggers = editor->triggers();
    QTRY_VERIFY_WITH_TIMEOUT(triggers->isLoaded(), 10000);
    QVERIFY(triggers->preBox()->findData(QStringLiteral("addTimestamp")) > 0);
    triggers->preBox()->setCurrentIndex(triggers->preBox()->findData(QStringLiteral("addTimestamp")));

    editor->newItem();
    editor->editor()->setText(
        QStringLiteral(R"({"id": "triggered-1", "category": "Books", "name": "T"})"));
    QSignalSpy saved(editor, &ItemEditor::itemSaved);
    editor->save();
    QVERIFY(saved.wait(10000));
    const QJsonObject item = saved.first().first().toJsonObject();
    QVERIFY2(item.contains(QStringLiteral("modifiedAt")),
             "the pre-trigger chosen in the editor ran on the server");

    // Without a trigger, nothing adds the field.
    triggers->preBox()->setCurrentIndex(0);
    editor->newItem();
    editor->editor()->setText(
        QStringLiteral(R"({"id": "untriggered-1", "category": "Books", "name": "U"})"));
    saved.clear();
    editor->save();
    QVERIFY(saved.wait(10000));
    QVERIFY(!saved.first().first().toJsonObject().contains(QStringLiteral("modifiedAt")));
    // The saved version replaces the typed text once formatted (off the GUI thread).
    QTRY_VERIFY(!editor->isFormatting() && !editor->isModified());
}

void tst_ManageIntegration::activatingAScriptOpensItsEditor()
{
    m_window->treeView()->expand(m_products);
    const QModelIndex folder
        = m_window->treeModel()->findChild(m_products, QStringLiteral("Stored procedures"));
    QVERIFY(folder.isValid());
    const QModelIndex sproc = waitForChild(m_window.get(), folder, QStringLiteral("bulkUpdatePrice"));
    QVERIFY(sproc.isValid());
    m_window->treeView()->setCurrentIndex(sproc);
    Q_EMIT m_window->treeView()->activated(sproc);
    auto editor = qobject_cast<Manage::ScriptEditor *>(m_window->tabs()->currentWidget());
    QVERIFY2(editor, "a stored procedure opens in the JavaScript editor tab");
    QCOMPARE(editor->idEdit()->text(), QStringLiteral("bulkUpdatePrice"));
    QTRY_VERIFY(editor->editor()->text().contains(QStringLiteral("function")));
}

void tst_ManageIntegration::managementTabsCloseWithTheirAccount()
{
    QAction *settings = contextAction(m_products, tr("Settings"));
    QVERIFY(settings);
    settings->trigger();
    QPointer<QWidget> tab = m_window->tabs()->currentWidget();
    QVERIFY(tab);
    QCOMPARE(tab->property("session").value<QObject *>(), m_session);
    m_window->connections()->closeAccount(m_session->accountId());
    QTRY_VERIFY(m_window->tabs()->indexOf(tab) < 0);
}

QTEST_MAIN(tst_ManageIntegration)
#include "tst_manageintegration.moc"
