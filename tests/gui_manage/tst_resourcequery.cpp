#include "manageteststuff.h"

#include <jsonlistmodel.h>
#include <manageutil.h>
#include <resourcequerydialog.h>
#include <sourceeditor.h>

#include <gatewayprocess.h>

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>

Q_DECLARE_METATYPE(Cosmos::ResourcePath)

using namespace Cosmos;
using namespace Manage;

// The generic "Query …" dialog against the sample account: query_databases,
// query_containers, query_users, query_permissions, query_stored_procedures,
// query_triggers, query_user_defined_functions, query_conflicts.
class tst_ResourceQuery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void findsById_data();
    void findsById();
    void pagesWithLoadMore();
    void otherParameters();
    void errorsInUserTerms();

private:
    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
};

void tst_ResourceQuery::initTestCase()
{
    GatewayProcess::Options options;
    options.seedSample = true;
    QVERIFY2(m_gateway.start(options), qPrintable(m_gateway.errorString()));
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
}

void tst_ResourceQuery::findsById_data()
{
    QTest::addColumn<ResourcePath>("feed");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    const ResourcePath db = ResourcePath::database("SampleDB");
    const ResourcePath products = ResourcePath::container("SampleDB", "Products");
    QTest::newRow("databases") << ResourcePath::databases() << "Sample"
                               << "SampleDB";
    QTest::newRow("containers") << db.feed(ResourceKind::Container) << "Ord"
                                << "Orders";
    QTest::newRow("users") << db.feed(ResourceKind::User) << "read"
                           << "reader";
    QTest::newRow("permissions")
        << db.child(ResourceKind::User, "reader").feed(ResourceKind::Permission) << "products"
        << "read-products";
    QTest::newRow("sprocs") << products.feed(ResourceKind::StoredProcedure) << "Price"
                            << "bulkUpdatePrice";
    QTest::newRow("triggers") << products.feed(ResourceKind::Trigger) << "Time"
                              << "addTimestamp";
    QTest::newRow("udfs") << products.feed(ResourceKind::Udf) << "ta"
                          << "tax";
    QTest::newRow("conflicts") << products.feed(ResourceKind::Conflict) << "conflict-2"
                               << "conflict-2";
}

void tst_ResourceQuery::findsById()
{
    QFETCH(ResourcePath, feed);
    QFETCH(QString, text);
    QFETCH(QString, expected);
    ResourceQueryDialog dialog(m_client.get(), feed);
    QAbstractItemModelTester tester(dialog.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(dialog.sqlEditor()->text(), ResourceQueryDialog::defaultQuery());
    dialog.show();
    QTest::keyClicks(dialog.textEdit(), text);
    QSignalSpy loaded(&dialog, &ResourceQueryDialog::pageLoaded);
    QTest::mouseClick(dialog.runButton(), Qt::LeftButton);
    QVERIFY2(loaded.wait(10000), qPrintable(dialog.messageLine()->text()));
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 10000);
    QVERIFY2(dialog.model()->rowOf(expected) >= 0, qPrintable(expected));
    for (int row = 0; row < dialog.model()->rowCount(); ++row) // CONTAINS(r.id, @text)
        QVERIFY(dialog.model()->object(row).value("id").toString().contains(text));
    QCOMPARE(
        dialog.resultsView()->model()->index(dialog.model()->rowOf(expected), 0).data().toString(),
        expected);

    // The selected result is shown as JSON; the status line has the count and the charge.
    dialog.select(dialog.model()->rowOf(expected));
    QVERIFY(dialog.jsonView()->text().contains(QStringLiteral("\"%1\"").arg(expected)));
    QVERIFY(dialog.requestCharge() > 0);
    QVERIFY2(dialog.statusLabel()->text().contains(QStringLiteral("RU")),
             qPrintable(dialog.statusLabel()->text()));
    QVERIFY2(dialog.statusLabel()->text().startsWith(QString::number(dialog.model()->rowCount())),
             qPrintable(dialog.statusLabel()->text()));
    if (feed.kind() == ResourceKind::Conflict) // the conflicting item, readable
        QVERIFY(dialog.jsonView()->text().contains(QStringLiteral("\"category\"")));
    if (feed.kind() == ResourceKind::User) {
        dialog.resize(820, 560);
        saveShot(&dialog, QStringLiteral("resourcequery.png"));
    }
}

void tst_ResourceQuery::pagesWithLoadMore()
{
    // Every container of SampleDB, one per page.
    ResourceQueryDialog dialog(m_client.get(),
                               ResourcePath::database("SampleDB").feed(ResourceKind::Container));
    QAbstractItemModelTester tester(dialog.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    dialog.setPageSize(1);
    dialog.show();
    dialog.run();
    QTRY_COMPARE_WITH_TIMEOUT(dialog.model()->rowCount(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.loadMoreButton()->isEnabled(), 10000);
    QVERIFY(dialog.statusLabel()->text().contains(QStringLiteral("more")));
    int rows = 1;
    while (dialog.hasMore()) {
        QTRY_VERIFY_WITH_TIMEOUT(dialog.loadMoreButton()->isEnabled() || !dialog.hasMore(), 10000);
        if (!dialog.hasMore())
            break;
        QTest::mouseClick(dialog.loadMoreButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 10000);
        QVERIFY(dialog.model()->rowCount() >= rows);
        rows = dialog.model()->rowCount();
        QVERIFY(rows < 50);
    }
    QVERIFY(dialog.model()->rowOf(QStringLiteral("Products")) >= 0);
    QVERIFY(dialog.model()->rowOf(QStringLiteral("Orders")) >= 0);
    QVERIFY(!dialog.loadMoreButton()->isEnabled());

    // Run again: the list starts over.
    dialog.run();
    QTRY_COMPARE_WITH_TIMEOUT(dialog.model()->rowCount(), 1, 10000);
}

void tst_ResourceQuery::otherParameters()
{
    ResourceQueryDialog dialog(m_client.get(),
                               ResourcePath::database("SampleDB")
                                   .child(ResourceKind::User, "reader")
                                   .feed(ResourceKind::Permission));
    dialog.sqlEditor()->setText(
        QStringLiteral("SELECT * FROM root r WHERE r.permissionMode = @mode"));
    dialog.parametersEdit()->setText(QStringLiteral("{\"mode\": \"Read\"}"));
    CosmosError e;
    const QuerySpec spec = dialog.querySpec(&e);
    QVERIFY(!e.isError());
    QCOMPARE(spec.parameters.size(), 1); // no @text: the query does not use it
    QCOMPARE(spec.parameters.first().first, QStringLiteral("@mode"));
    QSignalSpy loaded(&dialog, &ResourceQueryDialog::pageLoaded);
    dialog.run();
    QVERIFY2(loaded.wait(10000), qPrintable(dialog.messageLine()->text()));
    QCOMPARE(dialog.model()->rowCount(), 1);
    QCOMPARE(dialog.model()->object(0).value("id").toString(), QStringLiteral("read-products"));
}

void tst_ResourceQuery::errorsInUserTerms()
{
    ResourceQueryDialog dialog(m_client.get(),
                               ResourcePath::database("SampleDB").feed(ResourceKind::User));
    // Input errors are caught before anything is sent.
    dialog.parametersEdit()->setText(QStringLiteral("[1, 2]"));
    dialog.run();
    QCOMPARE(dialog.messageLine()->level(), MessageLine::Level::Error);
    QVERIFY(dialog.messageLine()->text().contains(QStringLiteral("JSON object")));
    QVERIFY(!dialog.isBusy());

    // A service error names the feed and keeps the service's words.
    dialog.parametersEdit()->clear();
    dialog.sqlEditor()->setText(QStringLiteral("SELECT * FROM root r WHERE"));
    QSignalSpy failed(&dialog, &ResourceQueryDialog::failed);
    dialog.run();
    QVERIFY(failed.wait(10000));
    QCOMPARE(dialog.messageLine()->level(), MessageLine::Level::Error);
    const QString message = dialog.messageLine()->text();
    QVERIFY2(message.contains(QStringLiteral("Could not query the users of database SampleDB")),
             qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("400")), qPrintable(message));
    QCOMPARE(dialog.model()->rowCount(), 0);
}

QTEST_MAIN(tst_ResourceQuery)
#include "tst_resourcequery.moc"
