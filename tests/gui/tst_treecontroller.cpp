// The tree's behaviour in the window, against the gateway: create a database and a container
// (hierarchical key, TTL, autoscale) from the dialogs, delete a container only after typing
// its name, F5 refreshes the selected node, activating Items opens the items tab.

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <connectioncontroller.h>
#include <messagebar.h>
#include <resourcedialogs.h>
#include <treecontroller.h>

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QtTest>

using namespace Cosmoscope;
using namespace Cosmos;

class tst_TreeController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void createDatabaseAndContainer();
    void refreshWithF5();
    void createOnlyIfNotExists();
    void deleteNeedsTheName();
    void activatingItemsOpensTab();

private:
    template<typename T>
    T *waitForDialog()
    {
        T *dialog = nullptr;
        QTest::qWaitFor(
            [&] { return (dialog = m_window->findChild<T *>()) && dialog->isVisible(); }, 5000);
        return dialog;
    }

    GatewayProcess m_gateway;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<CosmosClient> m_client;
    AccountSession *m_session = nullptr;
    QModelIndex account() const
    {
        return m_window->treeModel()->accountIndex(m_session->accountId());
    }
};

void tst_TreeController::initTestCase()
{
    prepareGuiTest();
    QVERIFY2(m_gateway.start({.seedSample = true}), qPrintable(m_gateway.errorString()));
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    m_session
        = m_window->connections()->openConnection(QStringLiteral("gw"), m_gateway.connection());
    QVERIFY(waitForChild(m_window.get(), account(), QStringLiteral("SampleDB")).isValid());
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
}

void tst_TreeController::cleanupTestCase()
{
    m_window.reset();
}

void tst_TreeController::createDatabaseAndContainer()
{
    m_window->treeController()->createDatabase(account());
    auto dbDialog = waitForDialog<CreateDatabaseDialog>();
    QVERIFY(dbDialog);
    QTest::keyClicks(dbDialog->idEdit(), QStringLiteral("bad/id"));
    dbDialog->accept(); // refused: '/' in the id
    QVERIFY(dbDialog->isVisible());
    dbDialog->idEdit()->clear();
    QTest::keyClicks(dbDialog->idEdit(), QStringLiteral("GuiDB"));
    dbDialog->throughput()->setMode(ThroughputBox::Mode::Manual);
    dbDialog->throughput()->setValue(400);
    dbDialog->accept();
    const QModelIndex db = waitForChild(m_window.get(), account(), QStringLiteral("GuiDB"));
    QVERIFY(db.isValid());

    m_window->treeController()->createContainer(db);
    auto cDialog = waitForDialog<CreateContainerDialog>();
    QVERIFY(cDialog);
    QTest::keyClicks(cDialog->idEdit(), QStringLiteral("Tenants"));
    QTest::keyClicks(cDialog->pathEdit(0), QStringLiteral("/tenantId"));
    QTest::keyClicks(cDialog->pathEdit(1), QStringLiteral("/userId"));
    QTest::keyClicks(cDialog->pathEdit(2), QStringLiteral("/sessionId"));
    cDialog->throughput()->setMode(ThroughputBox::Mode::Autoscale);
    cDialog->throughput()->setValue(4000);
    QCOMPARE(cDialog->partitionKey().paths.size(), 3);
    QCOMPARE(cDialog->partitionKey().toJson().value("kind").toString(),
             QStringLiteral("MultiHash"));
    cDialog->accept();
    const QModelIndex container = waitForChild(m_window.get(), db, QStringLiteral("Tenants"));
    QVERIFY(container.isValid());

    const CosmosResponse r = call([&](QObject *ctx, ResponseCallback cb) {
        m_client->read(ResourcePath::container("GuiDB", "Tenants"), {}, ctx, cb);
    });
    QVERIFY(r.ok());
    QCOMPARE(r.object().value("partitionKey").toObject().value("paths").toArray().size(), 3);
}

void tst_TreeController::createOnlyIfNotExists()
{
    // Checked: an existing database is kept (create_database_if_not_exists), no error.
    m_window->treeController()->createDatabase(account());
    auto dbDialog = waitForDialog<CreateDatabaseDialog>();
    QVERIFY(dbDialog);
    QTest::keyClicks(dbDialog->idEdit(), QStringLiteral("SampleDB"));
    QTest::mouseClick(dbDialog->ifNotExistsBox(), Qt::LeftButton);
    QVERIFY(dbDialog->ifNotExistsBox()->isChecked());
    dbDialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->messageBar()->text().contains(QStringLiteral("already exists")), 10000);

    // The same for a container (create_container_if_not_exists); a new one is created.
    const QModelIndex db = waitForChild(m_window.get(), account(), QStringLiteral("SampleDB"));
    m_window->treeController()->createContainer(db);
    auto cDialog = waitForDialog<CreateContainerDialog>();
    QVERIFY(cDialog);
    QTest::keyClicks(cDialog->idEdit(), QStringLiteral("MaybeNew"));
    QTest::keyClicks(cDialog->pathEdit(0), QStringLiteral("/pk"));
    QTest::mouseClick(cDialog->ifNotExistsBox(), Qt::LeftButton);
    cDialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->messageBar()->text().contains(QStringLiteral("Created container MaybeNew")),
        10000);

    // Unchecked: the service's 409 is shown.
    m_window->treeController()->createDatabase(account());
    dbDialog = waitForDialog<CreateDatabaseDialog>();
    QVERIFY(dbDialog);
    QTest::keyClicks(dbDialog->idEdit(), QStringLiteral("SampleDB"));
    dbDialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->messageBar()->text().contains(QStringLiteral("409")), 10000);
}

void tst_TreeController::refreshWithF5()
{
    // Someone else creates a database; F5 on the account shows it.
    const CosmosResponse r = call([&](QObject *ctx, ResponseCallback cb) {
        m_client->create(ResourcePath::databases(), QJsonObject{{"id", "External"}}, {}, ctx, cb);
    });
    QVERIFY(r.ok());
    QVERIFY(!m_window->treeModel()->findChild(account(), QStringLiteral("External")).isValid());
    m_window->treeView()->setFocus();
    m_window->treeView()->setCurrentIndex(account());
    QTest::keyClick(m_window->treeView(), Qt::Key_F5);
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->treeModel()->findChild(account(), QStringLiteral("External")).isValid(), 10000);
}

void tst_TreeController::deleteNeedsTheName()
{
    const QModelIndex db = waitForChild(m_window.get(), account(), QStringLiteral("GuiDB"));
    const QModelIndex container = waitForChild(m_window.get(), db, QStringLiteral("Tenants"));
    m_window->treeController()->deleteResource(container);
    auto dialog = waitForDialog<ConfirmDeleteDialog>();
    QVERIFY(dialog);
    QVERIFY(!dialog->deleteButton()->isEnabled());
    QTest::keyClicks(dialog->nameEdit(), QStringLiteral("Tenant"));
    QVERIFY(!dialog->deleteButton()->isEnabled());
    QTest::keyClicks(dialog->nameEdit(), QStringLiteral("s"));
    QVERIFY(dialog->deleteButton()->isEnabled());
    QTest::mouseClick(dialog->deleteButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        !m_window->treeModel()->findChild(db, QStringLiteral("Tenants")).isValid()
            && !m_window->treeModel()->isLoading(db),
        10000);
    const CosmosResponse r = call([&](QObject *ctx, ResponseCallback cb) {
        m_client->read(ResourcePath::container("GuiDB", "Tenants"), {}, ctx, cb);
    });
    QCOMPARE(r.error.status, 404);
}

void tst_TreeController::activatingItemsOpensTab()
{
    const QModelIndex db = waitForChild(m_window.get(), account(), QStringLiteral("SampleDB"));
    const QModelIndex orders = waitForChild(m_window.get(), db, QStringLiteral("Orders"));
    const QModelIndex items = m_window->treeModel()->findChild(orders, QStringLiteral("Items"));
    QVERIFY(items.isValid());
    m_window->treeController()->activate(items);
    auto tab = qobject_cast<ItemsTab *>(m_window->tabs()->currentWidget());
    QVERIFY(tab);
    QCOMPARE(tab->container().link(), QStringLiteral("dbs/SampleDB/colls/Orders"));
    QTRY_VERIFY_WITH_TIMEOUT(tab->model()->itemCount() > 0, 10000);
    // hierarchical key: both paths are leading columns
    QCOMPARE(tab->model()->columnKeys().mid(0, 3),
             (QStringList{"id", "/customerId", "/orderMonth"}));
    // activating again reuses the tab
    const int tabs = m_window->tabs()->count();
    m_window->treeController()->activate(items);
    QCOMPARE(m_window->tabs()->count(), tabs);
}

QTEST_MAIN(tst_TreeController)
#include "tst_treecontroller.moc"
