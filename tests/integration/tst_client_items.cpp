#include "integrationsupport.h"

using namespace Cosmos;
using namespace Support;

class tst_ClientItems : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void createReadUpsertReplaceDelete();
    void idNeedingEscapes();
    void ifMatchPreconditionFailed();
    void readAllItems();
    void preAndPostTriggers();
    void indexingDirective();
    void hierarchicalPartitionKey();
    void largeAnswerFinishesUnderDeferredDeletes();

private:
    CosmosResponse write(CosmosClient::ItemWrite op, const QJsonObject &item,
                         const RequestOptions &options = {})
    {
        return await([&](ResponseCallback cb) {
            m_client->writeItem(op, m_container, item, options, nullptr, cb);
        });
    }
    CosmosResponse read(const QString &id, const QJsonValue &pk)
    {
        RequestOptions o;
        o.partitionKey = PartitionKey::fromValue(pk);
        return await([&](ResponseCallback cb) {
            m_client->read(m_container.child(ResourceKind::Item, id), o, nullptr, cb);
        });
    }

    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
    const ResourcePath m_container = ResourcePath::container(QStringLiteral("idb"), QStringLiteral("items"));
};

void tst_ClientItems::initTestCase()
{
    START_GATEWAY(m_gateway, GatewayProcess::Options{});
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    QVERIFY(createContainer(m_client.get(), QStringLiteral("idb"), QStringLiteral("items"),
                            QStringLiteral("/pk")));
}

void tst_ClientItems::createReadUpsertReplaceDelete()
{
    CosmosResponse r = write(CosmosClient::ItemWrite::Create, object(R"({"id":"a","pk":"p","n":1})"));
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.status, 201);
    QVERIFY(!r.etag.isEmpty());
    QVERIFY(!m_client->sessionToken(QStringLiteral("dbs/idb/colls/items")).isEmpty());

    r = read(QStringLiteral("a"), QStringLiteral("p"));
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.object().value("n").toInt(), 1);
    QCOMPARE(read(QStringLiteral("a"), QStringLiteral("other")).error.status, 404);

    r = write(CosmosClient::ItemWrite::Upsert, object(R"({"id":"a","pk":"p","n":2})"));
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    r = write(CosmosClient::ItemWrite::Upsert, object(R"({"id":"new","pk":"p","n":9})"));
    QCOMPARE(r.status, 201);
    r = write(CosmosClient::ItemWrite::Replace, object(R"({"id":"a","pk":"p","n":3})"));
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(read(QStringLiteral("a"), QStringLiteral("p")).object().value("n").toInt(), 3);
    QCOMPARE(write(CosmosClient::ItemWrite::Create, object(R"({"id":"a","pk":"p"})")).error.status, 409);

    RequestOptions o;
    o.partitionKey = PartitionKey::fromValue(QStringLiteral("p"));
    r = await([&](ResponseCallback cb) {
        m_client->remove(m_container.child(ResourceKind::Item, QStringLiteral("a")), o, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(read(QStringLiteral("a"), QStringLiteral("p")).error.status, 404);
}

void tst_ClientItems::idNeedingEscapes()
{
    // The URL is escaped, the signed link is not: the gateway checks the signature.
    const QString id = QStringLiteral("été x+y%20");
    QJsonObject item{{"id", id}, {"pk", "ü"}};
    CosmosResponse r = write(CosmosClient::ItemWrite::Create, item);
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    r = read(id, QStringLiteral("ü"));
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.object().value("id").toString(), id);
}

void tst_ClientItems::ifMatchPreconditionFailed()
{
    CosmosResponse r = write(CosmosClient::ItemWrite::Create, object(R"({"id":"e","pk":"p","v":1})"));
    QVERIFY(r.ok());
    const QString etag = r.etag;
    RequestOptions o;
    o.ifMatch = etag;
    r = write(CosmosClient::ItemWrite::Replace, object(R"({"id":"e","pk":"p","v":2})"), o);
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    // The etag is stale now.
    r = write(CosmosClient::ItemWrite::Replace, object(R"({"id":"e","pk":"p","v":3})"), o);
    QCOMPARE(r.error.kind, CosmosError::Kind::Service);
    QCOMPARE(r.error.status, 412);
    o.partitionKey = PartitionKey::fromValue(QStringLiteral("p"));
    r = await([&](ResponseCallback cb) {
        m_client->remove(m_container.child(ResourceKind::Item, QStringLiteral("e")), o, nullptr, cb);
    });
    QCOMPARE(r.error.status, 412);
}

void tst_ClientItems::readAllItems()
{
    const ResourcePath c = ResourcePath::container(QStringLiteral("idb"), QStringLiteral("all"));
    QVERIFY(createContainer(m_client.get(), QStringLiteral("idb"), QStringLiteral("all"), QStringLiteral("/pk")));
    for (int i = 0; i < 7; ++i) {
        const CosmosResponse r = await([&](ResponseCallback cb) {
            m_client->writeItem(CosmosClient::ItemWrite::Create, c,
                                QJsonObject{{"id", QString::number(i)}, {"pk", i % 2}}, {}, nullptr, cb);
        });
        QVERIFY(r.ok());
    }
    RequestOptions o;
    o.maxItemCount = 3;
    std::unique_ptr<Pager> pager(m_client->list(c.feed(ResourceKind::Item), o, nullptr));
    const Drained d = drain(pager.get());
    QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
    QCOMPARE(d.items.size(), 7);
    QVERIFY(d.pages >= 3);
}

void tst_ClientItems::preAndPostTriggers()
{
    const ResourcePath triggers = m_container.feed(ResourceKind::Trigger);
    CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->create(triggers, QJsonObject{{"id", "stamp"}, {"triggerType", "Pre"}, {"triggerOperation", "All"},
                                               {"body", "function stamp() { var r = getContext().getRequest();"
                                                        " var d = r.getBody(); d.stamped = true; r.setBody(d); }"}},
                         {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    r = await([&](ResponseCallback cb) {
        m_client->create(triggers, QJsonObject{{"id", "after"}, {"triggerType", "Post"}, {"triggerOperation", "Create"},
                                               {"body", "function after() { var b = getContext().getResponse().getBody();"
                                                        " if (!b.stamped) throw new Error('not stamped'); }"}},
                         {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    RequestOptions o;
    o.preTrigger = QStringLiteral("stamp");
    o.postTrigger = QStringLiteral("after");
    r = write(CosmosClient::ItemWrite::Create, object(R"({"id":"t","pk":"p"})"), o);
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.object().value("stamped").toBool(), true);
    // The post-trigger throws without the pre-trigger: the write is refused and rolled back.
    RequestOptions onlyPost;
    onlyPost.postTrigger = QStringLiteral("after");
    r = write(CosmosClient::ItemWrite::Create, object(R"({"id":"t2","pk":"p"})"), onlyPost);
    QCOMPARE(r.error.status, 400);
    QCOMPARE(read(QStringLiteral("t2"), QStringLiteral("p")).error.status, 404);
}

void tst_ClientItems::indexingDirective()
{
    RequestOptions o;
    o.indexingDirective = QStringLiteral("Exclude");
    const CosmosResponse r = write(CosmosClient::ItemWrite::Create, object(R"({"id":"x","pk":"p"})"), o);
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QVERIFY(read(QStringLiteral("x"), QStringLiteral("p")).ok());
}

void tst_ClientItems::hierarchicalPartitionKey()
{
    QVERIFY(createContainer(m_client.get(), QStringLiteral("idb"), QStringLiteral("hier"),
                            QStringLiteral("/tenant,/user")));
    const ResourcePath c = ResourcePath::container(QStringLiteral("idb"), QStringLiteral("hier"));
    CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->writeItem(CosmosClient::ItemWrite::Create, c,
                            object(R"({"id":"1","tenant":"t1","user":"u1"})"), {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    RequestOptions o;
    o.partitionKey = PartitionKey(QJsonArray{"t1", "u1"});
    r = await([&](ResponseCallback cb) {
        m_client->read(c.child(ResourceKind::Item, QStringLiteral("1")), o, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    o.partitionKey = PartitionKey(QJsonArray{"t1", "u2"});
    r = await([&](ResponseCallback cb) {
        m_client->read(c.child(ResourceKind::Item, QStringLiteral("1")), o, nullptr, cb);
    });
    QCOMPARE(r.error.status, 404);
}

// A large answer is parsed on a worker thread and handed back through a posted call. Test
// helpers (QTest::qWait, qWaitFor) deliver deferred deletions on their own, between event
// passes; the hand-back must survive that and every read must finish.
void tst_ClientItems::largeAnswerFinishesUnderDeferredDeletes()
{
    QJsonObject big{{"id", "big"}, {"pk", "b"}};
    QJsonArray blob;
    for (int i = 0; i < 3000; ++i)
        blob.append(QStringLiteral("value %1 of a body over 64 KiB").arg(i));
    big.insert("blob", blob);
    QVERIFY(write(CosmosClient::ItemWrite::Upsert, big).ok());
    RequestOptions options;
    options.partitionKey = PartitionKey(QJsonArray{"b"});
    const ResourcePath path = ResourcePath::container(QStringLiteral("idb"), QStringLiteral("items"))
                                  .child(ResourceKind::Item, QStringLiteral("big"));
    int finished = 0;
    for (int round = 0; round < 20; ++round) {
        bool done = false;
        QObject context;
        m_client->read(path, options, &context, [&](const CosmosResponse &r) {
            done = true;
            finished += r.ok() && r.body.size() > 64 * 1024 ? 1 : 0;
        });
        QElapsedTimer timer;
        timer.start();
        while (!done && timer.elapsed() < 10000) {
            QCoreApplication::processEvents();
            // Only deferred deletions for a while: the worker finishes meanwhile.
            QElapsedTimer spin;
            spin.start();
            while (!done && spin.elapsed() < 20)
                QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        }
        QVERIFY2(done, qPrintable(QStringLiteral("read %1 never finished").arg(round)));
    }
    QCOMPARE(finished, 20);
}

QTEST_GUILESS_MAIN(tst_ClientItems)
#include "tst_client_items.moc"
