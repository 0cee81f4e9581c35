#include "integrationsupport.h"

#include <QUrl>

using namespace Cosmos;
using namespace Support;

class tst_ClientScripts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void crud_data();
    void crud();
    void executeWithPartitionKeyParamsAndLog();
    void executeFailureIsServiceError();
    void udfInQuery();

private:
    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
    const ResourcePath m_container = ResourcePath::container(QStringLiteral("sdb"), QStringLiteral("s"));
};

Q_DECLARE_METATYPE(Cosmos::ResourceKind)

void tst_ClientScripts::initTestCase()
{
    START_GATEWAY(m_gateway, GatewayProcess::Options{});
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    QVERIFY(createContainer(m_client.get(), QStringLiteral("sdb"), QStringLiteral("s"), QStringLiteral("/pk")));
}

void tst_ClientScripts::crud_data()
{
    QTest::addColumn<ResourceKind>("kind");
    QTest::addColumn<QJsonObject>("extra");
    QTest::newRow("sproc") << ResourceKind::StoredProcedure << QJsonObject();
    QTest::newRow("trigger") << ResourceKind::Trigger
                             << QJsonObject{{"triggerType", "Post"}, {"triggerOperation", "Delete"}};
    QTest::newRow("udf") << ResourceKind::Udf << QJsonObject();
}

void tst_ClientScripts::crud()
{
    QFETCH(ResourceKind, kind);
    QFETCH(QJsonObject, extra);
    const QString id = QStringLiteral("script-") + pathSegment(kind);
    QJsonObject body = extra;
    body.insert("id", id);
    body.insert("body", "function f(x) { return 1; }");
    CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->create(m_container.feed(kind), body, {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    const ResourcePath path = m_container.child(kind, id);
    r = await([&](ResponseCallback cb) { m_client->read(path, {}, nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    if (kind == ResourceKind::Trigger)
        QCOMPARE(r.object().value("triggerType").toString(), QStringLiteral("Post"));

    std::unique_ptr<Pager> list(m_client->list(m_container.feed(kind), {}, nullptr));
    QVERIFY(drain(list.get()).ids().contains(id));
    std::unique_ptr<Pager> query(m_client->query(
        m_container.feed(kind), QuerySpec{QStringLiteral("SELECT * FROM r WHERE r.id = @id"), {{"@id", id}}},
        {}, nullptr));
    QCOMPARE(drain(query.get()).ids(), QStringList{id});

    body.insert("body", "function f(x) { return 2; }");
    r = await([&](ResponseCallback cb) { m_client->replace(path, body, {}, nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QVERIFY(r.object().value("body").toString().contains(QStringLiteral("return 2")));

    r = await([&](ResponseCallback cb) { m_client->remove(path, {}, nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    r = await([&](ResponseCallback cb) { m_client->read(path, {}, nullptr, cb); });
    QCOMPARE(r.error.status, 404);
}

void tst_ClientScripts::executeWithPartitionKeyParamsAndLog()
{
    const QString script = QStringLiteral(
        "function greet(name, n) { console.log('hello ' + name);"
        " var c = getContext().getCollection();"
        " c.createDocument(c.getSelfLink(), {id: 'made-' + n, pk: 'p'}, function (err) {"
        "  if (err) throw err; getContext().getResponse().setBody({greeting: 'hi ' + name, n: n}); }); }");
    CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->create(m_container.feed(ResourceKind::StoredProcedure),
                         QJsonObject{{"id", "greet"}, {"body", script}}, {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    RequestOptions o;
    o.partitionKey = PartitionKey::fromValue(QStringLiteral("p"));
    o.enableScriptLogging = true;
    r = await([&](ResponseCallback cb) {
        m_client->executeStoredProcedure(m_container.child(ResourceKind::StoredProcedure, QStringLiteral("greet")),
                                         QJsonArray{"bob", 7}, o, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.object().value("greeting").toString(), QStringLiteral("hi bob"));
    QCOMPARE(QUrl::fromPercentEncoding(r.header("x-ms-documentdb-script-log-results")),
             QStringLiteral("hello bob"));
    // The document it wrote is in partition "p".
    RequestOptions ro;
    ro.partitionKey = o.partitionKey;
    r = await([&](ResponseCallback cb) {
        m_client->read(m_container.child(ResourceKind::Item, QStringLiteral("made-7")), ro, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
}

void tst_ClientScripts::executeFailureIsServiceError()
{
    CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->create(m_container.feed(ResourceKind::StoredProcedure),
                         QJsonObject{{"id", "boom"}, {"body", "function boom() { throw new Error('kaput'); }"}},
                         {}, nullptr, cb);
    });
    QVERIFY(r.ok());
    RequestOptions o;
    o.partitionKey = PartitionKey::fromValue(QStringLiteral("p"));
    r = await([&](ResponseCallback cb) {
        m_client->executeStoredProcedure(m_container.child(ResourceKind::StoredProcedure, QStringLiteral("boom")),
                                         {}, o, nullptr, cb);
    });
    QCOMPARE(r.error.kind, CosmosError::Kind::Service);
    QCOMPARE(r.error.status, 400);
    QVERIFY(r.error.message.contains(QStringLiteral("kaput")));
}

void tst_ClientScripts::udfInQuery()
{
    CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->create(m_container.feed(ResourceKind::Udf),
                         QJsonObject{{"id", "double"}, {"body", "function double(x) { return x * 2; }"}},
                         {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    r = await([&](ResponseCallback cb) {
        m_client->writeItem(CosmosClient::ItemWrite::Upsert, m_container,
                            QJsonObject{{"id", "u"}, {"pk", "q"}, {"v", 21}}, {}, nullptr, cb);
    });
    QVERIFY(r.ok());
    std::unique_ptr<Pager> pager(m_client->query(
        m_container.feed(ResourceKind::Item),
        QuerySpec{QStringLiteral("SELECT VALUE udf.double(c.v) FROM c WHERE c.id = 'u'"), {}}, {}, nullptr));
    auto values = std::make_shared<QJsonArray>();
    connect(pager.get(), &Pager::pageReady, this, [values](const FeedPage &p) {
        for (const QJsonValue &v : p.items)
            values->append(v);
    });
    QSignalSpy finished(pager.get(), &Pager::finished);
    pager->fetchNext();
    QVERIFY(finished.wait());
    QCOMPARE(*values, QJsonArray{42});
}

QTEST_GUILESS_MAIN(tst_ClientScripts)
#include "tst_client_scripts.moc"
