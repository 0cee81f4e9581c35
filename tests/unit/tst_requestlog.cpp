// RequestRecord and RequestLog: operation names, CSV/JSON exports, totals and capacity.
#include <cosmosrequest.h>
#include <requestlog.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Cosmos;

class TestRequestLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void operationNames();
    void csvQuotesAndHeader();
    void jsonHasEveryField();
    void totalsAndCapacity();
    void clear();
};

static RequestRecord record(double charge, const QString &path = QStringLiteral("dbs/d/colls/c"))
{
    RequestRecord r;
    r.time = QDateTime(QDate(2026, 11, 28), QTime(23, 0), Qt::UTC);
    r.account = QStringLiteral("localhost:8081");
    r.method = QStringLiteral("POST");
    r.operation = QStringLiteral("Query");
    r.resourcePath = path;
    r.status = 200;
    r.requestCharge = charge;
    r.durationMs = 12;
    r.activityId = QStringLiteral("a-1");
    r.region = QStringLiteral("localhost");
    return r;
}

void TestRequestLog::operationNames()
{
    const ResourcePath items = ResourcePath::container(QStringLiteral("d"), QStringLiteral("c"))
                                   .feed(ResourceKind::Item);
    CosmosRequest r = CosmosRequest::get(items);
    QCOMPARE(RequestRecord::operationOf(r), QStringLiteral("List"));
    r = CosmosRequest::get(items.parent().child(ResourceKind::Item, QStringLiteral("x")));
    QCOMPARE(RequestRecord::operationOf(r), QStringLiteral("Read"));
    r = CosmosRequest::post(items, {});
    QCOMPARE(RequestRecord::operationOf(r), QStringLiteral("Create"));
    r.options.extraHeaders.push_back({"x-ms-documentdb-isquery", "True"});
    QCOMPARE(RequestRecord::operationOf(r), QStringLiteral("Query"));
    r = CosmosRequest::post(items, {});
    r.options.extraHeaders.push_back({"x-ms-documentdb-is-upsert", "true"});
    QCOMPARE(RequestRecord::operationOf(r), QStringLiteral("Upsert"));
    r = CosmosRequest::post(
        items.parent().child(ResourceKind::StoredProcedure, QStringLiteral("s")), {});
    QCOMPARE(RequestRecord::operationOf(r), QStringLiteral("Execute"));
    QCOMPARE(RequestRecord::operationOf(CosmosRequest::put(items, {})), QStringLiteral("Replace"));
    QCOMPARE(RequestRecord::operationOf(CosmosRequest::del(items)), QStringLiteral("Delete"));
}

void TestRequestLog::csvQuotesAndHeader()
{
    RequestRecord r = record(2.5, QStringLiteral("dbs/a,b/colls/\"q\""));
    r.error = QStringLiteral("line1\nline2");
    const QByteArray csv = RequestRecord::toCsv({r});
    const QList<QByteArray> lines = csv.split('\n');
    QCOMPARE(lines.first(), RequestRecord::fieldNames().join(QLatin1Char(',')).toUtf8() + '\r');
    QVERIFY(csv.contains(R"("dbs/a,b/colls/""q""")"));
    QVERIFY(csv.contains("\"line1\nline2\""));
    QVERIFY(csv.contains(",2.5,"));
}

void TestRequestLog::jsonHasEveryField()
{
    RequestRecord r = record(3.25);
    r.error = QStringLiteral("e");
    const QJsonObject o = QJsonDocument::fromJson(r.toJsonLine()).object();
    QCOMPARE(o.keys().size(), RequestRecord::fieldNames().size());
    for (const QString &name : RequestRecord::fieldNames())
        QVERIFY2(o.contains(name), qPrintable(name));
    QCOMPARE(o.value(QStringLiteral("requestCharge")).toDouble(), 3.25);
    QCOMPARE(o.value(QStringLiteral("time")).toString(),
             QStringLiteral("2026-11-28T23:00:00.000Z"));
    QVERIFY(!r.toJsonLine().contains('\n'));
    const QJsonArray all = QJsonDocument::fromJson(RequestRecord::toJsonArray({r, r})).array();
    QCOMPARE(all.size(), 2);
}

void TestRequestLog::totalsAndCapacity()
{
    RequestLog log;
    QSignalSpy added(&log, &RequestLog::recordAdded);
    log.setCapacity(3);
    const QList<double> charges{1.5, 2.25, 4, 0.25};
    double sum = 0;
    for (double c : charges) {
        log.append(record(c));
        sum += c;
    }
    QCOMPARE(added.size(), 4);
    QCOMPARE(log.count(), 3); // the oldest dropped
    QCOMPARE(log.records().first().requestCharge, 2.25);
    QCOMPARE(log.totalCharge(), sum); // the session's total keeps every request
    double perSecond = 0;
    for (double c : log.chargePerSecond())
        perSecond += c;
    QCOMPARE(perSecond, sum);
}

void TestRequestLog::clear()
{
    RequestLog log;
    log.append(record(1));
    QSignalSpy removed(&log, &RequestLog::recordsRemoved);
    log.clear();
    QCOMPARE(removed.size(), 1);
    QCOMPARE(log.count(), 0);
    QCOMPARE(log.totalCharge(), 0.0);
}

QTEST_GUILESS_MAIN(TestRequestLog)
#include "tst_requestlog.moc"
