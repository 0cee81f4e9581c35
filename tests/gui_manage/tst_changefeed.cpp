#include "manageteststuff.h"

#include <changefeedview.h>
#include <jsonlistmodel.h>
#include <manageutil.h>
#include <sourceeditor.h>

#include <gatewayprocess.h>

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>

using namespace Cosmos;
using namespace Manage;

class tst_ChangeFeed : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void liveFeedShowsNewItems();
    void fromNowWithPartitionKey();

private:
    bool write(CosmosClient *client, const QJsonObject &item);

    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
    std::unique_ptr<CosmosClient> m_writer; ///< a second client, as another application
    ResourcePath m_container = ResourcePath::container("FeedDB", "events");
};

bool tst_ChangeFeed::write(CosmosClient *client, const QJsonObject &item)
{
    bool done = false;
    bool ok = false;
    client->writeItem(CosmosClient::ItemWrite::Upsert, m_container, item, {}, this,
                      [&](const CosmosResponse &r) {
        ok = r.ok();
        done = true;
    });
    return QTest::qWaitFor([&] { return done; }, 10000) && ok;
}

void tst_ChangeFeed::initTestCase()
{
    QVERIFY2(m_gateway.start(), qPrintable(m_gateway.errorString()));
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    m_writer = std::make_unique<CosmosClient>(m_gateway.connection());
    QVERIFY(waitForCall(this, [&](QObject *c, ResponseCallback cb) {
        return m_client->create(ResourcePath::databases(), {{"id", "FeedDB"}}, {}, c, cb);
    }));
    QVERIFY(waitForCall(this, [&](QObject *c, ResponseCallback cb) {
        return m_client->create(ResourcePath::database("FeedDB").feed(ResourceKind::Container),
                                containerBody("events", "/device"), {}, c, cb);
    }));
    QVERIFY(write(m_writer.get(), {{"id", "e1"}, {"device", "d1"}, {"t", 1}}));
    QVERIFY(write(m_writer.get(), {{"id", "e2"}, {"device", "d2"}, {"t", 2}}));
}

void tst_ChangeFeed::liveFeedShowsNewItems()
{
    ChangeFeedView view(m_client.get(), m_container);
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    view.resize(900, 500);
    view.show();
    view.setPollInterval(200);
    QCOMPARE(view.startBox()->currentIndex(), int(ChangeFeedView::FromBeginning));

    // Live from the beginning: the existing changes arrive first.
    QTest::mouseClick(view.liveButton(), Qt::LeftButton);
    QVERIFY(view.isLive());
    QTRY_COMPARE_WITH_TIMEOUT(view.model()->rowCount(), 2, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!view.continuationLabel()->text().isEmpty(), 10000);
    QVERIFY(view.chargeLabel()->text().contains(QStringLiteral("RU")));

    // A second client writes: the change appears without touching the view.
    QVERIFY(write(m_writer.get(), {{"id", "e3"}, {"device", "d1"}, {"t", 3}}));
    QTRY_COMPARE_WITH_TIMEOUT(view.model()->rowCount(), 3, 10000);
    QCOMPARE(view.model()->object(2).value("id").toString(), QStringLiteral("e3"));
    QCOMPARE(view.model()->index(2, 1).data().toString(), QStringLiteral("d1"));

    // Pause: new writes wait; resume picks them up from the same continuation.
    QTest::mouseClick(view.liveButton(), Qt::LeftButton);
    QVERIFY(!view.isLive());
    QTRY_VERIFY_WITH_TIMEOUT(view.fetchButton()->isEnabled(), 10000);
    const QString continuation = view.continuationLabel()->text();
    const int requests = view.requestsSent();
    QVERIFY(write(m_writer.get(), {{"id", "e4"}, {"device", "d2"}, {"t", 4}}));
    // Paused means the poll timer is stopped: nothing goes out until resumed.
    QVERIFY(!view.isLive());
    QCOMPARE(view.requestsSent(), requests);
    QCOMPARE(view.model()->rowCount(), 3);
    QCOMPARE(view.continuationLabel()->text(), continuation);
    QTest::mouseClick(view.liveButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(view.model()->rowCount(), 4, 10000);

    // Selecting shows the JSON; activating asks for the item editor.
    QSignalSpy open(&view, &ChangeFeedView::openItemRequested);
    view.view()->setCurrentIndex(view.model()->index(3, 0));
    QVERIFY(view.jsonView()->text().contains(QStringLiteral("\"e4\"")));
    emit view.view()->activated(view.model()->index(3, 0));
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.first().at(1).toJsonObject().value("id").toString(), QStringLiteral("e4"));
    saveShot(&view, QStringLiteral("changefeed.png"));
    view.setLive(false);
}

void tst_ChangeFeed::fromNowWithPartitionKey()
{
    ChangeFeedView view(m_client.get(), m_container);
    view.startBox()->setCurrentIndex(ChangeFeedView::FromNow);
    QTest::keyClicks(view.partitionKeyEdit(), QStringLiteral("\"d2\""));
    QTest::mouseClick(view.startButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(view.fetchButton()->isEnabled(), 10000);
    QCOMPARE(view.model()->rowCount(), 0);
    VERIFY_FITS_900(&view); // start, time, partition key and buttons once on one line
    QVERIFY(write(m_writer.get(), {{"id", "e5"}, {"device", "d1"}}));
    QVERIFY(write(m_writer.get(), {{"id", "e6"}, {"device", "d2"}}));
    QTest::mouseClick(view.fetchButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(view.model()->rowCount(), 1, 10000);
    QCOMPARE(view.model()->object(0).value("id").toString(), QStringLiteral("e6"));

    // A bad partition key is refused before sending, and stays in the field.
    view.partitionKeyEdit()->setText(QStringLiteral("d2 oops"));
    QTest::mouseClick(view.startButton(), Qt::LeftButton);
    QCOMPARE(view.messageLine()->level(), MessageLine::Level::Error);
    QCOMPARE(view.partitionKeyEdit()->text(), QStringLiteral("d2 oops"));
}

QTEST_MAIN(tst_ChangeFeed)
#include "tst_changefeed.moc"
