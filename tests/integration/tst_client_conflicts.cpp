#include "integrationsupport.h"

using namespace Cosmos;
using namespace Support;

class tst_ClientConflicts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void listQueryReadDelete();

private:
    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
    const ResourcePath m_container = ResourcePath::container(QStringLiteral("kdb"), QStringLiteral("k"));
};

void tst_ClientConflicts::initTestCase()
{
    START_GATEWAY(m_gateway, GatewayProcess::Options{});
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    QVERIFY(createContainer(m_client.get(), QStringLiteral("kdb"), QStringLiteral("k"), QStringLiteral("/pk")));
    // Conflicts only arise with multi-region writes: seed them through the gateway's test route.
    for (const char *id : {"conflict-1", "conflict-2"}) {
        QByteArray body;
        const int status = rawRequest(
            m_gateway, "POST", QStringLiteral("/_test/dbs/kdb/colls/k/conflicts"), QStringLiteral("conflicts"),
            QStringLiteral("dbs/kdb/colls/k"),
            QJsonObject{{"id", id}, {"operationType", "Replace"},
                        {"content", QJsonObject{{"id", "item-1"}, {"pk", "p"}}}},
            &body);
        QVERIFY2(status == 201 || status == 200, body.constData());
    }
}

void tst_ClientConflicts::listQueryReadDelete()
{
    std::unique_ptr<Pager> list(m_client->list(m_container.feed(ResourceKind::Conflict), {}, nullptr));
    Drained d = drain(list.get());
    QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
    QStringList ids = d.ids();
    ids.sort();
    QCOMPARE(ids, (QStringList{"conflict-1", "conflict-2"}));

    std::unique_ptr<Pager> query(m_client->query(
        m_container.feed(ResourceKind::Conflict),
        QuerySpec{QStringLiteral("SELECT * FROM c WHERE c.id = @id"), {{"@id", "conflict-2"}}}, {}, nullptr));
    d = drain(query.get());
    QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
    QCOMPARE(d.ids(), QStringList{QStringLiteral("conflict-2")});

    RequestOptions o;
    o.partitionKey = PartitionKey::fromValue(QStringLiteral("p"));
    const ResourcePath one = m_container.child(ResourceKind::Conflict, QStringLiteral("conflict-1"));
    CosmosResponse r = await([&](ResponseCallback cb) { m_client->read(one, o, nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.object().value("id").toString(), QStringLiteral("conflict-1"));
    r = await([&](ResponseCallback cb) { m_client->remove(one, o, nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    r = await([&](ResponseCallback cb) { m_client->read(one, o, nullptr, cb); });
    QCOMPARE(r.error.status, 404);
}

QTEST_GUILESS_MAIN(tst_ClientConflicts)
#include "tst_client_conflicts.moc"
