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

QTEST_MAIN(tst_Conflicts)
#include "tst_conflicts.moc"
