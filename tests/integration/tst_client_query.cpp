#include "integrationsupport.h"

using namespace Cosmos;
using namespace Support;

class tst_ClientQuery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void parameters();
    void partitionScoped();
    void pagingWithPageSize();
    void metricsHeader();
    void badQueryIsServiceError();

private:
    Drained run(const QuerySpec &spec, const RequestOptions &options = {})
    {
        std::unique_ptr<Pager> pager(m_client->query(m_container.feed(ResourceKind::Item), spec, options, nullptr));
        return drain(pager.get());
    }
    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
    const ResourcePath m_container = ResourcePath::container(QStringLiteral("qdb"), QStringLiteral("q"));
};

void tst_ClientQuery::initTestCase()
{
    START_GATEWAY(m_gateway, GatewayProcess::Options{});
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    QVERIFY(createContainer(m_client.get(), QStringLiteral("qdb"), QStringLiteral("q"), QStringLiteral("/cat")));
    auto pending = std::make_shared<int>(0);
    for (int i = 0; i < 30; ++i) {
        ++*pending;
        m_client->writeItem(CosmosClient::ItemWrite::Create, m_container,
                            QJsonObject{{"id", QStringLiteral("i%1").arg(i, 2, 10, QLatin1Char('0'))},
                                        {"cat", i % 3 == 0 ? "a" : "b"}, {"n", i}},
                            {}, nullptr, [pending](const CosmosResponse &r) {
                                QVERIFY(r.ok());
                                --*pending;
                            });
    }
    QVERIFY(QTest::qWaitFor([pending] { return *pending == 0; }, WaitMs));
}

void tst_ClientQuery::parameters()
{
    const Drained d = run(QuerySpec{QStringLiteral("SELECT * FROM c WHERE c.n >= @min AND c.cat = @cat"),
                                    {{"@min", 20}, {"@cat", "b"}}});
    QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
    QCOMPARE(d.items.size(), 7); // 20..29 without 21, 24, 27
    for (const QJsonObject &o : d.items)
        QCOMPARE(o.value("cat").toString(), QStringLiteral("b"));
}

void tst_ClientQuery::partitionScoped()
{
    RequestOptions o;
    o.partitionKey = PartitionKey::fromValue(QStringLiteral("a"));
    const Drained d = run(QuerySpec{QStringLiteral("SELECT * FROM c"), {}}, o);
    QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
    QCOMPARE(d.items.size(), 10);
}

void tst_ClientQuery::pagingWithPageSize()
{
    RequestOptions o;
    o.maxItemCount = 7;
    const Drained d = run(QuerySpec{QStringLiteral("SELECT c.id FROM c"), {}}, o);
    QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
    QCOMPARE(d.items.size(), 30);
    QCOMPARE(d.pages, 5);
    for (int size : d.pageSizes)
        QVERIFY(size <= 7);
    QStringList ids = d.ids();
    ids.removeDuplicates();
    QCOMPARE(ids.size(), 30);
}

void tst_ClientQuery::metricsHeader()
{
    RequestOptions o;
    o.populateQueryMetrics = true;
    const Drained d = run(QuerySpec{QStringLiteral("SELECT * FROM c WHERE c.n = 1"), {}}, o);
    QVERIFY(!d.error.isError());
    QCOMPARE(d.items.size(), 1);
    QVERIFY(!d.queryMetrics.isEmpty());
    QVERIFY(d.queryMetrics.first().contains(QStringLiteral("retrievedDocumentCount=")));
}

void tst_ClientQuery::badQueryIsServiceError()
{
    const Drained d = run(QuerySpec{QStringLiteral("SELEC nonsense"), {}});
    QCOMPARE(d.error.kind, CosmosError::Kind::Service);
    QCOMPARE(d.error.status, 400);
}

QTEST_GUILESS_MAIN(tst_ClientQuery)
#include "tst_client_query.moc"
