// The core and the CLI against a hostile server (tests/hostile/server.js): every damaged,
// oversized, redirected, silent or throttled answer is an error with the right kind and exit
// code, never a short success; nothing signed ever reaches another listener.
#include "hostileprocess.h"
#include "integrationsupport.h"

using namespace Cosmos;
using namespace Support;

class tst_Hostile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void defaults();
    void drainFails_data();
    void drainFails();
    void pointReadOfDamagedBody();
    void writeIsNotRedirected();
    void responseCapIsConfigurable();
    void silentServerHitsTheDeadline();
    void hugeHeadersEndWithinTheDeadline();
    void cliExitCodes_data();
    void cliExitCodes();
    void nothingReachedTheTrap(); // last: after every redirect above

private:
    std::unique_ptr<CosmosClient> client(const QString &caseName)
    {
        CosmosError error;
        ConnectionInfo info = ConnectionInfo::fromEndpointAndKey(m_hostile.url(caseName).toString(),
                                                                 ConnectionInfo::emulatorKey(), &error);
        info.caCertificateFile = GatewayProcess::caFile();
        return std::make_unique<CosmosClient>(info);
    }
    HostileProcess m_hostile;
};

void tst_Hostile::initTestCase()
{
    QVERIFY2(m_hostile.start(), qPrintable(m_hostile.errorString()));
    QVERIFY(m_hostile.url(QStringLiteral("trap")).isValid());
    QCOMPARE(m_hostile.trapRequests(), 0);
}

void tst_Hostile::defaults()
{
    const auto c = client(QStringLiteral("silent"));
    QCOMPARE(c->requestDeadline(), 70000);
    QCOMPARE(c->transferTimeout(), 30000);
    QCOMPARE(c->maxResponseBytes(), qint64(32) * 1024 * 1024);
}

void tst_Hostile::drainFails_data()
{
    QTest::addColumn<QString>("caseName");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("itemsBefore");
    QTest::addColumn<QString>("text");
    const int damaged = int(CosmosError::Kind::Damaged);
    QTest::newRow("truncated page 2") << "truncated-page2" << damaged << 1 << "broke off";
    QTest::newRow("short body") << "short-body" << damaged << 0 << "Damaged response";
    QTest::newRow("html") << "html" << damaged << 0 << "expected JSON, got text/html";
    QTest::newRow("not json") << "not-json" << damaged << 0 << "not valid JSON";
    QTest::newRow("repeated continuation") << "repeat-continuation" << damaged << 1 << "\"same-token\" again";
    QTest::newRow("redirect 307") << "redirect" << int(CosmosError::Kind::Redirected) << 0 << "HTTP 307";
    QTest::newRow("redirect 301 to http") << "redirect-301-http" << int(CosmosError::Kind::Redirected) << 0 << "http://";
    QTest::newRow("endless body") << "endless" << damaged << 0 << "larger than the 32 MB limit";
    QTest::newRow("huge body") << "huge-body" << damaged << 0 << "100 MB announced";
    QTest::newRow("damaged error") << "wrong-length-error" << damaged << 0 << "HTTP 404";
    QTest::newRow("429 for 10 minutes") << "throttle-forever" << int(CosmosError::Kind::Service) << 0 << "600.0 s";
    QTest::newRow("500") << "server-error" << int(CosmosError::Kind::Service) << 0 << "Something broke";
}

void tst_Hostile::drainFails()
{
    QFETCH(QString, caseName);
    QFETCH(int, kind);
    QFETCH(int, itemsBefore);
    QFETCH(QString, text);
    const auto c = client(caseName);
    Pager *pager = c->list(ResourcePath::container("d", "c").feed(ResourceKind::Item), {}, c.get());
    QSignalSpy failed(pager, &Pager::failed);
    QSignalSpy finished(pager, &Pager::finished);
    connect(pager, &Pager::pageReady, pager, [pager] {
        if (pager->hasMore())
            pager->fetchNext();
    });
    pager->fetchNext();
    QTRY_VERIFY_WITH_TIMEOUT(failed.size() + finished.size() > 0, 30000);
    QCOMPARE(finished.size(), 0);
    const CosmosError e = failed.first().first().value<CosmosError>();
    QCOMPARE(int(e.kind), kind);
    QVERIFY2(e.toString().contains(text), qPrintable(e.toString()));
    QCOMPARE(pager->itemsFetched(), itemsBefore);
    if (itemsBefore > 0)
        QVERIFY2(e.message.contains(QStringLiteral("partial")), qPrintable(e.message));
}

void tst_Hostile::pointReadOfDamagedBody()
{
    const auto c = client(QStringLiteral("not-json"));
    const CosmosResponse r = await([&](ResponseCallback cb) {
        c->read(ResourcePath::container("d", "c").child(ResourceKind::Item, "a"), {}, nullptr, cb);
    });
    QCOMPARE(r.error.kind, CosmosError::Kind::Damaged);
    QVERIFY(r.error.message.contains(QStringLiteral("36 bytes received")));
    QVERIFY(!r.error.activityId.isEmpty());
}

void tst_Hostile::writeIsNotRedirected()
{
    for (const char *name : {"redirect", "redirect-301-http"}) {
        const auto c = client(QString::fromLatin1(name));
        const CosmosResponse r = await([&](ResponseCallback cb) {
            c->create(ResourcePath::container("d", "c").feed(ResourceKind::Item),
                      QJsonObject{{"id", "x"}, {"pk", "a"}}, {}, nullptr, cb);
        });
        QCOMPARE(r.error.kind, CosmosError::Kind::Redirected);
        QVERIFY2(r.error.message.contains(m_hostile.url(QStringLiteral("trap")).host()),
                 qPrintable(r.error.message));
    }
}

void tst_Hostile::responseCapIsConfigurable()
{
    // A 100 MB body refused from its announced length under a 1 MB cap. (An endless body under a
    // 1 MB cap is also refused, but late: Qt holds back readyRead while its network thread has
    // more data queued, and 65 MB to 1.8 GB were seen arriving first. Known, open.)
    const auto c = client(QStringLiteral("huge-body"));
    c->setMaxResponseBytes(1024 * 1024);
    const CosmosResponse r = await([&](ResponseCallback cb) { c->readAccount(nullptr, cb); });
    QCOMPARE(r.error.kind, CosmosError::Kind::Damaged);
    QVERIFY2(r.error.message.contains(QStringLiteral("1 MB limit")), qPrintable(r.error.message));
}

void tst_Hostile::silentServerHitsTheDeadline()
{
    const auto c = client(QStringLiteral("silent"));
    c->setRequestDeadline(3000);
    c->setTransferTimeout(1000);
    QElapsedTimer timer;
    timer.start();
    const CosmosResponse r = await([&](ResponseCallback cb) { c->readAccount(nullptr, cb); });
    QCOMPARE(r.error.kind, CosmosError::Kind::Timeout);
    // Silent attempts of 1 s each, retried, all within the 3 s deadline.
    QVERIFY2(timer.elapsed() >= 2000 && timer.elapsed() < 6000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(r.error.message.contains(QStringLiteral("attempt")), qPrintable(r.error.message));
    // A write cut by the deadline says its outcome is unknown.
    const CosmosResponse w = await([&](ResponseCallback cb) {
        c->create(ResourcePath::container("d", "c").feed(ResourceKind::Item),
                  QJsonObject{{"id", "x"}, {"pk", "a"}}, {}, nullptr, cb);
    });
    QCOMPARE(w.error.kind, CosmosError::Kind::Timeout);
    QVERIFY(w.error.outcomeUnknown);
    QVERIFY2(w.error.message.contains(QStringLiteral("may or may not")), qPrintable(w.error.message));
}

void tst_Hostile::hugeHeadersEndWithinTheDeadline()
{
    for (const char *name : {"huge-headers", "huge-header-line"}) {
        const auto c = client(QString::fromLatin1(name));
        c->setRequestDeadline(4000);
        c->setTransferTimeout(2000);
        QElapsedTimer timer;
        timer.start();
        const CosmosResponse r = await([&](ResponseCallback cb) { c->readAccount(nullptr, cb); });
        // Qt refuses such headers by stalling; the deadline turns that into an error.
        QVERIFY2(r.ok() || r.error.kind == CosmosError::Kind::Timeout
                     || r.error.kind == CosmosError::Kind::Damaged
                     || r.error.kind == CosmosError::Kind::Connection,
                 qPrintable(r.error.toString()));
        QVERIFY2(timer.elapsed() < 7000, qPrintable(QString::number(timer.elapsed())));
    }
}

void tst_Hostile::cliExitCodes_data()
{
    QTest::addColumn<QString>("caseName");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<int>("lines");
    QTest::addColumn<QString>("text");
    const QStringList exportArgs{"export", "d", "c"};
    QTest::newRow("export, page 2 truncated") << "truncated-page2" << exportArgs << 4 << 1 << "partial";
    QTest::newRow("export, html") << "html" << exportArgs << 4 << 0 << "text/html";
    QTest::newRow("query, repeated continuation") << "repeat-continuation"
        << QStringList{"query", "d", "c", "SELECT * FROM c", "--pk", "\"a\""} << 4 << 1 << "again";
    QTest::newRow("db list, repeated continuation") << "repeat-continuation" << QStringList{"db", "list"} << 4 << 1 << "again";
    QTest::newRow("db list, redirect") << "redirect" << QStringList{"db", "list"} << 4 << 0 << "does not follow redirects";
    QTest::newRow("db list, 301 to http") << "redirect-301-http" << QStringList{"db", "list"} << 4 << 0 << "http://";
    QTest::newRow("item create, redirect") << "redirect" << QStringList{"item", "create", "d", "c", "-"} << 4 << 0 << "307";
    QTest::newRow("export, endless") << "endless" << exportArgs << 4 << 0 << "32 MB limit";
    QTest::newRow("export, 1 MB cap") << "huge-body" << (exportArgs + QStringList{"--max-response-mb", "1"}) << 4 << 0 << "1 MB limit";
    QTest::newRow("db list, silent, --timeout 3") << "silent" << QStringList{"db", "list", "--timeout", "3"} << 3 << 0 << "within 3 s";
    QTest::newRow("db list, 429 for 10 minutes") << "throttle-forever" << QStringList{"db", "list"} << 2 << 0 << "600.0 s";
}

void tst_Hostile::cliExitCodes()
{
    QFETCH(QString, caseName);
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(int, lines);
    QFETCH(QString, text);
    const CliRun r = runCli(cliConnection(m_hostile.url(caseName)) + args, "{\"id\":\"x\",\"pk\":\"a\"}", 60000);
    QVERIFY2(r.exitCode == exitCode, r.err.constData());
    QVERIFY2(QString::fromUtf8(r.err).contains(text), r.err.constData());
    QCOMPARE(int(r.out.count('\n')), lines);
    QVERIFY2(r.elapsedMs < 20000, qPrintable(QString::number(r.elapsedMs)));
}

void tst_Hostile::nothingReachedTheTrap()
{
    QCOMPARE(m_hostile.trapConnections(), 0);
    QCOMPARE(m_hostile.trapRequests(), 0);
}

QTEST_GUILESS_MAIN(tst_Hostile)
#include "tst_hostile.moc"
