#include "integrationsupport.h"

using namespace Cosmos;
using namespace Support;

class tst_ClientDatabases : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void readAccount();
    void createReadListQueryDelete();
    void createIfNotExists();
    void createWithThroughput();

private:
    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
};

void tst_ClientDatabases::initTestCase()
{
    START_GATEWAY(m_gateway, GatewayProcess::Options{});
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    QVERIFY(!m_client->setupError().isError());
}

void tst_ClientDatabases::readAccount()
{
    const CosmosResponse r = await([&](ResponseCallback cb) { m_client->readAccount(nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QVERIFY(r.object().contains(QStringLiteral("writableLocations")));
    QVERIFY(!r.activityId.isEmpty());
    QVERIFY(r.requestCharge > 0);
}

void tst_ClientDatabases::createReadListQueryDelete()
{
    const ResourcePath db = ResourcePath::database(QStringLiteral("db one"));
    CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->create(ResourcePath::databases(), QJsonObject{{"id", "db one"}}, {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.status, 201);
    r = await([&](ResponseCallback cb) {
        m_client->create(ResourcePath::databases(), QJsonObject{{"id", "db one"}}, {}, nullptr, cb);
    });
    QCOMPARE(r.error.kind, CosmosError::Kind::Service);
    QCOMPARE(r.error.status, 409);
    r = await([&](ResponseCallback cb) { m_client->read(db, {}, nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.object().value("id").toString(), QStringLiteral("db one"));

    std::unique_ptr<Pager> list(m_client->list(ResourcePath::databases(), {}, nullptr));
    Drained all = drain(list.get());
    QVERIFY(all.ids().contains(QStringLiteral("db one")));

    std::unique_ptr<Pager> query(m_client->query(
        ResourcePath::databases(),
        QuerySpec{QStringLiteral("SELECT * FROM r WHERE r.id = @id"), {{"@id", "db one"}}}, {}, nullptr));
    all = drain(query.get());
    QVERIFY2(!all.error.isError(), qPrintable(all.error.toString()));
    QCOMPARE(all.ids(), QStringList{QStringLiteral("db one")});

    r = await([&](ResponseCallback cb) { m_client->remove(db, {}, nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.status, 204);
    r = await([&](ResponseCallback cb) { m_client->read(db, {}, nullptr, cb); });
    QCOMPARE(r.error.status, 404);
}

void tst_ClientDatabases::createIfNotExists()
{
    const ResourcePath db = ResourcePath::database(QStringLiteral("maybe"));
    CosmosResponse r = await([&](ResponseCallback cb) { m_client->read(db, {}, nullptr, cb); });
    QCOMPARE(r.error.status, 404);
    r = await([&](ResponseCallback cb) {
        m_client->createIfNotExists(ResourcePath::databases(), QJsonObject{{"id", "maybe"}}, {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.status, 201);
    const QString rid = r.object().value("_rid").toString();
    r = await([&](ResponseCallback cb) {
        m_client->createIfNotExists(ResourcePath::databases(), QJsonObject{{"id", "maybe"}}, {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("_rid").toString(), rid);
    r = await([&](ResponseCallback cb) {
        m_client->createIfNotExists(ResourcePath::databases(), QJsonObject{{"id", "a/b"}}, {}, nullptr, cb);
    });
    QCOMPARE(r.error.kind, CosmosError::Kind::InvalidInput);
}

void tst_ClientDatabases::createWithThroughput()
{
    RequestOptions options;
    options.offerThroughput = 500;
    const CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->create(ResourcePath::databases(), QJsonObject{{"id", "shared"}}, options, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
}

QTEST_GUILESS_MAIN(tst_ClientDatabases)
#include "tst_client_databases.moc"
