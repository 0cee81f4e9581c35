#include "integrationsupport.h"

#include <throughput.h>

using namespace Cosmos;
using namespace Support;

class tst_ClientThroughput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void databaseManualAndAutoscale();
    void containerManualAndAutoscale();
    void sharedThroughputContainerHasNoOffer();
    void invalidSettingsRefusedBeforeSending();

private:
    struct Result
    {
        ThroughputInfo info;
        CosmosError error;
    };
    Result read(const ResourcePath &path)
    {
        auto result = std::make_shared<std::optional<Result>>();
        readThroughput(m_client.get(), path, nullptr, [result](const ThroughputInfo &i, const CosmosError &e) {
            *result = Result{i, e};
        });
        if (!QTest::qWaitFor([result] { return result->has_value(); }, WaitMs))
            return {{}, CosmosError::invalidInput(QStringLiteral("timeout"))};
        return **result;
    }
    Result replace(const ResourcePath &path, bool autoscale, int value)
    {
        auto result = std::make_shared<std::optional<Result>>();
        replaceThroughput(m_client.get(), path, ThroughputSettings{autoscale, value}, nullptr,
                          [result](const ThroughputInfo &i, const CosmosError &e) { *result = Result{i, e}; });
        if (!QTest::qWaitFor([result] { return result->has_value(); }, WaitMs))
            return {{}, CosmosError::invalidInput(QStringLiteral("timeout"))};
        return **result;
    }

    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
};

void tst_ClientThroughput::initTestCase()
{
    START_GATEWAY(m_gateway, GatewayProcess::Options{});
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    RequestOptions shared;
    shared.offerThroughput = 1000;
    const CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->create(ResourcePath::databases(), QJsonObject{{"id", "shared"}}, shared, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QVERIFY(createContainer(m_client.get(), "shared", "inner", "/pk"));
    QVERIFY(createContainer(m_client.get(), "dedicated", "own", "/pk", 400));
}

void tst_ClientThroughput::databaseManualAndAutoscale()
{
    const ResourcePath db = ResourcePath::database("shared");
    Result r = read(db);
    QVERIFY2(!r.error.isError(), qPrintable(r.error.toString()));
    QCOMPARE(r.info.throughput, 1000);
    QVERIFY(!r.info.autoscale);
    QVERIFY(r.info.minThroughput > 0);
    r = replace(db, false, 1200);
    QVERIFY2(!r.error.isError(), qPrintable(r.error.toString()));
    QCOMPARE(r.info.throughput, 1200);
    r = replace(db, true, 5000);
    QVERIFY2(!r.error.isError(), qPrintable(r.error.toString()));
    QVERIFY(r.info.autoscale);
    QCOMPARE(r.info.autoscaleMaxThroughput, 5000);
    r = read(db);
    QCOMPARE(r.info.autoscaleMaxThroughput, 5000);
    r = replace(db, false, 800);
    QVERIFY2(!r.error.isError(), qPrintable(r.error.toString()));
    QVERIFY(!r.info.autoscale);
    QCOMPARE(r.info.throughput, 800);
}

void tst_ClientThroughput::containerManualAndAutoscale()
{
    const ResourcePath c = ResourcePath::container("dedicated", "own");
    Result r = read(c);
    QVERIFY2(!r.error.isError(), qPrintable(r.error.toString()));
    QCOMPARE(r.info.throughput, 400);
    r = replace(c, false, 700);
    QVERIFY2(!r.error.isError(), qPrintable(r.error.toString()));
    QCOMPARE(read(c).info.throughput, 700);
    r = replace(c, true, 4000);
    QVERIFY2(!r.error.isError(), qPrintable(r.error.toString()));
    QCOMPARE(read(c).info.autoscaleMaxThroughput, 4000);
    // Autoscale at creation.
    RequestOptions o;
    o.autoscaleMaxThroughput = 6000;
    CosmosError error;
    const CosmosResponse created = await([&](ResponseCallback cb) {
        m_client->create(ResourcePath::database("dedicated").feed(ResourceKind::Container),
                         QJsonObject{{"id", "auto"},
                                     {"partitionKey", PartitionKeyDefinition::fromPathList("/pk", &error).toJson()}},
                         o, nullptr, cb);
    });
    QVERIFY2(created.ok(), qPrintable(created.error.toString()));
    r = read(ResourcePath::container("dedicated", "auto"));
    QVERIFY(r.info.autoscale);
    QCOMPARE(r.info.autoscaleMaxThroughput, 6000);
}

void tst_ClientThroughput::sharedThroughputContainerHasNoOffer()
{
    const Result r = read(ResourcePath::container("shared", "inner"));
    QCOMPARE(r.error.kind, CosmosError::Kind::Service);
    QCOMPARE(r.error.status, 404);
    QVERIFY(r.error.message.contains(QStringLiteral("shares the database's throughput")));
    const Result db = read(ResourcePath::database("dedicated"));
    QCOMPARE(db.error.status, 404);
    QVERIFY(db.error.message.contains(QStringLiteral("no shared throughput")));
}

void tst_ClientThroughput::invalidSettingsRefusedBeforeSending()
{
    const Result r = replace(ResourcePath::container("dedicated", "own"), false, 450);
    QCOMPARE(r.error.kind, CosmosError::Kind::InvalidInput);
    QCOMPARE(ThroughputSettings({true, 1500}).validate().kind, CosmosError::Kind::InvalidInput);
}

QTEST_GUILESS_MAIN(tst_ClientThroughput)
#include "tst_client_throughput.moc"
