#include "integrationsupport.h"

#include <changefeed.h>

using namespace Cosmos;
using namespace Support;

class tst_ClientChangeFeed : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void fromBeginning();
    void fromNowThenNewWrite();
    void partitionScoped();
    void resumeFromContinuation();

private:
    void createItem(const QString &id, const QString &pk)
    {
        const CosmosResponse r = await([&](ResponseCallback cb) {
            m_client->writeItem(CosmosClient::ItemWrite::Upsert, m_container,
                                QJsonObject{{"id", id}, {"pk", pk}}, {}, nullptr, cb);
        });
        QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    }
    /// Fetches until caught up; returns the ids reported.
    QStringList readAll(ChangeFeedReader *reader)
    {
        QStringList ids;
        QSignalSpy failed(reader, &ChangeFeedReader::failed);
        bool caughtUp = false;
        QObject guard;
        connect(reader, &ChangeFeedReader::changesReady, &guard, [&](const FeedPage &page) {
            for (const QJsonValue &v : page.items)
                ids << v.toObject().value("id").toString();
            if (reader->hasMore())
                reader->fetchNext();
            else
                caughtUp = true;
        });
        reader->fetchNext();
        if (!QTest::qWaitFor([&] { return caughtUp || failed.size() > 0; }, WaitMs))
            ids << QStringLiteral("<timeout>");
        if (failed.size())
            ids << QStringLiteral("<failed: %1>").arg(failed.first().first().value<CosmosError>().toString());
        return ids;
    }

    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
    const ResourcePath m_container = ResourcePath::container(QStringLiteral("fdb"), QStringLiteral("f"));
};

void tst_ClientChangeFeed::initTestCase()
{
    START_GATEWAY(m_gateway, GatewayProcess::Options{});
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    QVERIFY(createContainer(m_client.get(), QStringLiteral("fdb"), QStringLiteral("f"), QStringLiteral("/pk")));
    createItem(QStringLiteral("1"), QStringLiteral("a"));
    createItem(QStringLiteral("2"), QStringLiteral("b"));
    createItem(QStringLiteral("3"), QStringLiteral("a"));
}

void tst_ClientChangeFeed::fromBeginning()
{
    ChangeFeedOptions o;
    o.maxItemCount = 2;
    ChangeFeedReader reader(m_client.get(), m_container, o);
    const QStringList ids = readAll(&reader);
    QCOMPARE(ids, (QStringList{"1", "2", "3"}));
    QVERIFY(!reader.continuation().isEmpty());
    QVERIFY(reader.totalRequestCharge() > 0);
}

void tst_ClientChangeFeed::fromNowThenNewWrite()
{
    ChangeFeedOptions o;
    o.start = ChangeFeedOptions::Start::Now;
    ChangeFeedReader reader(m_client.get(), m_container, o);
    QCOMPARE(readAll(&reader), QStringList());
    createItem(QStringLiteral("4"), QStringLiteral("b"));
    // Polling again reports the new write.
    QCOMPARE(readAll(&reader), QStringList{QStringLiteral("4")});
    QCOMPARE(readAll(&reader), QStringList());
}

void tst_ClientChangeFeed::partitionScoped()
{
    ChangeFeedOptions o;
    o.partitionKey = PartitionKey::fromValue(QStringLiteral("a"));
    ChangeFeedReader reader(m_client.get(), m_container, o);
    QCOMPARE(readAll(&reader), (QStringList{"1", "3"}));
}

void tst_ClientChangeFeed::resumeFromContinuation()
{
    QString saved;
    {
        ChangeFeedReader reader(m_client.get(), m_container, {});
        QVERIFY(!readAll(&reader).isEmpty());
        saved = reader.continuation();
    }
    createItem(QStringLiteral("5"), QStringLiteral("a"));
    createItem(QStringLiteral("1"), QStringLiteral("a")); // an update is reported again
    ChangeFeedOptions o;
    o.start = ChangeFeedOptions::Start::Continuation;
    o.continuation = saved;
    ChangeFeedReader resumed(m_client.get(), m_container, o);
    QCOMPARE(readAll(&resumed), (QStringList{"5", "1"}));
}

QTEST_GUILESS_MAIN(tst_ClientChangeFeed)
#include "tst_client_changefeed.moc"
