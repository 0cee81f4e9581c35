#include "manageteststuff.h"

#include <conflictsview.h>
#include <jsonlistmodel.h>
#include <manageutil.h>
#include <resourcequerydialog.h>
#include <sourceeditor.h>

#include <auth.h>
#include <gatewayprocess.h>

#include <QAbstractItemModelTester>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QLineEdit>
#include <QPushButton>
#include <QSslCertificate>
#include <QSslConfiguration>

using namespace Cosmos;
using namespace Manage;

class tst_Conflicts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void listLoadMoreOpenDelete();
    void compareAndKeepAVersion();

private:
    bool seedConflict(const QString &id, const QJsonObject &content);

    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
    QNetworkAccessManager m_network;
};

// The gateway's test route, signed like a conflicts request on the container.
bool tst_Conflicts::seedConflict(const QString &id, const QJsonObject &content)
{
    const QString link = QStringLiteral("dbs/ConfDB/colls/items");
    QUrl url = m_gateway.url();
    url.setPath(QStringLiteral("/_test/") + link + QStringLiteral("/conflicts"));
    QNetworkRequest request(url);
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.addCaCertificates(QSslCertificate::fromPath(GatewayProcess::caFile()));
    request.setSslConfiguration(ssl);
    const QString date = httpDate(QDateTime::currentDateTimeUtc());
    request.setRawHeader("x-ms-date", date.toLatin1());
    request.setRawHeader("x-ms-version", "2020-07-15");
    request.setRawHeader("authorization",
                         masterKeyAuthorization("POST", "conflicts", link, date,
                                                m_gateway.connection().masterKey));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    const QJsonObject body{{"id", id}, {"content", content}, {"operationType", "replace"}};
    QNetworkReply *reply = m_network.post(request, QJsonDocument(body).toJson());
    QSignalSpy finished(reply, &QNetworkReply::finished);
    const bool ok = finished.wait(10000)
                    && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 201;
    if (!ok)
        qWarning() << reply->errorString() << reply->readAll();
    reply->deleteLater();
    return ok;
}

void tst_Conflicts::initTestCase()
{
    QVERIFY2(m_gateway.start(), qPrintable(m_gateway.errorString()));
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    setConfirmHandler([](const QString &, const QString &) { return true; });
    QVERIFY(waitForCall(this, [&](QObject *c, ResponseCallback cb) {
        return m_client->create(ResourcePath::databases(), {{"id", "ConfDB"}}, {}, c, cb);
    }));
    QVERIFY(waitForCall(this, [&](QObject *c, ResponseCallback cb) {
        return m_client->create(ResourcePath::database("ConfDB").feed(ResourceKind::Container),
                                containerBody("items", "/pk"), {}, c, cb);
    }));
    for (int i = 1; i <= 3; ++i) {
        QVERIFY(seedConflict(QStringLiteral("conflict-%1").arg(i),
                             {{"id", QStringLiteral("item%1").arg(i)}, {"pk", "p"}, {"v", i}}));
    }
}

void tst_Conflicts::listLoadMoreOpenDelete()
{
    ConflictsView view(m_client.get(), ResourcePath::container("ConfDB", "items"));
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    view.setPageSize(2);
    view.reload();
    view.resize(900, 450);
    view.show();
    QTRY_COMPARE_WITH_TIMEOUT(view.model()->rowCount(), 2, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(view.loadMoreButton()->isEnabled(), 10000);
    QTest::mouseClick(view.loadMoreButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(view.model()->rowCount(), 3, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!view.isBusy(), 10000);
    QVERIFY(!view.loadMoreButton()->isEnabled());
    QCOMPARE(view.model()->index(0, 3).data().toString(), QStringLiteral("item1"));

    // Opening a conflict reads it by id and partition key (get_conflict), then shows it.
    QSignalSpy read(&view, &ConflictsView::conflictRead);
    view.select(1);
    QVERIFY2(read.wait(10000), qPrintable(view.messageLine()->text()));
    QCOMPARE(read.first().first().toJsonObject().value("id").toString(), QStringLiteral("conflict-2"));
    QVERIFY(view.jsonView()->text().contains(QStringLiteral("\"item2\"")));
    QVERIFY(view.refreshButton()->isEnabled());
    QTest::mouseClick(view.refreshButton(), Qt::LeftButton);
    QVERIFY(read.wait(10000));
    QCOMPARE(read.size(), 2);
    QVERIFY(view.deleteButton()->isEnabled());
    saveShot(&view, QStringLiteral("conflicts.png"));
    // "Query…": query_conflicts over this container.
    QSignalSpy queryOpened(&view, &ConflictsView::queryOpened);
    QTest::mouseClick(view.queryButton(), Qt::LeftButton);
    QCOMPARE(queryOpened.size(), 1);
    QPointer<ResourceQueryDialog> query = queryOpened.first().first().value<ResourceQueryDialog *>();
    QVERIFY(query);
    QAbstractItemModelTester queryTester(query->model(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTest::keyClicks(query->textEdit(), QStringLiteral("-3"));
    QSignalSpy queried(query.data(), &ResourceQueryDialog::pageLoaded);
    QTest::mouseClick(query->runButton(), Qt::LeftButton);
    QVERIFY2(queried.wait(10000), qPrintable(query->messageLine()->text()));
    QCOMPARE(query->model()->rowCount(), 1);
    QCOMPARE(query->model()->object(0).value("id").toString(), QStringLiteral("conflict-3"));
    QVERIFY(query->jsonView()->text().contains(QStringLiteral("\"item3\"")));
    query->close();
    QTRY_VERIFY(query.isNull());

    QSignalSpy deleted(&view, &ConflictsView::deleted);
    QTest::mouseClick(view.deleteButton(), Qt::LeftButton);
    QVERIFY2(deleted.wait(10000), qPrintable(view.messageLine()->text()));
    QCOMPARE(deleted.first().first().toString(), QStringLiteral("conflict-2"));
    QCOMPARE(view.model()->rowCount(), 2);

    // Gone on the service too.
    CosmosResponse r;
    QVERIFY(!waitForCall(this, [&](QObject *c, ResponseCallback cb) {
        return m_client->read(ResourcePath::container("ConfDB", "items")
                                  .child(ResourceKind::Conflict, "conflict-2"), {}, c, cb);
    }, &r));
    QCOMPARE(r.status, 404);
}

// Finding 13: the conflict's version beside the current item; "Keep this version" replaces the
// item (If-Match the compared _etag) and deletes the conflict; "Keep current" deletes only it.
void tst_Conflicts::compareAndKeepAVersion()
{
    const ResourcePath container = ResourcePath::container("ConfDB", "items");
    const auto writeItem = [&](const QJsonObject &item) {
        return waitForCall(this, [&](QObject *c, ResponseCallback cb) {
            m_client->writeItem(CosmosClient::ItemWrite::Upsert, container, item, {}, c, cb);
            return static_cast<PendingRequest *>(nullptr); // writeItem returns nothing
        });
    };
    const auto readItem = [&](const QString &id) {
        CosmosResponse r;
        RequestOptions o;
        o.partitionKey = PartitionKey::fromValue(QStringLiteral("p"));
        waitForCall(
            this,
            [&](QObject *c, ResponseCallback cb) {
                return m_client->read(container.child(ResourceKind::Item, id), o, c, cb);
            },
            &r);
        return r;
    };
    QVERIFY(writeItem({{"id", "item1"}, {"pk", "p"}, {"v", 100}}));
    QVERIFY(seedConflict(QStringLiteral("conflict-4"), {{"id", "item1"}, {"pk", "p"}, {"v", 4}}));

    ConflictsView view(m_client.get(), container);
    view.resize(1000, 600);
    view.show();
    QTRY_VERIFY_WITH_TIMEOUT(view.model()->rowOf(QStringLiteral("conflict-1")) >= 0, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!view.isBusy(), 10000);

    // conflict-1 (v 1) beside the current item1 (v 100)
    view.select(view.model()->rowOf(QStringLiteral("conflict-1")));
    QTRY_VERIFY_WITH_TIMEOUT(view.currentView()->text().contains(QStringLiteral("100")), 10000);
    QVERIFY(view.jsonView()->text().contains(QStringLiteral("\"v\": 1")));
    QVERIFY(view.currentView()->isVisible() && view.jsonView()->isVisible());
    QVERIFY(view.currentView()->mapTo(&view, QPoint(0, 0)).x()
            > view.jsonView()->mapTo(&view, QPoint(0, 0)).x()); // side by side
    QTRY_VERIFY(view.keepThisButton()->isEnabled());
    VERIFY_FITS_900(&view); // the buttons, the charge and the compare beside the tree

    // someone else writes item1 after the compare: keeping the conflict's version is refused
    QVERIFY(writeItem({{"id", "item1"}, {"pk", "p"}, {"v", 200}}));
    QTest::mouseClick(view.keepThisButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(view.messageLine()->level() == MessageLine::Level::Error, 10000);
    QVERIFY2(view.messageLine()->text().contains(QStringLiteral("412")),
             qPrintable(view.messageLine()->text()));
    QCOMPARE(readItem("item1").object().value("v").toInt(), 200);
    QVERIFY(view.model()->rowOf(QStringLiteral("conflict-1")) >= 0);

    // compared again (Refresh selected), it replaces the item and deletes the conflict
    QTest::mouseClick(view.refreshButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(view.currentView()->text().contains(QStringLiteral("200")), 10000);
    QTRY_VERIFY(view.keepThisButton()->isEnabled());
    QSignalSpy deleted(&view, &ConflictsView::deleted);
    QTest::mouseClick(view.keepThisButton(), Qt::LeftButton);
    QVERIFY2(deleted.wait(10000), qPrintable(view.messageLine()->text()));
    QCOMPARE(deleted.first().first().toString(), QStringLiteral("conflict-1"));
    QCOMPARE(readItem("item1").object().value("v").toInt(), 1);

    // Keep current: conflict-4 goes, item1 stays as it is
    view.select(view.model()->rowOf(QStringLiteral("conflict-4")));
    QTRY_VERIFY_WITH_TIMEOUT(view.keepCurrentButton()->isEnabled() && !view.isBusy(), 10000);
    QTest::mouseClick(view.keepCurrentButton(), Qt::LeftButton);
    QVERIFY2(deleted.wait(10000), qPrintable(view.messageLine()->text()));
    QCOMPARE(deleted.last().first().toString(), QStringLiteral("conflict-4"));
    QCOMPARE(readItem("item1").object().value("v").toInt(), 1);
    QCOMPARE(view.model()->rowOf(QStringLiteral("conflict-4")), -1);
}

QTEST_MAIN(tst_Conflicts)
#include "tst_conflicts.moc"
