// How many connections the client opens to an account: Qt opens at most 6 per host and
// network manager, so CosmosClient::setConnectionLimit spreads requests over more managers.
// Checked with a loopback listener that accepts connections and never answers, counting
// the connections that requests in flight open.

#include <cosmosclient.h>

#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

using namespace Cosmos;

class tst_ClientConnections : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultIsSixConnections();
    void limitOpensAsManyConnections_data();
    void limitOpensAsManyConnections();
};

/// Opens a client on a silent listener, sends `requests` reads at once, and returns how many
/// connections the listener accepted once they are all waiting.
static int connectionsFor(int limit, int requests)
{
    QTcpServer silent;
    if (!silent.listen(QHostAddress::LocalHost))
        return -1;
    QList<QTcpSocket *> accepted;
    QObject::connect(&silent, &QTcpServer::newConnection, &silent, [&] {
        while (QTcpSocket *s = silent.nextPendingConnection())
            accepted.append(s); // owned by the server; never answered
    });
    CosmosError error;
    const ConnectionInfo info = ConnectionInfo::fromEndpointAndKey(
        QStringLiteral("http://127.0.0.1:%1/").arg(silent.serverPort()),
        QStringLiteral("C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="),
        &error);
    CosmosClient client(info);
    if (limit > 0)
        client.setConnectionLimit(limit);
    QObject context;
    for (int i = 0; i < requests; ++i) {
        client.read(ResourcePath::database(QStringLiteral("db%1").arg(i)), {}, &context,
                    [](const CosmosResponse &) {});
    }
    // Wait until no new connection arrives for a while.
    int seen = -1;
    QElapsedTimer quiet;
    quiet.start();
    while (quiet.elapsed() < 500) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (accepted.size() != seen) {
            seen = int(accepted.size());
            quiet.restart();
        }
    }
    return int(accepted.size());
}

void tst_ClientConnections::defaultIsSixConnections()
{
    QCOMPARE(connectionsFor(0, 16), 6);
}

void tst_ClientConnections::limitOpensAsManyConnections_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("requests");
    QTest::addColumn<int>("expected");
    QTest::newRow("16 of 16") << 16 << 16 << 16;
    QTest::newRow("32 of 32") << 32 << 32 << 32;
    QTest::newRow("limit 12, 30 requests") << 12 << 30 << 12;
    QTest::newRow("fewer requests than the limit") << 32 << 10 << 10;
}

void tst_ClientConnections::limitOpensAsManyConnections()
{
    QFETCH(int, limit);
    QFETCH(int, requests);
    QFETCH(int, expected);
    QCOMPARE(connectionsFor(limit, requests), expected);
}

QTEST_GUILESS_MAIN(tst_ClientConnections)
#include "tst_client_connections.moc"
