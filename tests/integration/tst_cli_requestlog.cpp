// cosmoscope-cli --log-requests FILE: one JSON line per HTTP attempt, whose RU add up to the
// charge the CLI reports with --verbose, with errors recorded too and never a key or signature.
#include "integrationsupport.h"

#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

using namespace Cosmos;
using namespace Support;

class tst_CliRequestLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void queryChargesAddUp();
    void failedRequestsAreLogged();
    void noSecretsInTheLog();
    void unwritableLogIsRefused();

private:
    CliRun run(const QStringList &args) { return runCli(cliConnection(m_gateway.url()) + args); }
    QList<QJsonObject> readLog(const QString &file);

    GatewayProcess m_gateway;
    QTemporaryDir m_dir;
};

QList<QJsonObject> tst_CliRequestLog::readLog(const QString &fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QJsonObject> lines;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return {}; // every line must be one JSON object
        lines << doc.object();
    }
    return lines;
}

void tst_CliRequestLog::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(COSMOSCOPE_CLI_PATH)));
    QVERIFY(m_dir.isValid());
    START_GATEWAY(m_gateway, GatewayProcess::Options{.seedSample = true});
}

void tst_CliRequestLog::queryChargesAddUp()
{
    const QString log = m_dir.filePath(QStringLiteral("query.jsonl"));
    const CliRun r = run({"--verbose",
                       "--log-requests",
                       log,
                       "query",
                       "SampleDB",
                       "Products",
                       "SELECT * FROM c WHERE c.price > 100",
                       "--page-size",
                       "100"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // --verbose: "request charge: X RU, items: N …"
    static const QRegularExpression charge(QStringLiteral("request charge: ([0-9.]+) RU"));
    const QRegularExpressionMatch m = charge.match(QString::fromUtf8(r.err));
    QVERIFY2(m.hasMatch(), r.err.constData());
    const double reported = m.captured(1).toDouble();
    QVERIFY(reported > 0);

    const QList<QJsonObject> lines = readLog(log);
    QVERIFY(lines.size() > 1); // several pages
    double sum = 0;
    int queries = 0;
    for (const QJsonObject &o : lines) {
        sum += o.value(QStringLiteral("requestCharge")).toDouble();
        QCOMPARE(o.value(QStringLiteral("account")).toString(),
                 QStringLiteral("%1:%2").arg(m_gateway.url().host()).arg(m_gateway.url().port()));
        QVERIFY(!o.value(QStringLiteral("activityId")).toString().isEmpty());
        QVERIFY(o.value(QStringLiteral("durationMs")).toInteger(-1) >= 0);
        QVERIFY(QDateTime::fromString(o.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs)
                    .isValid());
        if (o.value(QStringLiteral("operation")).toString() == QLatin1String("Query")) {
            ++queries;
            QCOMPARE(o.value(QStringLiteral("status")).toInt(), 200);
            QCOMPARE(o.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
            QCOMPARE(o.value(QStringLiteral("resourcePath")).toString(),
                     QStringLiteral("dbs/SampleDB/colls/Products/docs"));
            QVERIFY(o.value(QStringLiteral("responseBytes")).toInteger() > 0);
            QVERIFY(o.value(QStringLiteral("requestBytes")).toInteger() > 0);
        }
    }
    QVERIFY(queries > 1);
    // The query's pages are all the CLI charged for, to the cent it prints.
    QCOMPARE(QString::number(sum, 'f', 2), QString::number(reported, 'f', 2));
}

void tst_CliRequestLog::failedRequestsAreLogged()
{
    const QString log = m_dir.filePath(QStringLiteral("missing.jsonl"));
    const CliRun r = run({"--log-requests",
                       log,
                       "item",
                       "get",
                       "SampleDB",
                       "Products",
                       "no-such",
                       "--pk",
                       "\"Books\""});
    QCOMPARE(r.exitCode, 2);
    const QList<QJsonObject> lines = readLog(log);
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().value(QStringLiteral("status")).toInt(), 404);
    QCOMPARE(lines.first().value(QStringLiteral("operation")).toString(), QStringLiteral("Read"));
    QCOMPARE(lines.first().value(QStringLiteral("resourcePath")).toString(),
             QStringLiteral("dbs/SampleDB/colls/Products/docs/no-such"));
    QCOMPARE(lines.first().value(QStringLiteral("retry")).toInt(), 0);
}

void tst_CliRequestLog::noSecretsInTheLog()
{
    const QString log = m_dir.filePath(QStringLiteral("mixed.jsonl"));
    QVERIFY(run({"--log-requests", log, "db", "list"}).exitCode == 0);
    QVERIFY(run({"--log-requests", log, "container", "show", "SampleDB", "Orders"}).exitCode == 0);
    QFile file(log);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(readLog(log).size() >= 2); // appended, not overwritten
    QVERIFY(!text.contains(ConnectionInfo::emulatorKey().toUtf8()));
    QVERIFY(!text.contains(ConnectionInfo::emulatorKey().left(20).toUtf8()));
    QVERIFY(!text.contains("sig="));
    QVERIFY(!text.contains("sig%3D"));
    QVERIFY(!text.contains("type%3Dmaster"));
    QVERIFY(!text.contains("type=master"));
    QVERIFY(!text.toLower().contains("authorization"));
}

void tst_CliRequestLog::unwritableLogIsRefused()
{
    const CliRun r
        = run({"--log-requests", m_dir.filePath(QStringLiteral("no/such/dir/log")), "db", "list"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("request log"));
}

QTEST_GUILESS_MAIN(tst_CliRequestLog)
#include "tst_cli_requestlog.moc"
