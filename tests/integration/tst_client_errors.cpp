#include "integrationsupport.h"

using namespace Cosmos;
using namespace Support;

class tst_ClientErrors : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void malformedConnectionString();
    void unreachableHost();
    void wrongKeyIsUnauthorized();
    void untrustedCertificate();
    void untrustedAllowedForLocalhost();
    void invalidInputIsNotSent();
    void missingContainer();
    void throttledRequestIsRetried();
    void throttlingBeyondPolicyFails();
    void transientReadErrorRetried();
    void timeout();
    void deletingContextDropsCallback();

private:
    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
};

void tst_ClientErrors::initTestCase()
{
    START_GATEWAY(m_gateway, GatewayProcess::Options{});
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    QVERIFY(createContainer(m_client.get(), "edb", "e", "/pk"));
}

void tst_ClientErrors::malformedConnectionString()
{
    CosmosError error;
    const ConnectionInfo info = ConnectionInfo::fromConnectionString(QStringLiteral("AccountEndpoint=nope"), &error);
    QCOMPARE(error.kind, CosmosError::Kind::InvalidInput);
    // A client made from it refuses every request without sending.
    CosmosClient client(info);
    QCOMPARE(client.setupError().kind, CosmosError::Kind::InvalidInput);
    const CosmosResponse r = await([&](ResponseCallback cb) { client.readAccount(nullptr, cb); });
    QCOMPARE(r.error.kind, CosmosError::Kind::InvalidInput);
    QCOMPARE(r.status, 0);
}

void tst_ClientErrors::unreachableHost()
{
    // A port that was just free: connection refused.
    CosmosError error;
    ConnectionInfo info = ConnectionInfo::fromEndpointAndKey(QStringLiteral("https://127.0.0.1:9/"),
                                                             ConnectionInfo::emulatorKey(), &error);
    CosmosClient client(info);
    CosmosResponse r = await([&](ResponseCallback cb) { client.readAccount(nullptr, cb); });
    QCOMPARE(r.error.kind, CosmosError::Kind::Connection);
    QVERIFY(r.error.message.contains(QStringLiteral("127.0.0.1:9")));
    // An unknown host name.
    info = ConnectionInfo::fromEndpointAndKey(QStringLiteral("https://no-such-host.invalid/"),
                                              ConnectionInfo::emulatorKey(), &error);
    CosmosClient unknown(info);
    r = await([&](ResponseCallback cb) { unknown.readAccount(nullptr, cb); });
    QCOMPARE(r.error.kind, CosmosError::Kind::Connection);
}

void tst_ClientErrors::wrongKeyIsUnauthorized()
{
    ConnectionInfo info = m_gateway.connection();
    info.masterKey = QByteArray("d3Jvbmcga2V5IGZvciB0aGUgdGVzdA==");
    CosmosClient client(info);
    const CosmosResponse r = await([&](ResponseCallback cb) {
        client.read(ResourcePath::database("edb"), {}, nullptr, cb);
    });
    QCOMPARE(r.error.kind, CosmosError::Kind::Service);
    QCOMPARE(r.error.status, 401);
    QVERIFY(!r.error.message.isEmpty());
}

void tst_ClientErrors::untrustedCertificate()
{
    GatewayProcess untrusted;
    GatewayProcess::Options options;
    options.untrustedCertificate = true;
    START_GATEWAY(untrusted, options);
    CosmosClient client(untrusted.connection()); // trusts only the test CA
    const CosmosResponse r = await([&](ResponseCallback cb) { client.readAccount(nullptr, cb); });
    QCOMPARE(r.error.kind, CosmosError::Kind::Tls);
    QVERIFY(r.error.message.contains(QStringLiteral("not trusted")));
}

void tst_ClientErrors::untrustedAllowedForLocalhost()
{
    GatewayProcess untrusted;
    GatewayProcess::Options options;
    options.untrustedCertificate = true;
    START_GATEWAY(untrusted, options);
    ConnectionInfo info = untrusted.connection();
    info.caCertificateFile.clear();
    info.allowUntrustedLocalhost = true;
    CosmosClient client(info);
    const CosmosResponse r = await([&](ResponseCallback cb) { client.readAccount(nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
}

void tst_ClientErrors::invalidInputIsNotSent()
{
    const ResourcePath c = ResourcePath::container("edb", "e");
    CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->create(c.feed(ResourceKind::Item), object(R"({"id":"a/b","pk":"p"})"), {}, nullptr, cb);
    });
    QCOMPARE(r.error.kind, CosmosError::Kind::InvalidInput);
    QCOMPARE(r.status, 0);
    r = await([&](ResponseCallback cb) {
        m_client->create(c.feed(ResourceKind::Item), object(R"({"pk":"p"})"), {}, nullptr, cb);
    });
    QCOMPARE(r.error.kind, CosmosError::Kind::InvalidInput);
    r = await([&](ResponseCallback cb) {
        m_client->create(ResourcePath::databases(), QJsonObject{{"id", "bad#id"}}, {}, nullptr, cb);
    });
    QCOMPARE(r.error.kind, CosmosError::Kind::InvalidInput);
    const QJsonObject big{{"id", "big"}, {"pk", "p"}, {"blob", QString(2 * 1024 * 1024, QLatin1Char('x'))}};
    r = await([&](ResponseCallback cb) {
        m_client->writeItem(CosmosClient::ItemWrite::Create, c, big, {}, nullptr, cb);
    });
    QCOMPARE(r.error.kind, CosmosError::Kind::InvalidInput);
    QVERIFY(r.error.message.contains(QStringLiteral("2 MB")));
    CosmosError error;
    parseJsonObject("{\"id\": }", &error);
    QCOMPARE(error.kind, CosmosError::Kind::InvalidInput);
}

void tst_ClientErrors::missingContainer()
{
    CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->read(ResourcePath::container("edb", "nope"), {}, nullptr, cb);
    });
    QCOMPARE(r.error.kind, CosmosError::Kind::Service);
    QCOMPARE(r.error.status, 404);
    r = await([&](ResponseCallback cb) {
        m_client->writeItem(CosmosClient::ItemWrite::Create, ResourcePath::container("edb", "nope"),
                            object(R"({"id":"x","pk":"p"})"), {}, nullptr, cb);
    });
    QCOMPARE(r.error.status, 404);
}

void tst_ClientErrors::throttledRequestIsRetried()
{
    QCOMPARE(injectFaults(m_gateway, 2, 20), 200);
    const CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->read(ResourcePath::database("edb"), {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.retries, 2);
}

void tst_ClientErrors::throttlingBeyondPolicyFails()
{
    RetryPolicy policy;
    policy.maxThrottleRetries = 1;
    m_client->setRetryPolicy(policy);
    QCOMPARE(injectFaults(m_gateway, 2, 10), 200);
    const CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->read(ResourcePath::database("edb"), {}, nullptr, cb);
    });
    m_client->setRetryPolicy(RetryPolicy());
    QCOMPARE(r.error.kind, CosmosError::Kind::Service);
    QCOMPARE(r.error.status, 429);
    QCOMPARE(r.error.subStatus, 3200);
}

void tst_ClientErrors::transientReadErrorRetried()
{
    QCOMPARE(injectFaults(m_gateway, 1, 0, 503), 200);
    CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->read(ResourcePath::database("edb"), {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    // Item writes are retried too (a lost attempt is settled by reading back)...
    QCOMPARE(injectFaults(m_gateway, 1, 0, 503), 200);
    r = await([&](ResponseCallback cb) {
        m_client->writeItem(CosmosClient::ItemWrite::Create, ResourcePath::container("edb", "e"),
                            object(R"({"id":"w","pk":"p"})"), {}, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.status, 201);
    // ...other writes are not retried blindly.
    QCOMPARE(injectFaults(m_gateway, 1, 0, 503), 200);
    r = await([&](ResponseCallback cb) {
        m_client->create(ResourcePath::databases(), object(R"({"id":"never"})"), {}, nullptr, cb);
    });
    QCOMPARE(r.error.status, 503);
}

void tst_ClientErrors::timeout()
{
    // A listening socket that never answers.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    CosmosError error;
    const ConnectionInfo info = ConnectionInfo::fromEndpointAndKey(
        QStringLiteral("http://127.0.0.1:%1/").arg(silent.serverPort()), ConnectionInfo::emulatorKey(), &error);
    CosmosClient client(info);
    client.setTransferTimeout(200);
    RetryPolicy policy;
    policy.maxTransientReadRetries = 0;
    client.setRetryPolicy(policy);
    const CosmosResponse r = await([&](ResponseCallback cb) { client.readAccount(nullptr, cb); });
    QCOMPARE(r.error.kind, CosmosError::Kind::Timeout);
}

void tst_ClientErrors::deletingContextDropsCallback()
{
    auto context = new QObject;
    auto called = std::make_shared<bool>(false);
    m_client->read(ResourcePath::database("edb"), {}, context, [called](const CosmosResponse &) { *called = true; });
    delete context;
    // Another request completes after it: the dropped one never calls back.
    const CosmosResponse r = await([&](ResponseCallback cb) { m_client->readAccount(nullptr, cb); });
    QVERIFY(r.ok());
    QVERIFY(!*called);
}

QTEST_GUILESS_MAIN(tst_ClientErrors)
#include "tst_client_errors.moc"
