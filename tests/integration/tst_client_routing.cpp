#include "integrationsupport.h"

#include <changefeed.h>
#include <partitionkeyrangecache.h>

#include <QTcpSocket>

#include <algorithm>
#include <functional>

using namespace Cosmos;
using namespace Support;

// Partition splits during drains, region outages and a moved write region, consistency and
// session headers: the client against the loopback gateway's test routes (tests/gateway:
// ranges.js, regions.js). Every drain checks that each item arrives exactly once.
class tst_ClientRouting : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rangeCacheRefreshesIncrementally();
    void orderByQuerySurvivesSplit();
    void changeFeedSurvivesSplit();
    void readFeedByRangeSurvivesSplit();
    void readsFailOverWhenRegionRefuses();
    void drainSurvivesRegionOutage();
    void writeFollowsMovedWriteRegion();
    void consistencyLevelIsChecked();
    void headersOfConsistencySessionAndStaleness();
    void cliOptions();

private:
    bool fill(CosmosClient *client, const QString &coll, int count);
    int split(const QString &coll, const QString &range, int subStatus = 1002);
    int regions(const QJsonObject &body);
    CosmosError drainPaged(Pager *pager, const std::function<void(const FeedPage &, int)> &onPage);
    CosmosResponse readItem(CosmosClient *client, const QString &coll, const QString &id,
                            const RequestOptions &options = {});

    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
    static constexpr int ItemCount = 120;
};

void tst_ClientRouting::initTestCase()
{
    GatewayProcess::Options options;
    options.extraArguments = {QStringLiteral("--regions"), QStringLiteral("East US,West US")};
    START_GATEWAY(m_gateway, options);
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
}

// Items i000…: partition keys p0…p22 (spread over the ranges), n unique and shuffled.
bool tst_ClientRouting::fill(CosmosClient *client, const QString &coll, int count)
{
    if (!createContainer(client, QStringLiteral("rt"), coll, QStringLiteral("/pk")))
        return false;
    for (int i = 0; i < count; ++i) {
        const QJsonObject item{{"id", QStringLiteral("i%1").arg(i, 3, 10, QLatin1Char('0'))},
                               {"pk", QStringLiteral("p%1").arg(i % 23)},
                               {"n", (i * 37) % count}};
        const CosmosResponse r = await([&](ResponseCallback cb) {
            client->writeItem(CosmosClient::ItemWrite::Create,
                              ResourcePath::container(QStringLiteral("rt"), coll), item, {},
                              nullptr, cb);
        });
        if (!r.ok())
            return false;
    }
    return true;
}

int tst_ClientRouting::split(const QString &coll, const QString &range, int subStatus)
{
    return rawRequest(m_gateway, "POST", QStringLiteral("/_test/dbs/rt/colls/%1/split").arg(coll),
                      QStringLiteral("split"), QStringLiteral("dbs/rt/colls/%1").arg(coll),
                      QJsonObject{{"range", range}, {"subStatus", subStatus}});
}

int tst_ClientRouting::regions(const QJsonObject &body)
{
    return rawRequest(m_gateway, "POST", QStringLiteral("/_test/regions"),
                      QStringLiteral("regions"), QString(), body);
}

// Drains `pager` page by page, calling `onPage` with each page and its number (1, 2, …);
// returns the pager's error, or a timeout.
CosmosError tst_ClientRouting::drainPaged(Pager *pager,
                                          const std::function<void(const FeedPage &, int)> &onPage)
{
    QObject guard;
    CosmosError error;
    bool finished = false;
    int pages = 0;
    connect(pager, &Pager::pageReady, &guard, [&](const FeedPage &page) {
        onPage(page, ++pages);
        if (pager->hasMore())
            pager->fetchNext();
    });
    connect(pager, &Pager::finished, &guard, [&] { finished = true; });
    connect(pager, &Pager::failed, &guard, [&](const CosmosError &e) { error = e; });
    pager->fetchNext();
    if (!QTest::qWaitFor([&] { return finished || error.isError(); }, WaitMs))
        error = CosmosError::invalidInput(QStringLiteral("the drain did not finish"));
    return error;
}

CosmosResponse tst_ClientRouting::readItem(CosmosClient *client, const QString &coll,
                                           const QString &id, const RequestOptions &options)
{
    RequestOptions o = options;
    const int i = id.mid(1).toInt();
    o.partitionKey = PartitionKey(QJsonArray{QStringLiteral("p%1").arg(i % 23)});
    return await([&](ResponseCallback cb) {
        client->read(ResourcePath::container(QStringLiteral("rt"), coll)
                         .child(ResourceKind::Item, id),
                     o, nullptr, cb);
    });
}

void tst_ClientRouting::rangeCacheRefreshesIncrementally()
{
    QVERIFY(fill(m_client.get(), QStringLiteral("cache"), 10));
    const ResourcePath container
        = ResourcePath::container(QStringLiteral("rt"), QStringLiteral("cache"));
    auto *cache = Routing::PartitionKeyRangeCache::of(m_client.get());
    QList<Routing::PartitionKeyRange> ranges;
    int statusOfLast = -1;
    QObject guard;
    connect(m_client.get(), &CosmosClient::requestRecorded, &guard,
            [&](const RequestRecord &r) { statusOfLast = r.status; });
    bool done = false;
    const auto collect = [&](const QList<Routing::PartitionKeyRange> &r, const CosmosError &e,
                             double) {
        QVERIFY2(!e.isError(), qPrintable(e.toString()));
        ranges = r;
        done = true;
    };
    cache->ranges(container, &guard, collect);
    QTRY_VERIFY_WITH_TIMEOUT(done, WaitMs);
    QCOMPARE(ranges.size(), 3);
    done = false;
    cache->refresh(container, &guard, collect);
    QTRY_VERIFY_WITH_TIMEOUT(done, WaitMs);
    QCOMPARE(statusOfLast, 304); // nothing changed: If-None-Match answered "not modified"
    QCOMPARE(ranges.size(), 3);
    QCOMPARE(split(QStringLiteral("cache"), QStringLiteral("1")), 200);
    done = false;
    cache->replacementsFor(container, ranges.at(1), &guard, collect);
    QTRY_VERIFY_WITH_TIMEOUT(done, WaitMs);
    QCOMPARE(ranges.size(), 2);
    QCOMPARE(ranges.at(0).minInclusive, QStringLiteral("55"));
    QCOMPARE(ranges.at(1).maxExclusive, QStringLiteral("AA"));
    QCOMPARE(ranges.at(0).parents, QStringList{QStringLiteral("1")});
    done = false;
    cache->ranges(container, &guard, collect);
    QTRY_VERIFY_WITH_TIMEOUT(done, WaitMs);
    QCOMPARE(ranges.size(), 4); // the parent is gone from the cache
}

void tst_ClientRouting::orderByQuerySurvivesSplit()
{
    QVERIFY(fill(m_client.get(), QStringLiteral("q"), ItemCount));
    int gone = 0;
    QObject guard;
    connect(m_client.get(), &CosmosClient::requestRecorded, &guard,
            [&](const RequestRecord &r) { gone += r.status == 410 ? 1 : 0; });
    RequestOptions options;
    options.maxItemCount = 9;
    std::unique_ptr<Pager> pager(m_client->query(
        ResourcePath::container(QStringLiteral("rt"), QStringLiteral("q")).feed(ResourceKind::Item),
        QuerySpec{QStringLiteral("SELECT c.id, c.n FROM c ORDER BY c.n"), {}}, options, nullptr));
    QList<int> seen;
    int splits = 0;
    const CosmosError error = drainPaged(pager.get(), [&](const FeedPage &page, int n) {
        for (const QJsonValue &v : page.items)
            seen << v.toObject().value("n").toInt();
        if (n == 2) { // mid-drain: one split answers 1002, the other 1007
            splits += split(QStringLiteral("q"), QStringLiteral("1"), 1002) == 200;
            splits += split(QStringLiteral("q"), QStringLiteral("0"), 1007) == 200;
        }
    });
    QCOMPARE(splits, 2);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QVERIFY(gone >= 2); // both parents were asked for and answered 410
    QList<int> expected;
    for (int i = 0; i < ItemCount; ++i)
        expected << i;
    QCOMPARE(seen, expected); // in order, each once
}

void tst_ClientRouting::changeFeedSurvivesSplit()
{
    QVERIFY(fill(m_client.get(), QStringLiteral("cf"), ItemCount));
    int gone = 0;
    QObject guard;
    connect(m_client.get(), &CosmosClient::requestRecorded, &guard,
            [&](const RequestRecord &r) { gone += r.status == 410 ? 1 : 0; });
    const ResourcePath container
        = ResourcePath::container(QStringLiteral("rt"), QStringLiteral("cf"));
    ChangeFeedOptions options;
    options.byRange = true;
    options.maxItemCount = 7;
    auto reader = std::make_unique<ChangeFeedReader>(m_client.get(), container, options);
    QStringList ids;
    bool caughtUp = false;
    CosmosError error;
    int pages = 0;
    const auto follow = [&](ChangeFeedReader *r) {
        connect(r, &ChangeFeedReader::changesReady, &guard, [&, r](const FeedPage &page) {
            for (const QJsonValue &v : page.items)
                ids << v.toObject().value("id").toString();
            if (++pages == 3) {
                QCOMPARE(split(QStringLiteral("cf"), QStringLiteral("2"), 1007), 200);
                QCOMPARE(split(QStringLiteral("cf"), QStringLiteral("0"), 1002), 200);
            }
            if (r->hasMore())
                r->fetchNext();
            else
                caughtUp = true;
        });
        connect(r, &ChangeFeedReader::failed, &guard, [&](const CosmosError &e) { error = e; });
    };
    follow(reader.get());
    reader->fetchNext();
    QTRY_VERIFY_WITH_TIMEOUT(caughtUp || error.isError(), WaitMs);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QVERIFY(gone >= 1);
    QStringList sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    QStringList expected;
    for (int i = 0; i < ItemCount; ++i)
        expected << QStringLiteral("i%1").arg(i, 3, 10, QLatin1Char('0'));
    QCOMPARE(sorted, expected);

    // Resumed from the saved continuation (ranges with their etags) after one more split:
    // only what was written since.
    const QString saved = reader->continuation();
    QVERIFY(saved.startsWith(QLatin1Char('{')));
    QCOMPARE(split(QStringLiteral("cf"), QStringLiteral("1"), 1002), 200);
    for (int i : {3, 50, 77}) {
        const QJsonObject item{{"id", QStringLiteral("i%1").arg(i, 3, 10, QLatin1Char('0'))},
                               {"pk", QStringLiteral("p%1").arg(i % 23)}, {"n", -i}};
        const CosmosResponse r = await([&](ResponseCallback cb) {
            m_client->writeItem(CosmosClient::ItemWrite::Upsert, container, item, {}, nullptr, cb);
        });
        QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    }
    ChangeFeedOptions resume;
    resume.start = ChangeFeedOptions::Start::Continuation;
    resume.continuation = saved;
    auto again = std::make_unique<ChangeFeedReader>(m_client.get(), container, resume);
    ids.clear();
    caughtUp = false;
    pages = 100; // no more splits from the handler
    follow(again.get());
    again->fetchNext();
    QTRY_VERIFY_WITH_TIMEOUT(caughtUp || error.isError(), WaitMs);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    ids.sort();
    QCOMPARE(ids, (QStringList{"i003", "i050", "i077"}));
}

void tst_ClientRouting::readFeedByRangeSurvivesSplit()
{
    QVERIFY(fill(m_client.get(), QStringLiteral("rf"), ItemCount));
    int gone = 0;
    QObject guard;
    connect(m_client.get(), &CosmosClient::requestRecorded, &guard,
            [&](const RequestRecord &r) { gone += r.status == 410 ? 1 : 0; });
    RequestOptions options;
    options.maxItemCount = 8;
    std::unique_ptr<Pager> pager(m_client->listItemsByRange(
        ResourcePath::container(QStringLiteral("rt"), QStringLiteral("rf")), options, nullptr));
    QStringList ids;
    int splits = 0;
    const CosmosError error = drainPaged(pager.get(), [&](const FeedPage &page, int n) {
        for (const QJsonValue &v : page.items)
            ids << v.toObject().value("id").toString();
        if (n == 2) { // range 0 is being read: it splits under the drain, so does 2
            splits += split(QStringLiteral("rf"), QStringLiteral("0"), 1002) == 200;
            splits += split(QStringLiteral("rf"), QStringLiteral("2"), 1007) == 200;
        }
    });
    QCOMPARE(splits, 2);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QVERIFY(gone >= 2);
    QCOMPARE(ids.size(), ItemCount);
    ids.removeDuplicates();
    QCOMPARE(ids.size(), ItemCount);

    // the same through the CLI, after the splits
    const CliRun run = runCli(cliConnection(m_gateway.url())
                              + QStringList{"item", "list", "rt", "rf", "--by-range"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.out.count('\n'), ItemCount);
}

void tst_ClientRouting::readsFailOverWhenRegionRefuses()
{
    QVERIFY(fill(m_client.get(), QStringLiteral("reg"), 5));
    ConnectionInfo info = m_gateway.connection();
    info.preferredRegions = {QStringLiteral("West US"), QStringLiteral("East US")};
    CosmosClient client(info);
    CosmosResponse r = readItem(&client, QStringLiteral("reg"), QStringLiteral("i001"));
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.region, QStringLiteral("West US")); // discovered before the first request
    QCOMPARE(client.locations().readableRegions(),
             (QStringList{QStringLiteral("East US"), QStringLiteral("West US")}));

    QCOMPARE(regions({{"down", "West US"}, {"mode", "refuse"}}), 200);
    r = readItem(&client, QStringLiteral("reg"), QStringLiteral("i002"));
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.region, QStringLiteral("East US"));
    QCOMPARE(regions({{"up", "West US"}}), 200);

    CosmosClient other(info); // a fresh client prefers West again, which now answers 503
    QCOMPARE(regions({{"down", "West US"}, {"mode", "503"}}), 200);
    r = readItem(&other, QStringLiteral("reg"), QStringLiteral("i003"));
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.region, QStringLiteral("East US"));
    QCOMPARE(regions({{"up", "West US"}}), 200);
}

void tst_ClientRouting::drainSurvivesRegionOutage()
{
    QVERIFY(fill(m_client.get(), QStringLiteral("out"), ItemCount));
    ConnectionInfo info = m_gateway.connection();
    info.preferredRegions = {QStringLiteral("West US")};
    CosmosClient client(info);
    RequestOptions options;
    options.maxItemCount = 11;
    std::unique_ptr<Pager> pager(client.list(
        ResourcePath::container(QStringLiteral("rt"), QStringLiteral("out"))
            .feed(ResourceKind::Item),
        options, nullptr));
    QStringList ids;
    QStringList regionsSeen;
    int outage = 0;
    const CosmosError error = drainPaged(pager.get(), [&](const FeedPage &page, int n) {
        for (const QJsonValue &v : page.items)
            ids << v.toObject().value("id").toString();
        regionsSeen << page.region;
        if (n == 3)
            outage = regions({{"down", "West US"}, {"mode", "refuse"}});
    });
    QCOMPARE(regions({{"up", "West US"}}), 200);
    QCOMPARE(outage, 200);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(regionsSeen.first(), QStringLiteral("West US"));
    QCOMPARE(regionsSeen.last(), QStringLiteral("East US"));
    QCOMPARE(ids.size(), ItemCount);
    ids.removeDuplicates();
    QCOMPARE(ids.size(), ItemCount);
}

void tst_ClientRouting::writeFollowsMovedWriteRegion()
{
    QVERIFY(fill(m_client.get(), QStringLiteral("w"), 2));
    CosmosClient client(m_gateway.connection());
    const CosmosResponse account = await([&](ResponseCallback cb) {
        client.readAccount(nullptr, cb);
    });
    QVERIFY(account.ok());
    QCOMPARE(client.locations().writeRegion(), QStringLiteral("East US"));
    QCOMPARE(regions({{"write", "West US"}}), 200);
    int forbidden = 0;
    QObject guard;
    connect(&client, &CosmosClient::requestRecorded, &guard, [&](const RequestRecord &r) {
        forbidden += r.status == 403 && r.substatus == 3 ? 1 : 0;
    });
    const ResourcePath container
        = ResourcePath::container(QStringLiteral("rt"), QStringLiteral("w"));
    const CosmosResponse created = await([&](ResponseCallback cb) {
        client.writeItem(CosmosClient::ItemWrite::Create, container,
                         QJsonObject{{"id", "moved"}, {"pk", "p1"}}, {}, nullptr, cb);
    });
    QCOMPARE(regions({{"write", "East US"}}), 200);
    QVERIFY2(created.ok(), qPrintable(created.error.toString()));
    QCOMPARE(created.status, 201);
    QCOMPARE(created.region, QStringLiteral("West US"));
    QCOMPARE(forbidden, 1); // met once at the old write region, then retried at the new one
    QCOMPARE(client.locations().writeRegion(), QStringLiteral("West US"));
    RequestOptions read;
    read.partitionKey = PartitionKey(QJsonArray{"p1"});
    const CosmosResponse back = await([&](ResponseCallback cb) {
        m_client->read(container.child(ResourceKind::Item, QStringLiteral("moved")), read,
                       nullptr, cb);
    });
    QCOMPARE(back.status, 200); // written once
}

void tst_ClientRouting::consistencyLevelIsChecked()
{
    QVERIFY(fill(m_client.get(), QStringLiteral("cons"), 2));
    for (const QString &level : {QStringLiteral("Eventual"), QStringLiteral("ConsistentPrefix"),
                                 QStringLiteral("Session")}) {
        ConnectionInfo info = m_gateway.connection();
        info.consistencyLevel = level;
        CosmosClient client(info);
        const CosmosResponse r = readItem(&client, QStringLiteral("cons"), QStringLiteral("i001"));
        QVERIFY2(r.ok(), qPrintable(level + r.error.toString()));
    }
    ConnectionInfo info = m_gateway.connection();
    info.consistencyLevel = QStringLiteral("Strong");
    CosmosClient strong(info);
    const CosmosResponse r = readItem(&strong, QStringLiteral("cons"), QStringLiteral("i001"));
    QCOMPARE(r.error.status, 400);
    QVERIFY2(r.error.message.contains(QLatin1String("stronger than the service consistency level")),
             qPrintable(r.error.message));
    RequestOptions bad;
    bad.sessionToken = QStringLiteral("not a token");
    QCOMPARE(readItem(m_client.get(), QStringLiteral("cons"), QStringLiteral("i001"), bad)
                 .error.status,
             400); // the per-request token is the one sent
}

// What goes on the wire, seen by a bare socket: the connection's consistency level on every
// request, the per-request session token and x-ms-dedicatedgateway-max-age.
void tst_ClientRouting::headersOfConsistencySessionAndStaleness()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QByteArray seen;
    connect(&server, &QTcpServer::newConnection, &server, [&] {
        QTcpSocket *s = server.nextPendingConnection();
        connect(s, &QTcpSocket::readyRead, s, [&seen, s] {
            seen += s->readAll();
            if (seen.contains("\r\n\r\n"))
                s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         "Content-Length: 2\r\n\r\n{}");
        });
    });
    CosmosError error;
    ConnectionInfo info = ConnectionInfo::fromEndpointAndKey(
        QStringLiteral("http://127.0.0.1:%1/").arg(server.serverPort()),
        ConnectionInfo::emulatorKey(), &error);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    info.consistencyLevel = QStringLiteral("Eventual");
    CosmosClient client(info);
    RequestOptions options;
    options.sessionToken = QStringLiteral("0:-1#42");
    options.maxIntegratedCacheStalenessMs = 2500;
    options.partitionKey = PartitionKey(QJsonArray{"a"});
    const CosmosResponse r = await([&](ResponseCallback cb) {
        client.read(ResourcePath::container(QStringLiteral("d"), QStringLiteral("c"))
                        .child(ResourceKind::Item, QStringLiteral("x")),
                    options, nullptr, cb);
    });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    const QByteArray head = seen.toLower();
    QVERIFY2(head.contains("x-ms-consistency-level: eventual\r\n"), head.constData());
    QVERIFY2(head.contains("x-ms-session-token: 0:-1#42\r\n"), head.constData());
    QVERIFY2(head.contains("x-ms-dedicatedgateway-max-age: 2500\r\n"), head.constData());
}

// --preferred-regions, --consistency, --session-token, --max-integrated-cache-staleness and
// changefeed --by-range through cosmoscope-cli.
void tst_ClientRouting::cliOptions()
{
    QVERIFY(fill(m_client.get(), QStringLiteral("cli"), 30));
    const QStringList connection = cliConnection(m_gateway.url());
    CliRun run = runCli(connection
                        + QStringList{"--preferred-regions", "West US,East US", "--verbose",
                                      "--consistency", "eventual", "--session-token", "0:-1#1",
                                      "--max-integrated-cache-staleness", "1000", "item", "get",
                                      "rt", "cli", "i004", "--pk", "\"p4\""});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(QJsonDocument::fromJson(run.out).object().value("id") == QJsonValue("i004"),
             run.out.constData());
    QVERIFY2(run.err.contains("region: West US"), run.err.constData());

    run = runCli(connection + QStringList{"--consistency", "Strong", "item", "get", "rt", "cli",
                                          "i004", "--pk", "\"p4\""});
    QCOMPARE(run.exitCode, 2); // the service refuses a level stronger than the account's
    QVERIFY2(run.err.contains("stronger than the service consistency level"), run.err.constData());
    run = runCli(connection + QStringList{"--consistency", "Sometimes", "account"});
    QCOMPARE(run.exitCode, 1);
    run = runCli(connection + QStringList{"--session-token", "bogus", "query", "rt", "cli",
                                          "SELECT * FROM c"});
    QCOMPARE(run.exitCode, 2); // the token given is the one sent: the gateway refuses its shape

    // change feed by range across a split: every item once, then resumable
    run = runCli(connection + QStringList{"changefeed", "rt", "cli", "--by-range"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.out.count('\n'), 30);
    const int at = run.err.indexOf("continuation: ");
    QVERIFY(at >= 0);
    const QByteArray token = run.err.mid(at + 14).split('\n').first();
    QVERIFY2(token.startsWith("{"), token.constData());
    QCOMPARE(split(QStringLiteral("cli"), QStringLiteral("2")), 200);
    const QJsonObject item{{"id", "i005"}, {"pk", "p5"}, {"n", 99}};
    const CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->writeItem(CosmosClient::ItemWrite::Upsert,
                            ResourcePath::container(QStringLiteral("rt"), QStringLiteral("cli")),
                            item, {}, nullptr, cb);
    });
    QVERIFY(r.ok());
    run = runCli(connection + QStringList{"changefeed", "rt", "cli", "--continuation",
                                          QString::fromUtf8(token)});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.out.count('\n'), 1);
    QVERIFY2(run.out.contains("\"id\":\"i005\""), run.out.constData());
}

QTEST_GUILESS_MAIN(tst_ClientRouting)
#include "tst_client_routing.moc"
