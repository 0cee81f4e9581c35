// Session restore: a window with a saved account, an items tab with a filter and a query tab
// (text, parameters, partition key) is closed; a new window with the same settings opens the
// account again (no secret in the settings) and brings back the tabs, the current one and the
// window's geometry.

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <connectioncontroller.h>
#include <parameterspanel.h>
#include <queryeditor.h>
#include <querytab.h>
#include <settings.h>

#include <QLineEdit>
#include <QSplitter>
#include <QTableWidget>
#include <QtTest>

using namespace Cosmoscope;
using namespace Cosmos;

class tst_SessionRestore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void restartRestoresAccountsAndTabs();
    void unsavedAccountsAreNotKept();

private:
    SavedConnection gatewayConnection() const;

    GatewayProcess m_gateway;
};

void tst_SessionRestore::initTestCase()
{
    prepareGuiTest();
    QVERIFY2(m_gateway.start({.seedSample = true}), qPrintable(m_gateway.errorString()));
}

// The gateway speaks with the emulator's well-known key: an Emulator connection needs no
// keychain, as a restart on a desktop would read the key from it.
SavedConnection tst_SessionRestore::gatewayConnection() const
{
    const ConnectionInfo info = m_gateway.connection();
    SavedConnection c;
    c.id = QStringLiteral("gateway-1");
    c.name = QStringLiteral("Gateway");
    c.endpoint = info.endpoint.toString();
    c.kind = SavedConnection::Kind::Emulator;
    c.caFile = info.caCertificateFile;
    return c;
}

void tst_SessionRestore::restartRestoresAccountsAndTabs()
{
    Settings().saveConnection(gatewayConnection());
    QByteArray splitterState;
    {
        MainWindow window;
        window.resize(1100, 700);
        window.show();
        window.connections()->openSaved(gatewayConnection());
        QCOMPARE(window.connections()->sessions().size(), 1);
        AccountSession *session = window.connections()->sessions().first();
        ItemsTab *items = openProducts(&window, session);
        QVERIFY(items);
        items->setFilter(QStringLiteral("c.price > 100"), QStringLiteral("price DESC"));
        auto splitter = items->findChild<QSplitter *>(QStringLiteral("itemsSplitter"));
        splitter->setSizes({700, 300});
        splitterState = splitter->saveState();
        QueryTab *query = window.openQueryTab(session, items->container());
        query->editor()->setText(QStringLiteral("SELECT * FROM c WHERE c.price > @min"));
        query->parameters()->setParameter(QStringLiteral("@min"), QStringLiteral("250.5"));
        query->partitionKeyEdit()->setText(QStringLiteral("\"Bikes\""));
        window.tabs()->setCurrentWidget(items);
        window.close(); // saves the session, as quitting does
        QVERIFY(!window.isVisible());
    }
    const QVariantMap saved = Settings().session();
    QVERIFY(!saved.isEmpty());
    // No secret in the settings file: the account is named by its saved connection's id.
    QSettings().sync();
    QFile file(QSettings().fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray stored = file.readAll();
    QVERIFY(stored.contains("gateway-1"));
    QVERIFY(!stored.contains(ConnectionInfo::emulatorKey().toUtf8()));

    MainWindow restarted;
    restarted.show();
    restarted.restoreSession();
    QTRY_COMPARE(restarted.connections()->sessions().size(), 1);
    QCOMPARE(restarted.connections()->sessions().first()->name(), QStringLiteral("Gateway"));
    ItemsTab *items = nullptr;
    QueryTab *query = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (items = restarted.findChild<ItemsTab *>()) && (query = restarted.findChild<QueryTab *>()),
        15000);
    QCOMPARE(items->container().containerId(), QStringLiteral("Products"));
    QCOMPARE(items->filterWhere(), QStringLiteral("c.price > 100"));
    QCOMPARE(items->filterOrderBy(), QStringLiteral("price DESC"));
    QCOMPARE(items->filterQuery(),
             QStringLiteral("SELECT * FROM c WHERE (c.price > 100) ORDER BY c.price DESC"));
    QCOMPARE(items->findChild<QSplitter *>(QStringLiteral("itemsSplitter"))->saveState(),
             splitterState);
    QCOMPARE(query->editor()->text(), QStringLiteral("SELECT * FROM c WHERE c.price > @min"));
    QCOMPARE(query->partitionKeyEdit()->text(), QStringLiteral("\"Bikes\""));
    QTableWidget *parameters = query->parameters()->table();
    QCOMPARE(parameters->rowCount(), 1);
    QCOMPARE(parameters->item(0, 0)->text(), QStringLiteral("@min"));
    QCOMPARE(parameters->item(0, 1)->text(), QStringLiteral("250.5"));
    QCOMPARE(restarted.tabs()->currentWidget(), items);
    QCOMPARE(restarted.size(), QSize(1100, 700));
    // The filtered grid loads with the restored filter.
    QTRY_VERIFY_WITH_TIMEOUT(items->model()->itemCount() > 0, 15000);
    for (int i = 0; i < items->model()->itemCount(); ++i)
        QVERIFY(items->model()->item(i).value(QStringLiteral("price")).toDouble() > 100);
}

void tst_SessionRestore::unsavedAccountsAreNotKept()
{
    {
        MainWindow window;
        window.show();
        AccountSession *session = window.connections()->openConnection(QStringLiteral("adhoc"),
                                                                       m_gateway.connection());
        QVERIFY(openProducts(&window, session));
        window.close();
    }
    const QVariantMap saved = Settings().session();
    QVERIFY(saved.value(QStringLiteral("accounts")).toList().isEmpty());
    QVERIFY(saved.value(QStringLiteral("tabs")).toList().isEmpty());
    MainWindow restarted;
    restarted.restoreSession();
    QCoreApplication::processEvents();
    QVERIFY(restarted.connections()->sessions().isEmpty());
}

QTEST_MAIN(tst_SessionRestore)
#include "tst_sessionrestore.moc"
