// The non-modal message bar: text in the user's terms, Details (status, substatus, activity
// id), close; and errors from the window (wrong key, TLS, missing container) landing in it.

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <connectioncontroller.h>
#include <manageutil.h>
#include <messagebar.h>
#include <parameterspanel.h>
#include <queryeditor.h>
#include <querytab.h>

#include <QApplication>
#include <QLabel>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>
#include <QtTest>

using namespace Cosmoscope;
using namespace Cosmos;

class tst_MessageBar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareGuiTest(); }
    void showsDetailsAndCloses();
    void windowErrors();
    void messagesBelongToTheirTab();
    void managementScreensUseTheSameBar();
};

void tst_MessageBar::showsDetailsAndCloses()
{
    MessageBar bar;
    bar.show();
    QVERIFY(!bar.isVisible() || bar.text().isEmpty());
    CosmosError error = CosmosError::fromServiceResponse(
        412, 1004, R"({"code":"PreconditionFailed","message":"Operation cannot be performed."})");
    error.activityId = QStringLiteral("abc-123");
    bar.showError(error, QStringLiteral("Saving item x"));
    QVERIFY(bar.isVisible());
    QCOMPARE(bar.type(), MessageBar::Type::Error);
    QVERIFY(bar.text().startsWith(QStringLiteral("Saving item x: 412/1004 PreconditionFailed")));
    QVERIFY(bar.text().contains(QStringLiteral("Someone else changed it")));
    auto details = bar.findChild<QLabel *>(QStringLiteral("messageDetails"));
    QVERIFY(!details->isVisible());
    QTest::mouseClick(bar.findChild<QToolButton *>(QStringLiteral("detailsButton")),
                      Qt::LeftButton);
    QVERIFY(details->isVisible());
    QVERIFY(details->text().contains(QStringLiteral("Status: 412")));
    QVERIFY(details->text().contains(QStringLiteral("Substatus: 1004")));
    QVERIFY(details->text().contains(QStringLiteral("Activity id: abc-123")));

    QSignalSpy dismissed(&bar, &MessageBar::dismissed);
    QTest::mouseClick(bar.findChild<QToolButton *>(QStringLiteral("closeButton")), Qt::LeftButton);
    QVERIFY(!bar.isVisible());
    QCOMPARE(dismissed.size(), 1);

    CosmosError cancelled;
    cancelled.kind = CosmosError::Kind::Cancelled;
    bar.showError(cancelled, QStringLiteral("Query"));
    QCOMPARE(bar.type(), MessageBar::Type::Information);
    CosmosError throttled = CosmosError::fromServiceResponse(429, 3200, "{}");
    bar.showError(throttled);
    QVERIFY(bar.text().contains(QStringLiteral("throttling")));
}

void tst_MessageBar::windowErrors()
{
    GatewayProcess gateway;
    QVERIFY2(gateway.start({.seedSample = true}), qPrintable(gateway.errorString()));
    MainWindow window;
    window.show();
    MessageBar *bar = window.messageBar();

    // wrong key: 401 in the bar with its activity id, an error node in the tree
    ConnectionInfo wrongKey = gateway.connection();
    wrongKey.masterKey = "d3JvbmcgYnV0IHZhbGlkIGJhc2U2NA==";
    AccountSession *bad = window.connections()->openConnection(QStringLiteral("bad"), wrongKey);
    window.treeView()->expand(window.treeModel()->accountIndex(bad->accountId()));
    QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible() && bar->text().contains(QStringLiteral("401")),
                             15000);
    QVERIFY(bar->text().contains(QStringLiteral("account key")));
    QVERIFY(bar->details().contains(QStringLiteral("Activity id:")));
    QVERIFY(!QApplication::activeModalWidget()); // never modal

    // TLS: the gateway's certificate without its CA
    ConnectionInfo noCa = gateway.connection();
    noCa.caCertificateFile.clear();
    AccountSession *tls = window.connections()->openConnection(QStringLiteral("tls"), noCa);
    window.treeView()->expand(window.treeModel()->accountIndex(tls->accountId()));
    QTRY_VERIFY_WITH_TIMEOUT(bar->text().contains(QStringLiteral("not trusted")), 15000);
    QVERIFY(bar->details().contains(QStringLiteral("TLS")));

    // 404: items of a container that does not exist
    AccountSession *good
        = window.connections()->openConnection(QStringLiteral("good"), gateway.connection());
    ItemsTab *nope = window.openItemsTab(
        good, ResourcePath::container(QStringLiteral("SampleDB"), QStringLiteral("Nope")));
    MessageBar *tabBar = nope->messageBar(); // the tab's own bar
    QTRY_VERIFY_WITH_TIMEOUT(tabBar->text().contains(QStringLiteral("404")), 15000);
    QVERIFY(tabBar->text().contains(QStringLiteral("Nope")));
    QVERIFY(!QApplication::activeModalWidget());
}

// Finding 4: a tab's message shows in that tab only, goes with the tab, and clears when the
// next action there succeeds.
void tst_MessageBar::messagesBelongToTheirTab()
{
    GatewayProcess gateway;
    QVERIFY2(gateway.start({.seedSample = true}), qPrintable(gateway.errorString()));
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    AccountSession *session
        = window.connections()->openConnection(QStringLiteral("gw"), gateway.connection());
    const ResourcePath products = ResourcePath::container("SampleDB", "Products");
    QueryTab *first = window.openQueryTab(session, products);
    QueryTab *second = window.openQueryTab(session, products);
    QVERIFY(first && second && first != second);

    // "Not run: parameter …" in the first tab: not in the window's bar, not in the second tab
    window.tabs()->setCurrentWidget(first);
    first->editor()->setFocus();
    QTest::keyClick(first->editor(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(first->editor(), QStringLiteral("SELECT * FROM c WHERE c.category = @cat"));
    if (first->editor()->isListActive())
        first->editor()->cancelList();
    first->parameters()->setParameter(QStringLiteral("@cat"), QStringLiteral("Books")); // not JSON
    QTest::mouseClick(first->findChild<QToolBar *>()->widgetForAction(first->runAction()),
                      Qt::LeftButton);
    QVERIFY(first->messageBar()->isVisible());
    QVERIFY(first->messageBar()->text().contains(QStringLiteral("Not run")));
    QVERIFY(!window.messageBar()->isVisible());
    window.tabs()->setCurrentWidget(second);
    QVERIFY(!second->messageBar()->isVisible());

    // the next run that is accepted clears it
    window.tabs()->setCurrentWidget(first);
    first->parameters()->setParameter(QStringLiteral("@cat"), QStringLiteral("\"Books\""));
    QTest::mouseClick(first->findChild<QToolBar *>()->widgetForAction(first->runAction()),
                      Qt::LeftButton);
    QVERIFY(!first->messageBar()->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(first->model()->itemCount() > 0, 15000);
    QVERIFY(!first->messageBar()->isVisible());

    // an error of a tab goes away with the tab
    ItemsTab *nope = window.openItemsTab(session, ResourcePath::container("SampleDB", "Nope"));
    QTRY_VERIFY_WITH_TIMEOUT(nope->messageBar()->text().contains(QStringLiteral("404")), 15000);
    QVERIFY(!window.messageBar()->isVisible());
    QTest::keyClick(window.tabs(), Qt::Key_W, Qt::ControlModifier); // Ctrl+W closes it
    QTRY_COMPARE(window.tabs()->indexOf(nope), -1);
    QVERIFY(!window.messageBar()->isVisible());
    QVERIFY(!second->messageBar()->isVisible());
}

// Finding 4: the management screens show their messages in the same MessageBar widget.
void tst_MessageBar::managementScreensUseTheSameBar()
{
    QWidget host;
    Manage::MessageLine line(&host);
    host.show();
    QVERIFY(qobject_cast<MessageBar *>(&line));
    line.showError(QStringLiteral("Could not read"));
    QCOMPARE(line.type(), MessageBar::Type::Error);
    QVERIFY(line.findChild<QToolButton *>(QStringLiteral("closeButton")));
    QTest::mouseClick(line.findChild<QToolButton *>(QStringLiteral("closeButton")), Qt::LeftButton);
    QVERIFY(!line.isVisible());
    QCOMPARE(line.level(), Manage::MessageLine::Level::None);
}

QTEST_MAIN(tst_MessageBar)
#include "tst_messagebar.moc"
