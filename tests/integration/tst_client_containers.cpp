#include "integrationsupport.h"

using namespace Cosmos;
using namespace Support;

class tst_ClientContainers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void createReadListQueryReplaceDelete();
    void hierarchicalAndUniqueKeys();
    void containerPropertiesAreCached();
    void createIfNotExists();

private:
    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
    const ResourcePath m_db = ResourcePath::database(QStringLiteral("cdb"));
};

void tst_ClientContainers::initTestCase()
{
    START_GATEWAY(m_gateway, GatewayProcess::Options{});
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    const CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->create(ResourcePath::databases(), QJsonObject{{"id", "cdb"}}, {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
}

void tst_ClientContainers::createReadListQueryReplaceDelete()
{
    QJsonObject body = object(R"({"id":"c1","partitionKey":{"paths":["/pk"],"kind":"Hash","version":2},
        "defaultTtl":3600,"indexingPolicy":{"indexingMode":"consistent","includedPaths":[{"path":"/*"}]}})");
    CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->create(m_db.feed(ResourceKind::Container), body, {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.object().value("defaultTtl").toInt(), 3600);
    const ResourcePath c = m_db.child(ResourceKind::Container, QStringLiteral("c1"));
    r = await([&](ResponseCallback cb) { m_client->read(c, {}, nullptr, cb); });
    QVERIFY(r.ok());
    QCOMPARE(r.object().value("partitionKey").toObject().value("paths").toArray().first().toString(),
             QStringLiteral("/pk"));

    std::unique_ptr<Pager> list(m_client->list(m_db.feed(ResourceKind::Container), {}, nullptr));
    QCOMPARE(drain(list.get()).ids(), QStringList{QStringLiteral("c1")});
    std::unique_ptr<Pager> query(m_client->query(
        m_db.feed(ResourceKind::Container), QuerySpec{QStringLiteral("SELECT * FROM r WHERE r.id = 'c1'"), {}},
        {}, nullptr));
    QCOMPARE(drain(query.get()).ids(), QStringList{QStringLiteral("c1")});

    // replace_container: change the TTL, keep the partition key.
    body = r.object();
    body.insert("defaultTtl", 60);
    r = await([&](ResponseCallback cb) { m_client->replace(c, body, {}, nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.object().value("defaultTtl").toInt(), 60);

    r = await([&](ResponseCallback cb) { m_client->remove(c, {}, nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    r = await([&](ResponseCallback cb) { m_client->read(c, {}, nullptr, cb); });
    QCOMPARE(r.error.status, 404);
}

void tst_ClientContainers::hierarchicalAndUniqueKeys()
{
    CosmosError error;
    const auto def = PartitionKeyDefinition::fromPathList(QStringLiteral("/t,/u"), &error);
    QJsonObject body{{"id", "h"}, {"partitionKey", def.toJson()},
                     {"uniqueKeyPolicy", object(R"({"uniqueKeys":[{"paths":["/email"]}]})")}};
    CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->create(m_db.feed(ResourceKind::Container), body, {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.object().value("partitionKey").toObject().value("kind").toString(), QStringLiteral("MultiHash"));
    const ResourcePath c = m_db.child(ResourceKind::Container, QStringLiteral("h"));
    r = await([&](ResponseCallback cb) {
        m_client->writeItem(CosmosClient::ItemWrite::Create, c,
                            object(R"({"id":"1","t":"a","u":"b","email":"x@y"})"), {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    r = await([&](ResponseCallback cb) {
        m_client->writeItem(CosmosClient::ItemWrite::Create, c,
                            object(R"({"id":"2","t":"a","u":"b","email":"x@y"})"), {}, nullptr, cb);
    });
    QCOMPARE(r.error.status, 409); // unique key violated
}

void tst_ClientContainers::containerPropertiesAreCached()
{
    QVERIFY(createContainer(m_client.get(), QStringLiteral("cdb"), QStringLiteral("cached"),
                            QStringLiteral("/k")));
    const ResourcePath c = m_db.child(ResourceKind::Container, QStringLiteral("cached"));
    auto got = std::make_shared<QJsonObject>();
    auto done = std::make_shared<int>(0);
    for (int i = 0; i < 2; ++i) {
        m_client->containerProperties(c, nullptr, [=](const QJsonObject &o, const CosmosError &e) {
            QVERIFY(!e.isError());
            *got = o;
            ++*done;
        });
        QVERIFY(QTest::qWaitFor([=] { return *done == i + 1; }, WaitMs));
    }
    QCOMPARE(got->value("partitionKey").toObject().value("paths").toArray().first().toString(),
             QStringLiteral("/k"));
}

void tst_ClientContainers::createIfNotExists()
{
    CosmosError error;
    const QJsonObject body{{"id", "once"},
                           {"partitionKey", PartitionKeyDefinition::fromPathList("/pk", &error).toJson()}};
    CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->createIfNotExists(m_db.feed(ResourceKind::Container), body, {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.status, 201);
    r = await([&](ResponseCallback cb) {
        m_client->createIfNotExists(m_db.feed(ResourceKind::Container), body, {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("id").toString(), QStringLiteral("once"));
}

QTEST_GUILESS_MAIN(tst_ClientContainers)
#include "tst_client_containers.moc"
