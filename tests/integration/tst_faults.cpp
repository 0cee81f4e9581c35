// Writes and reads through the gateway's random faults (429, 503, resets before the server,
// responses lost after it, truncated answers): every write ends exactly once and its report is
// true; every item is read exactly once.
#include "integrationsupport.h"

#include <QTemporaryDir>

using namespace Cosmos;
using namespace Support;

class tst_Faults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void lostCreateIsSettledByReadingBack();
    void lostDeletesAndReplacesSucceedOnce();
    void importThroughFaultsIsExact();
    void drainThroughFaultsIsExact();
    void importAccountsForEveryLineWhenTheAccountIsGone();

private:
    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
    QTemporaryDir m_dir;
};

static const QJsonObject ImportFaults{{"seed", 7},          {"throttle", 0.08},
                                      {"unavailable", 0.03}, {"resetBefore", 0.02},
                                      {"lostAfter", 0.02}};

void tst_Faults::initTestCase()
{
    QVERIFY2(m_gateway.start(), qPrintable(m_gateway.errorString()));
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    QVERIFY(createContainer(m_client.get(), "f", "items", "/pk"));
    QVERIFY(createContainer(m_client.get(), "f", "bulk", "/pk"));
}

void tst_Faults::cleanup()
{
    QCOMPARE(setRandomFaults(m_gateway, {}), 200);
}

void tst_Faults::lostCreateIsSettledByReadingBack()
{
    const ResourcePath c = ResourcePath::container("f", "items");
    const QByteArray item = R"({"id":"lost-1","pk":"a","zeta":1,"alpha":{"z":2,"a":1}})";
    QCOMPARE(setRandomFaults(m_gateway, {{"lostAfter", 1.0}, {"methods", QJsonArray{"POST"}}}), 200);
    const CosmosResponse lost = await([&](ResponseCallback cb) {
        m_client->writeItem(CosmosClient::ItemWrite::Create, c, item, {}, nullptr, cb);
    });
    QCOMPARE(lost.error.kind, CosmosError::Kind::Connection);
    QVERIFY(lost.error.outcomeUnknown);
    QVERIFY2(lost.error.message.contains(QStringLiteral("may or may not")), qPrintable(lost.error.message));
    // Every attempt was applied or not, once each: 1 + maxTransientWriteRetries, none resent by Qt.
    QCOMPARE(faultCounts(m_gateway).value("lostAfter").toInt(),
             1 + m_client->retryPolicy().maxTransientWriteRetries);
    QCOMPARE(setRandomFaults(m_gateway, {}), 200);

    // The caller retries, knowing an attempt may have landed: the 409 is its own write.
    RequestOptions retry;
    retry.priorAttemptUnknown = true;
    const CosmosResponse settled = await([&](ResponseCallback cb) {
        m_client->writeItem(CosmosClient::ItemWrite::Create, c, item, retry, nullptr, cb);
    });
    QVERIFY2(settled.ok(), qPrintable(settled.error.toString()));
    QVERIFY(settled.confirmedByRead);
    QCOMPARE(settled.status, 201);

    // Without an unknown attempt, the same content is "already there", not a success...
    const CosmosResponse again = await([&](ResponseCallback cb) {
        m_client->writeItem(CosmosClient::ItemWrite::Create, c, item, {}, nullptr, cb);
    });
    QCOMPARE(again.error.status, 409);
    QVERIFY(again.existingSameContent);
    // ...and other content stays a real conflict, even after an unknown attempt.
    const CosmosResponse other = await([&](ResponseCallback cb) {
        m_client->writeItem(CosmosClient::ItemWrite::Create, c,
                            QByteArray(R"({"id":"lost-1","pk":"a","zeta":2})"), retry, nullptr, cb);
    });
    QCOMPARE(other.error.status, 409);
    QVERIFY(!other.existingSameContent);
    QVERIFY(!other.confirmedByRead);
}

void tst_Faults::lostDeletesAndReplacesSucceedOnce()
{
    const ResourcePath c = ResourcePath::container("f", "items");
    QStringList etags;
    for (int i = 0; i < 20; ++i) {
        const CosmosResponse r = await([&](ResponseCallback cb) {
            m_client->writeItem(CosmosClient::ItemWrite::Create, c,
                                QByteArray(R"({"id":"r-)" + QByteArray::number(i) + R"(","pk":"b","v":0})"),
                                {}, nullptr, cb);
        });
        QVERIFY2(r.ok(), qPrintable(r.error.toString()));
        etags << r.etag;
    }
    // Replaces with If-Match whose answers are lost: the retry meets 412, the read-back shows
    // our content, so each replace is one success.
    QCOMPARE(setRandomFaults(m_gateway, {{"seed", 3}, {"lostAfter", 0.3}, {"methods", QJsonArray{"PUT"}}}), 200);
    for (int i = 0; i < 20; ++i) {
        RequestOptions o;
        o.ifMatch = etags.at(i);
        const CosmosResponse r = await([&](ResponseCallback cb) {
            m_client->writeItem(CosmosClient::ItemWrite::Replace, c,
                                QByteArray(R"({"id":"r-)" + QByteArray::number(i) + R"(","pk":"b","v":1})"),
                                o, nullptr, cb);
        });
        QVERIFY2(r.ok(), qPrintable(QStringLiteral("r-%1: ").arg(i) + r.error.toString()));
    }
    QVERIFY(faultCounts(m_gateway).value("lostAfter").toInt() > 0);
    // Deletes whose answers are lost: the retry meets 404, which is that delete's success.
    QCOMPARE(setRandomFaults(m_gateway, {{"seed", 5}, {"lostAfter", 0.3}, {"methods", QJsonArray{"DELETE"}}}), 200);
    for (int i = 0; i < 20; ++i) {
        RequestOptions o;
        o.partitionKey = PartitionKey::fromValue(QJsonValue(QStringLiteral("b")));
        const CosmosResponse r = await([&](ResponseCallback cb) {
            m_client->remove(c.child(ResourceKind::Item, QStringLiteral("r-%1").arg(i)), o, nullptr, cb);
        });
        QVERIFY2(r.ok(), qPrintable(QStringLiteral("r-%1: ").arg(i) + r.error.toString()));
    }
    QVERIFY(faultCounts(m_gateway).value("lostAfter").toInt() > 0);
    QCOMPARE(setRandomFaults(m_gateway, {}), 200);
    // A delete of an item that is not there, with no lost attempt, is still a 404.
    RequestOptions o;
    o.partitionKey = PartitionKey::fromValue(QJsonValue(QStringLiteral("b")));
    const CosmosResponse missing = await([&](ResponseCallback cb) {
        m_client->remove(c.child(ResourceKind::Item, QStringLiteral("r-0")), o, nullptr, cb);
    });
    QCOMPARE(missing.error.status, 404);
    const Drained left = drain(m_client->query(c.feed(ResourceKind::Item),
                                               {QStringLiteral("SELECT * FROM c WHERE c.pk = 'b'"), {}},
                                               {}, m_client.get()));
    QCOMPARE(left.items.size(), 0);
}

void tst_Faults::importThroughFaultsIsExact()
{
    QByteArray input;
    for (int i = 0; i < 2000; ++i) {
        input += R"({"id":"it-)" + QByteArray::number(i) + R"(","pk":"p)" + QByteArray::number(i % 7)
                 + R"(","zeta":)" + QByteArray::number(i) + R"(,"alpha":{"z":1,"a":[1,2]}})" + '\n';
    }
    const QString rejects = m_dir.filePath(QStringLiteral("rejects.jsonl"));
    QCOMPARE(setRandomFaults(m_gateway, ImportFaults), 200);
    const CliRun r = runCli(cliConnection(m_gateway.url())
                                + QStringList{"import", "f", "bulk", "-", "--rejects", rejects},
                            input, 300000);
    const QJsonObject counts = faultCounts(m_gateway);
    QCOMPARE(setRandomFaults(m_gateway, {}), 200);
    qInfo("import through faults: %s; faults %s", r.err.trimmed().constData(),
          QJsonDocument(counts).toJson(QJsonDocument::Compact).constData());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("imported 2000 items: 2000 written, 0 already present, 0 conflicts, "
                            "0 failed, 0 not attempted"),
             r.err.constData());
    QVERIFY(counts.value("lostAfter").toInt() > 0 && counts.value("resetBefore").toInt() > 0);
    QVERIFY(counts.value("throttle").toInt() > 0 && counts.value("unavailable").toInt() > 0);
    QFile rejected(rejects);
    QVERIFY(rejected.open(QIODevice::ReadOnly));
    QCOMPARE(rejected.size(), 0);

    // Importing the same file again: every line is already present, nothing is a conflict.
    const CliRun again = runCli(cliConnection(m_gateway.url())
                                    + QStringList{"import", "f", "bulk", "-", "--rejects", rejects},
                                input.left(input.indexOf("{\"id\":\"it-10\"")), 60000);
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QVERIFY2(again.err.contains("imported 10 items: 0 written, 10 already present, 0 conflicts"),
             again.err.constData());
}

void tst_Faults::drainThroughFaultsIsExact()
{
    const ResourcePath docs = ResourcePath::container("f", "bulk").feed(ResourceKind::Item);
    QCOMPARE(setRandomFaults(m_gateway, {{"seed", 11}, {"throttle", 0.08}, {"unavailable", 0.03},
                                         {"resetBefore", 0.02}, {"lostAfter", 0.02}, {"truncate", 0.03}}),
             200);
    RequestOptions options;
    options.maxItemCount = 50;
    const Drained read = drain(m_client->list(docs, options, m_client.get()));
    const Drained queried = drain(m_client->query(docs, {QStringLiteral("SELECT * FROM c"), {}}, options,
                                                  m_client.get()));
    const CliRun exported = runCli(cliConnection(m_gateway.url()) + QStringList{"export", "f", "bulk"},
                                   {}, 120000);
    const QJsonObject counts = faultCounts(m_gateway);
    QCOMPARE(setRandomFaults(m_gateway, {}), 200);
    QVERIFY2(!read.error.isError(), qPrintable(read.error.toString()));
    QVERIFY2(!queried.error.isError(), qPrintable(queried.error.toString()));
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    QVERIFY(counts.value("truncate").toInt() > 0 && counts.value("resetBefore").toInt() > 0);
    const auto once = [](const QStringList &ids) {
        const QSet<QString> unique(ids.cbegin(), ids.cend());
        return ids.size() == 2000 && unique.size() == 2000;
    };
    QVERIFY(once(read.ids()));
    QVERIFY(once(queried.ids()));
    QStringList exportedIds;
    for (const QByteArray &line : exported.out.split('\n')) {
        if (!line.isEmpty())
            exportedIds << QJsonDocument::fromJson(line).object().value("id").toString();
    }
    QVERIFY(once(exportedIds));
    // As the server sent them: key order kept.
    const QByteArray first = read.raw.first();
    const bool ordered = first.startsWith("{\"id\":\"it-") && first.contains("\"alpha\":{\"z\":1,\"a\":[1,2]}");
    QVERIFY2(ordered, first.constData());
}

void tst_Faults::importAccountsForEveryLineWhenTheAccountIsGone()
{
    // A port where nothing listens: every attempt is refused.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const QUrl gone(QStringLiteral("https://127.0.0.1:%1/").arg(probe.serverPort()));
    probe.close();
    const QString rejects = m_dir.filePath(QStringLiteral("gone.jsonl"));
    QByteArray input = "{\"id\":\"g0\",\"pk\":\"a\"}\n{not json\n";
    for (int i = 1; i < 5; ++i)
        input += "{\"id\":\"g" + QByteArray::number(i) + "\",\"pk\":\"a\"}\n";
    const CliRun r = runCli(cliConnection(gone) + QStringList{"--timeout", "2", "import", "f", "bulk",
                                                               "-", "--concurrency", "1",
                                                               "--rejects", rejects},
                            input, 60000);
    QVERIFY2(r.exitCode == 3, r.err.constData());
    // It waited for the account (twice the 2 s request deadline), then accounted for all 6 lines.
    QVERIFY2(r.elapsedMs >= 4000 && r.elapsedMs < 30000, qPrintable(QString::number(r.elapsedMs)));
    QVERIFY2(r.err.contains("imported 6 items: 0 written, 0 already present, 0 conflicts, 1 failed, "
                            "5 not attempted"),
             r.err.constData());
    QFile file(rejects);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), 7); // 6 lines and the final newline
    QCOMPARE(lines.at(1), QByteArray("{not json")); // verbatim
    QFile reasons(rejects + QStringLiteral(".reasons"));
    QVERIFY(reasons.open(QIODevice::ReadOnly));
    const QList<QByteArray> why = reasons.readAll().split('\n');
    QCOMPARE(why.size(), 7);
    QVERIFY2(why.at(1).startsWith("line 2: not valid JSON"), why.at(1).constData());
    QVERIFY2(why.at(0).startsWith("line 1: not attempted") && why.at(0).contains("refused"),
             why.at(0).constData());
    QVERIFY2(why.at(5).startsWith("line 6: not attempted"), why.at(5).constData());
}

QTEST_GUILESS_MAIN(tst_Faults)
#include "tst_faults.moc"
