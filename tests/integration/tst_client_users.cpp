#include "integrationsupport.h"

using namespace Cosmos;
using namespace Support;

class tst_ClientUsers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void usersCrudUpsertQuery();
    void permissionsCrudUpsertQuery();
    void resourceTokenClient();

private:
    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
    const ResourcePath m_db = ResourcePath::database(QStringLiteral("udb"));
};

void tst_ClientUsers::initTestCase()
{
    START_GATEWAY(m_gateway, GatewayProcess::Options{});
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    QVERIFY(createContainer(m_client.get(), QStringLiteral("udb"), QStringLiteral("open"), QStringLiteral("/pk")));
    QVERIFY(createContainer(m_client.get(), QStringLiteral("udb"), QStringLiteral("secret"), QStringLiteral("/pk")));
    const CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->writeItem(CosmosClient::ItemWrite::Create,
                            m_db.child(ResourceKind::Container, QStringLiteral("open")),
                            object(R"({"id":"doc","pk":"p"})"), {}, nullptr, cb);
    });
    QVERIFY(r.ok());
}

void tst_ClientUsers::usersCrudUpsertQuery()
{
    const ResourcePath users = m_db.feed(ResourceKind::User);
    CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->create(users, QJsonObject{{"id", "alice"}}, {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    r = await([&](ResponseCallback cb) { m_client->upsert(users, QJsonObject{{"id", "bob"}}, {}, nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    r = await([&](ResponseCallback cb) { m_client->upsert(users, QJsonObject{{"id", "bob"}}, {}, nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    r = await([&](ResponseCallback cb) {
        m_client->read(m_db.child(ResourceKind::User, QStringLiteral("alice")), {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));

    std::unique_ptr<Pager> list(m_client->list(users, {}, nullptr));
    QStringList ids = drain(list.get()).ids();
    ids.sort();
    QCOMPARE(ids, (QStringList{"alice", "bob"}));
    std::unique_ptr<Pager> query(m_client->query(
        users, QuerySpec{QStringLiteral("SELECT * FROM u WHERE u.id = 'bob'"), {}}, {}, nullptr));
    QCOMPARE(drain(query.get()).ids(), QStringList{QStringLiteral("bob")});

    // replace_user renames.
    r = await([&](ResponseCallback cb) {
        m_client->replace(m_db.child(ResourceKind::User, QStringLiteral("bob")), QJsonObject{{"id", "robert"}},
                          {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.object().value("id").toString(), QStringLiteral("robert"));
    r = await([&](ResponseCallback cb) {
        m_client->remove(m_db.child(ResourceKind::User, QStringLiteral("robert")), {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    r = await([&](ResponseCallback cb) {
        m_client->read(m_db.child(ResourceKind::User, QStringLiteral("robert")), {}, nullptr, cb);
    });
    QCOMPARE(r.error.status, 404);
}

void tst_ClientUsers::permissionsCrudUpsertQuery()
{
    const ResourcePath user = m_db.child(ResourceKind::User, QStringLiteral("carol"));
    CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->create(m_db.feed(ResourceKind::User), QJsonObject{{"id", "carol"}}, {}, nullptr, cb);
    });
    QVERIFY(r.ok());
    const ResourcePath perms = user.feed(ResourceKind::Permission);
    QJsonObject body{{"id", "p1"}, {"permissionMode", "Read"}, {"resource", "dbs/udb/colls/open"}};
    r = await([&](ResponseCallback cb) { m_client->create(perms, body, {}, nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QVERIFY(r.object().value("_token").toString().startsWith(QStringLiteral("type=resource")));
    body.insert("permissionMode", "All");
    r = await([&](ResponseCallback cb) { m_client->upsert(perms, body, {}, nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.object().value("permissionMode").toString(), QStringLiteral("All"));
    body.insert("permissionMode", "Read");
    r = await([&](ResponseCallback cb) {
        m_client->replace(user.child(ResourceKind::Permission, QStringLiteral("p1")), body, {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    r = await([&](ResponseCallback cb) {
        m_client->read(user.child(ResourceKind::Permission, QStringLiteral("p1")), {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.object().value("permissionMode").toString(), QStringLiteral("Read"));
    std::unique_ptr<Pager> list(m_client->list(perms, {}, nullptr));
    QCOMPARE(drain(list.get()).ids(), QStringList{QStringLiteral("p1")});
    std::unique_ptr<Pager> query(m_client->query(
        perms, QuerySpec{QStringLiteral("SELECT * FROM p WHERE p.permissionMode = 'Read'"), {}}, {}, nullptr));
    QCOMPARE(drain(query.get()).ids(), QStringList{QStringLiteral("p1")});
    r = await([&](ResponseCallback cb) {
        m_client->remove(user.child(ResourceKind::Permission, QStringLiteral("p1")), {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
}

void tst_ClientUsers::resourceTokenClient()
{
    const ResourcePath user = m_db.child(ResourceKind::User, QStringLiteral("dave"));
    CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->create(m_db.feed(ResourceKind::User), QJsonObject{{"id", "dave"}}, {}, nullptr, cb);
    });
    QVERIFY(r.ok());
    r = await([&](ResponseCallback cb) {
        m_client->create(user.feed(ResourceKind::Permission),
                         QJsonObject{{"id", "read-open"}, {"permissionMode", "Read"},
                                     {"resource", "dbs/udb/colls/open"}},
                         {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    const QString token = r.object().value("_token").toString();

    CosmosError error;
    ConnectionInfo info = ConnectionInfo::fromResourceToken(m_gateway.url().toString(),
                                                            QStringLiteral("dbs/udb/colls/open"), token, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    info.caCertificateFile = GatewayProcess::caFile();
    CosmosClient limited(info);
    RequestOptions o;
    o.partitionKey = PartitionKey::fromValue(QStringLiteral("p"));
    r = await([&](ResponseCallback cb) {
        limited.read(ResourcePath::container("udb", "open").child(ResourceKind::Item, "doc"), o, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    std::unique_ptr<Pager> pager(limited.query(ResourcePath::container("udb", "open").feed(ResourceKind::Item),
                                               QuerySpec{QStringLiteral("SELECT * FROM c"), {}}, {}, nullptr));
    QCOMPARE(drain(pager.get()).ids(), QStringList{QStringLiteral("doc")});
    // Elsewhere: 403.
    r = await([&](ResponseCallback cb) {
        limited.read(ResourcePath::container("udb", "secret"), {}, nullptr, cb);
    });
    QCOMPARE(r.error.kind, CosmosError::Kind::Service);
    QCOMPARE(r.error.status, 403);
    // Read permission: writes are refused.
    r = await([&](ResponseCallback cb) {
        limited.writeItem(CosmosClient::ItemWrite::Create, ResourcePath::container("udb", "open"),
                          object(R"({"id":"new","pk":"p"})"), {}, nullptr, cb);
    });
    QCOMPARE(r.error.status, 403);
}

QTEST_GUILESS_MAIN(tst_ClientUsers)
#include "tst_client_users.moc"
