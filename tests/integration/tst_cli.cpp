#include "integrationsupport.h"

#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>

using namespace Cosmos;
using namespace Support;

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QList<QJsonObject> lines() const
    {
        QList<QJsonObject> list;
        for (const QByteArray &line : out.split('\n')) {
            if (!line.trimmed().isEmpty())
                list << QJsonDocument::fromJson(line).object();
        }
        return list;
    }
};

class tst_Cli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void help();
    void usageErrors();
    void noConnection();
    void databaseAndContainerCommands();
    void itemCommands();
    void invalidInputExitsOne();
    void serviceRefusalExitsTwo();
    void connectionProblemsExitThree();
    void queryWithParametersAndVerbose();
    void importJsonLines();
    void importJsonArrayAndConflicts();
    void importRetriesThrottledWrites();
    void exportFormats();
    void changeFeed();
    void scriptsAndThroughput();
    void usersAndPermissions();

private:
    CliResult run(const QStringList &args, const QByteArray &input = {}, bool connect = true)
    {
        QStringList all;
        if (connect) {
            all << "--endpoint" << m_gateway.url().toString() << "--key" << ConnectionInfo::emulatorKey()
                << "--ca-cert" << GatewayProcess::caFile();
        }
        all << args;
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("COSMOSCOPE_CONNECTION_STRING"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(COSMOSCOPE_CLI_PATH), all);
        if (!p.waitForStarted(5000))
            return {};
        p.write(input);
        p.closeWriteChannel();
        p.waitForFinished(60000);
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                p.readAllStandardError()};
    }

    GatewayProcess m_gateway;
    QTemporaryDir m_dir;
};

// Evaluates `result` exactly once: it is usually a run(...) call, and running the command a
// second time just to build the failure message would show the second run's error (such as a
// 409 from re-creating what the first run created) instead of the real one.
#define CHECK_EXIT(result, code)                                                                  \
    do {                                                                                          \
        const CliResult &checkExitResult_ = (result);                                             \
        const int checkExitExpected_ = (code);                                                    \
        QVERIFY2(checkExitResult_.exitCode == checkExitExpected_,                                 \
                 QByteArray("exit code " + QByteArray::number(checkExitResult_.exitCode)          \
                            + ", expected " + QByteArray::number(checkExitExpected_)              \
                            + "; stderr:\n" + checkExitResult_.err)                               \
                     .constData());                                                               \
    } while (false)

void tst_Cli::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(COSMOSCOPE_CLI_PATH)));
    START_GATEWAY(m_gateway, GatewayProcess::Options{});
    CHECK_EXIT(run({"db", "create", "cli"}), 0);
    CHECK_EXIT(run({"container", "create", "cli", "c", "--partition-key", "/pk", "--throughput", "400"}), 0);
}

void tst_Cli::help()
{
    const CliResult r = run({"--help"}, {}, false);
    CHECK_EXIT(r, 0);
    QVERIFY(r.out.contains("Usage: cosmoscope-cli"));
    QVERIFY(r.out.contains("import DB C"));
}

void tst_Cli::usageErrors()
{
    CliResult r = run({"db", "show"});
    CHECK_EXIT(r, 1);
    QVERIFY(r.err.contains("Usage"));
    r = run({"frobnicate"});
    CHECK_EXIT(r, 1);
    r = run({"db", "list", "--no-such-option"});
    CHECK_EXIT(r, 1);
    QVERIFY(r.err.contains("Unknown option"));
}

void tst_Cli::noConnection()
{
    CliResult r = run({"db", "list"}, {}, false);
    CHECK_EXIT(r, 1);
    QVERIFY(r.err.contains("COSMOSCOPE_CONNECTION_STRING"));
    r = run({"--connection-string", "AccountEndpoint=https://x/", "db", "list"}, {}, false);
    CHECK_EXIT(r, 1);
    r = run({"--endpoint", "https://x/", "--key", "***", "db", "list"}, {}, false);
    CHECK_EXIT(r, 1);
    QVERIFY(r.err.contains("Base64"));
}

void tst_Cli::databaseAndContainerCommands()
{
    CliResult r = run({"db", "create", "d2", "--throughput", "500"});
    CHECK_EXIT(r, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value("id").toString(), QStringLiteral("d2"));
    CHECK_EXIT(run({"db", "create", "d2", "--if-not-exists"}), 0);
    r = run({"db", "list"});
    CHECK_EXIT(r, 0);
    QVERIFY(r.lines().size() >= 2);
    r = run({"db", "query", "SELECT * FROM r WHERE r.id = 'd2'"});
    QCOMPARE(r.lines().size(), 1);
    r = run({"container", "create", "d2", "h", "--partition-key", "/a,/b", "--ttl", "100",
             "--unique-key", "/u", "--if-not-exists"});
    CHECK_EXIT(r, 0);
    const QJsonObject c = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(c.value("partitionKey").toObject().value("kind").toString(), QStringLiteral("MultiHash"));
    QCOMPARE(c.value("defaultTtl").toInt(), 100);
    CHECK_EXIT(run({"container", "create", "d2", "h", "--partition-key", "/a,/b", "--if-not-exists"}), 0);
    r = run({"container", "list", "d2"});
    QCOMPARE(r.lines().size(), 1);
    QFile body(m_dir.filePath("c.json"));
    QVERIFY(body.open(QIODevice::WriteOnly));
    QJsonObject replaced = c;
    replaced.insert("defaultTtl", 5);
    body.write(QJsonDocument(replaced).toJson());
    body.close();
    r = run({"container", "replace", "d2", "h", "--body", body.fileName()});
    CHECK_EXIT(r, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value("defaultTtl").toInt(), 5);
    CHECK_EXIT(run({"container", "show", "d2", "h"}), 0);
    CHECK_EXIT(run({"container", "delete", "d2", "h"}), 0);
    CHECK_EXIT(run({"db", "delete", "d2"}), 0);
    CHECK_EXIT(run({"db", "show", "d2"}), 2);
    CHECK_EXIT(run({"account"}), 0);
}

void tst_Cli::itemCommands()
{
    CliResult r = run({"item", "create", "cli", "c"}, R"({"id":"i1","pk":"a","v":1})");
    CHECK_EXIT(r, 0);
    const QString etag = QJsonDocument::fromJson(r.out).object().value("_etag").toString();
    r = run({"item", "get", "cli", "c", "i1", "--pk", "\"a\""});
    CHECK_EXIT(r, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value("v").toInt(), 1);
    QFile file(m_dir.filePath("item.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"id":"i1","pk":"a","v":2})");
    file.close();
    CHECK_EXIT(run({"item", "replace", "cli", "c", "i1", file.fileName(), "--if-match", etag}), 0);
    r = run({"item", "replace", "cli", "c", "i1", file.fileName(), "--if-match", etag});
    CHECK_EXIT(r, 2);
    QVERIFY(r.err.contains("412"));
    CHECK_EXIT(run({"item", "upsert", "cli", "c", "-"}, R"({"id":"i2","pk":"b"})"), 0);
    r = run({"item", "list", "cli", "c", "--max-items", "1"});
    CHECK_EXIT(r, 0);
    QCOMPARE(r.lines().size(), 1);
    CHECK_EXIT(run({"item", "delete", "cli", "c", "i2", "--pk", "\"b\""}), 0);
    CHECK_EXIT(run({"item", "get", "cli", "c", "i2", "--pk", "\"b\""}), 2);
}

void tst_Cli::invalidInputExitsOne()
{
    CliResult r = run({"item", "create", "cli", "c"}, "{\n \"id\": \"x\",\n \"pk\": ,\n}");
    CHECK_EXIT(r, 1);
    QVERIFY(r.err.contains("line 3"));
    r = run({"item", "create", "cli", "c"}, R"({"id":"a/b","pk":"a"})");
    CHECK_EXIT(r, 1);
    r = run({"item", "get", "cli", "c", "x?y", "--pk", "\"a\""});
    CHECK_EXIT(r, 1);
    r = run({"item", "get", "cli", "c", "x", "--pk", "not json"});
    CHECK_EXIT(r, 1);
    r = run({"db", "create", "bad#db"});
    CHECK_EXIT(r, 1);
    const QByteArray big = R"({"id":"big","pk":"a","blob":")" + QByteArray(2 * 1024 * 1024, 'x') + "\"}";
    r = run({"item", "create", "cli", "c"}, big);
    CHECK_EXIT(r, 1);
    QVERIFY(r.err.contains("2 MB"));
}

void tst_Cli::serviceRefusalExitsTwo()
{
    const CliResult r = run({"db", "create", "cli"});
    CHECK_EXIT(r, 2);
    QVERIFY(r.err.contains("409"));
    QVERIFY(r.err.contains("activity id"));
    CHECK_EXIT(run({"query", "cli", "c", "SELEC broken"}), 2);
}

void tst_Cli::connectionProblemsExitThree()
{
    CliResult r = run({"--endpoint", "https://127.0.0.1:9/", "--key", ConnectionInfo::emulatorKey(), "db", "list"},
                      {}, false);
    CHECK_EXIT(r, 3);
    QVERIFY(r.err.contains("refused"));
    // The gateway's certificate without the test CA: TLS failure.
    r = run({"--endpoint", m_gateway.url().toString(), "--key", ConnectionInfo::emulatorKey(), "db", "list"},
            {}, false);
    CHECK_EXIT(r, 3);
    QVERIFY(r.err.contains("not trusted"));
    r = run({"--endpoint", m_gateway.url().toString(), "--key", ConnectionInfo::emulatorKey(),
             "--allow-untrusted-localhost", "db", "list"}, {}, false);
    CHECK_EXIT(r, 0);
}

void tst_Cli::queryWithParametersAndVerbose()
{
    CHECK_EXIT(run({"item", "create", "cli", "c"}, R"({"id":"q1","pk":"q","n":5})"), 0);
    CHECK_EXIT(run({"item", "create", "cli", "c"}, R"({"id":"q2","pk":"q","n":6})"), 0);
    CliResult r = run({"--verbose", "query", "cli", "c", "SELECT * FROM c WHERE c.n >= @n AND c.pk = @p",
                       "--param", "@n=5", "--param", "@p=\"q\"", "--page-size", "1", "--metrics"});
    CHECK_EXIT(r, 0);
    QCOMPARE(r.lines().size(), 2);
    QVERIFY(r.err.contains("request charge:"));
    QVERIFY(r.err.contains("items: 2"));
    QVERIFY(r.err.contains("activity id:"));
    QVERIFY(r.err.contains("query metrics:"));
    r = run({"query", "cli", "c", "SELECT * FROM c", "--pk", "\"q\"", "--max-items", "1"});
    QCOMPARE(r.lines().size(), 1);
    CHECK_EXIT(run({"query", "cli", "c", "SELECT 1", "--param", "@x=oops"}), 1);
}

static QByteArray jsonLines(const QString &prefix, int count)
{
    QByteArray out;
    for (int i = 0; i < count; ++i)
        out += QStringLiteral(R"({"id":"%1%2","pk":"p%3","n":%2})").arg(prefix).arg(i).arg(i % 7).toUtf8() + '\n';
    return out;
}

void tst_Cli::importJsonLines()
{
    CHECK_EXIT(run({"container", "create", "cli", "imp", "--partition-key", "/pk"}), 0);
    QByteArray input = jsonLines("j", 300);
    input.insert(0, "\n"); // blank lines are skipped
    CliResult r = run({"import", "cli", "imp", "-", "--concurrency", "8"}, input);
    CHECK_EXIT(r, 0);
    QVERIFY2(r.err.contains("300 written, 0 already present, 0 conflicts, 0 failed"), r.err.constData());
    QVERIFY(r.err.contains("items/s"));
    r = run({"query", "cli", "imp", "SELECT VALUE COUNT(1) FROM c"});
    QCOMPARE(r.out.trimmed(), QByteArray("300"));
    // A bad line is reported with its number; the others are written.
    r = run({"import", "cli", "imp", "-"}, "{\"id\":\"ok1\",\"pk\":\"x\"}\n{broken\n");
    CHECK_EXIT(r, 1);
    QVERIFY(r.err.contains("line 2"));
    QVERIFY(r.err.contains("1 written"));
}

void tst_Cli::importJsonArrayAndConflicts()
{
    CHECK_EXIT(run({"container", "create", "cli", "arr", "--partition-key", "/pk"}), 0);
    QFile file(m_dir.filePath("items.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QByteArray array = "[\n";
    for (int i = 0; i < 50; ++i)
        array += QStringLiteral(R"(%1{"id":"a%2","pk":"p"})").arg(i ? "," : "").arg(i).toUtf8() + '\n';
    file.write(array + "]");
    file.close();
    CliResult r = run({"import", "cli", "arr", file.fileName(), "--concurrency", "3"});
    CHECK_EXIT(r, 0);
    QVERIFY2(r.err.contains("50 written"), r.err.constData());
    // Importing the same items again writes nothing: they are already there.
    r = run({"import", "cli", "arr", file.fileName()});
    CHECK_EXIT(r, 0);
    QVERIFY2(r.err.contains("0 written, 50 already present, 0 conflicts"), r.err.constData());
    // Other content under the same ids is never overwritten: each is a reported conflict.
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(array.replace("\"pk\":\"p\"", "\"pk\":\"p\",\"v\":2") + "]");
    file.close();
    r = run({"import", "cli", "arr", file.fileName()});
    CHECK_EXIT(r, 2);
    QVERIFY2(r.err.contains("0 written, 0 already present, 50 conflicts"), r.err.constData());
    QVERIFY(r.err.contains("already exists with other content"));
}

void tst_Cli::importRetriesThrottledWrites()
{
    CHECK_EXIT(run({"container", "create", "cli", "thr", "--partition-key", "/pk"}), 0);
    CHECK_EXIT(run({"item", "create", "cli", "thr"}, R"({"id":"warm","pk":"x"})"), 0);
    // The next 6 requests get 429 with a retry-after: the core waits and retries them.
    QCOMPARE(injectFaults(m_gateway, 6, 10), 200);
    const CliResult r = run({"import", "cli", "thr", "-", "--concurrency", "4"}, jsonLines("t", 40));
    CHECK_EXIT(r, 0);
    QVERIFY2(r.err.contains("40 written, 0 already present, 0 conflicts, 0 failed"), r.err.constData());
    QCOMPARE(run({"query", "cli", "thr", "SELECT VALUE COUNT(1) FROM c"}).out.trimmed(), QByteArray("41"));
}

void tst_Cli::exportFormats()
{
    CHECK_EXIT(run({"container", "create", "cli", "exp", "--partition-key", "/pk"}), 0);
    CHECK_EXIT(run({"import", "cli", "exp", "-"}, jsonLines("e", 25)), 0);
    CliResult r = run({"export", "cli", "exp"});
    CHECK_EXIT(r, 0);
    QCOMPARE(r.lines().size(), 25);
    r = run({"export", "cli", "exp", "--format", "json", "--query", "SELECT c.id, c.n FROM c"});
    CHECK_EXIT(r, 0);
    const QJsonDocument doc = QJsonDocument::fromJson(r.out);
    QVERIFY(doc.isArray());
    QCOMPARE(doc.array().size(), 25);
    const QString csvPath = m_dir.filePath("out.csv");
    r = run({"export", "cli", "exp", "--format", "csv", "--query", "SELECT c.id, c.n FROM c WHERE c.n < 3",
             "--output", csvPath});
    CHECK_EXIT(r, 0);
    QVERIFY(r.err.contains("exported: 3 items"));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> rows = csv.readAll().trimmed().split('\n');
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows.first().trimmed(), QByteArray("id,n"));
    CHECK_EXIT(run({"export", "cli", "exp", "--format", "xml"}), 1);
}

void tst_Cli::changeFeed()
{
    CHECK_EXIT(run({"container", "create", "cli", "feed", "--partition-key", "/pk"}), 0);
    CHECK_EXIT(run({"import", "cli", "feed", "-"}, jsonLines("f", 5)), 0);
    CliResult r = run({"changefeed", "cli", "feed", "--from-beginning"});
    CHECK_EXIT(r, 0);
    QCOMPARE(r.lines().size(), 5);
    const int at = r.err.indexOf("continuation: ");
    QVERIFY(at >= 0);
    const QString token = QString::fromUtf8(r.err.mid(at + 14).split('\n').first().trimmed());
    CHECK_EXIT(run({"item", "create", "cli", "feed"}, R"({"id":"late","pk":"p0"})"), 0);
    r = run({"changefeed", "cli", "feed", "--continuation", token});
    CHECK_EXIT(r, 0);
    QCOMPARE(r.lines().size(), 1);
    QCOMPARE(r.lines().first().value("id").toString(), QStringLiteral("late"));
    r = run({"changefeed", "cli", "feed", "--pk", "\"p0\""});
    QCOMPARE(r.lines().size(), 2);
}

void tst_Cli::scriptsAndThroughput()
{
    QFile js(m_dir.filePath("s.js"));
    QVERIFY(js.open(QIODevice::WriteOnly));
    js.write("function hello(name) { console.log('log ' + name); getContext().getResponse().setBody('hi ' + name); }");
    js.close();
    CHECK_EXIT(run({"sproc", "create", "cli", "c", "hello", "--body-file", js.fileName()}), 0);
    CliResult r = run({"sproc", "exec", "cli", "c", "hello", "--pk", "\"a\"", "--params", "[\"ann\"]", "--log"});
    CHECK_EXIT(r, 0);
    QCOMPARE(r.out.trimmed(), QByteArray("\"hi ann\""));
    QVERIFY(r.err.contains("log ann"));
    CHECK_EXIT(run({"sproc", "exec", "cli", "c", "hello", "--pk", "\"a\"", "--params", "{}"}), 1);
    CHECK_EXIT(run({"trigger", "create", "cli", "c", "t1", "--body-file", js.fileName(), "--type", "post",
                    "--operation", "delete"}), 0);
    r = run({"trigger", "show", "cli", "c", "t1"});
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value("triggerOperation").toString(), QStringLiteral("Delete"));
    CHECK_EXIT(run({"udf", "create", "cli", "c", "u1", "--body-file", js.fileName()}), 0);
    CHECK_EXIT(run({"udf", "replace", "cli", "c", "u1", "--body-file", js.fileName()}), 0);
    QCOMPARE(run({"udf", "list", "cli", "c"}).lines().size(), 1);
    QCOMPARE(run({"sproc", "query", "cli", "c", "SELECT * FROM s"}).lines().size(), 1);
    CHECK_EXIT(run({"udf", "delete", "cli", "c", "u1"}), 0);

    r = run({"throughput", "show", "cli", "c"});
    CHECK_EXIT(r, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value("throughput").toInt(), 400);
    r = run({"throughput", "set", "cli", "c", "--autoscale-max", "4000"});
    CHECK_EXIT(r, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value("autoscaleMaxThroughput").toInt(), 4000);
    CHECK_EXIT(run({"throughput", "set", "cli", "c", "--manual", "450"}), 1);
    r = run({"throughput", "show", "cli"});
    CHECK_EXIT(r, 2);
    QVERIFY(r.err.contains("no shared throughput"));
}

void tst_Cli::usersAndPermissions()
{
    CHECK_EXIT(run({"user", "create", "cli", "u"}), 0);
    CHECK_EXIT(run({"user", "upsert", "cli", "u2"}), 0);
    QCOMPARE(run({"user", "list", "cli"}).lines().size(), 2);
    CHECK_EXIT(run({"user", "replace", "cli", "u2", "u3"}), 0);
    CHECK_EXIT(run({"user", "show", "cli", "u3"}), 0);
    CHECK_EXIT(run({"user", "delete", "cli", "u3"}), 0);
    CliResult r = run({"permission", "create", "cli", "u", "p", "--mode", "read", "--resource", "dbs/cli/colls/c"});
    CHECK_EXIT(r, 0);
    const QString token = QJsonDocument::fromJson(r.out).object().value("_token").toString();
    QVERIFY(token.startsWith(QStringLiteral("type=resource")));
    CHECK_EXIT(run({"permission", "upsert", "cli", "u", "p", "--mode", "all", "--resource", "dbs/cli/colls/c"}), 0);
    QCOMPARE(run({"permission", "query", "cli", "u", "SELECT * FROM p"}).lines().size(), 1);
    CHECK_EXIT(run({"permission", "create", "cli", "u", "p2", "--mode", "write", "--resource", "x"}), 1);
    // The token reads the container it was given for, and nothing else.
    r = run({"--endpoint", m_gateway.url().toString(), "--resource-token", token, "--token-resource",
             "dbs/cli/colls/c", "--ca-cert", GatewayProcess::caFile(), "item", "get", "cli", "c", "i1", "--pk", "\"a\""},
            {}, false);
    CHECK_EXIT(r, 0);
    r = run({"--endpoint", m_gateway.url().toString(), "--resource-token", token, "--token-resource",
             "dbs/cli/colls/c", "--ca-cert", GatewayProcess::caFile(), "container", "show", "cli", "imp"},
            {}, false);
    CHECK_EXIT(r, 2);
    QVERIFY(r.err.contains("403"));
    CHECK_EXIT(run({"permission", "delete", "cli", "u", "p"}), 0);
    CHECK_EXIT(run({"conflicts", "list", "cli", "c"}), 0);
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
