// cosmoscope-cli's conventions: --version, --output jsonl|json|table (a table that fits the
// terminal), colour only on a terminal and never with NO_COLOR, and the --debug request log,
// which must never show a key, a token or a signature. Against the loopback gateway.
#include "integrationsupport.h"

#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>

using namespace Cosmos;
using namespace Support;

namespace {

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class tst_CliManners : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void version();
    void outputFormats();
    void tableFitsTheTerminal();
    void colourOnlyOnATerminal();
    void debugLogNeverShowsSecrets();

private:
    QStringList connection() const
    {
        return {"--endpoint",
                m_gateway.url().toString(),
                "--key",
                ConnectionInfo::emulatorKey(),
                "--ca-cert",
                GatewayProcess::caFile()};
    }

    /// Runs the CLI on a pseudo-terminal (util-linux script(1)); stdout and stderr both arrive
    /// in `out`, as a terminal shows them.
    static CliResult runOnTerminal(const QStringList &args, const QMap<QString, QString> &env)
    {
        QStringList quoted{QStringLiteral(COSMOSCOPE_CLI_PATH)};
        for (QString a : args) // each word single-quoted for sh -c
            quoted << QLatin1Char('\'') + a.replace(QLatin1String("'"), QLatin1String("'\\''"))
                          + QLatin1Char('\'');
        return run({"-qefc", quoted.join(QLatin1Char(' ')), "/dev/null"}, env, "script");
    }

    /// Runs `program` (default: the CLI) with `args`, in the test's environment without the
    /// variables that change the CLI's output, plus `env`.
    static CliResult run(const QStringList &args,
                         const QMap<QString, QString> &env = {},
                         const char *program = nullptr)
    {
        QProcess p;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        for (const char *name :
             {"COSMOSCOPE_CONNECTION_STRING", "COLUMNS", "NO_COLOR", "QT_LOGGING_RULES"})
            e.remove(QString::fromLatin1(name));
        for (auto it = env.begin(); it != env.end(); ++it)
            e.insert(it.key(), it.value());
        p.setProcessEnvironment(e);
        p.start(program ? QString::fromLatin1(program) : QStringLiteral(COSMOSCOPE_CLI_PATH), args);
        if (!p.waitForStarted(5000))
            return {};
        p.closeWriteChannel();
        p.waitForFinished(60000);
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                p.readAllStandardOutput(),
                p.readAllStandardError()};
    }

    GatewayProcess m_gateway;
};

#define CHECK_EXIT(result, code)                                                                   \
    do {                                                                                           \
        const CliResult &checkExitResult_ = (result);                                              \
        const int checkExitExpected_ = (code);                                                     \
        QVERIFY2(checkExitResult_.exitCode == checkExitExpected_,                                  \
                 QByteArray("exit code " + QByteArray::number(checkExitResult_.exitCode)           \
                            + ", expected " + QByteArray::number(checkExitExpected_)               \
                            + "; stderr:\n" + checkExitResult_.err)                                \
                     .constData());                                                                \
    } while (false)

void tst_CliManners::initTestCase()
{
    START_GATEWAY(m_gateway, GatewayProcess::Options{});
    CHECK_EXIT(run(connection() + QStringList{"db", "create", "manners"}), 0);
    CHECK_EXIT(run(connection()
                   + QStringList{"container", "create", "manners", "c", "--partition-key", "/pk"}),
               0);
    const QStringList items{
        R"({"id":"a","pk":"p","big":9007199254740993,"name":"first item"})",
        R"({"id":"b","pk":"p","name":"a rather long name that a narrow terminal cannot show"})",
        R"({"id":"c","pk":"q","nested":{"x":[1,2,3]}})"};
    for (const QString &item : items) {
        QProcess p;
        p.start(QStringLiteral(COSMOSCOPE_CLI_PATH),
                connection() + QStringList{"item", "create", "manners", "c", "-"});
        QVERIFY(p.waitForStarted(5000));
        p.write(item.toUtf8());
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
    }
}

void tst_CliManners::version()
{
    for (const QString &option : {QStringLiteral("--version"), QStringLiteral("-V")}) {
        const CliResult r = run({option});
        CHECK_EXIT(r, 0);
        QCOMPARE(r.out, QByteArray("cosmoscope-cli " COSMOSCOPE_VERSION "\n"));
    }
}

void tst_CliManners::outputFormats()
{
    const QStringList list = connection() + QStringList{"item", "list", "manners", "c"};
    const CliResult jsonl = run(list + QStringList{"--output", "jsonl"});
    CHECK_EXIT(jsonl, 0);
    const QList<QByteArray> lines = jsonl.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    const QByteArray firstAsStored = R"({"id":"a","pk":"p","big":9007199254740993,)";
    QVERIFY(lines.first().startsWith(firstAsStored));
    const CliResult byDefault = run(list);
    CHECK_EXIT(byDefault, 0);
    QCOMPARE(byDefault.out, jsonl.out);

    const CliResult json = run(list + QStringList{"--output", "json"});
    CHECK_EXIT(json, 0);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json.out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(doc.isArray());
    QCOMPARE(doc.array().size(), 3);
    QVERIFY(json.out.contains("9007199254740993")); // number text as stored
    const CliResult empty = run(
        connection()
        + QStringList{
            "query", "manners", "c", "SELECT * FROM c WHERE c.id = 'zz'", "--output", "json"});
    CHECK_EXIT(empty, 0);
    QCOMPARE(empty.out, QByteArray("[]\n"));

    const CliResult table = run(list + QStringList{"--output", "table"});
    CHECK_EXIT(table, 0);
    const QList<QByteArray> rows = table.out.trimmed().split('\n');
    QCOMPARE(rows.size(), 4);
    QVERIFY(rows.at(0).startsWith("id "));
    QVERIFY(rows.at(0).contains("name"));
    QVERIFY(!rows.at(0).contains("_rid")); // system properties left out
    QVERIFY(rows.at(1).startsWith("a "));
    QVERIFY(rows.at(1).contains("9007199254740993"));
    QVERIFY(rows.at(1).contains("first item")); // strings without their quotes
    const QByteArray nested = R"({"x":[1,2,3]})";
    QVERIFY(rows.at(3).contains(nested));

    const CliResult bad = run(list + QStringList{"--output", "xml"});
    CHECK_EXIT(bad, 1);
    QVERIFY(bad.err.contains("--output must be jsonl, json or table"));
}

void tst_CliManners::tableFitsTheTerminal()
{
    const QStringList list
        = connection() + QStringList{"item", "list", "manners", "c", "--output", "table"};
    const CliResult wide = run(list, {{"COLUMNS", "200"}});
    CHECK_EXIT(wide, 0);
    QVERIFY(wide.out.contains("a rather long name that a narrow terminal cannot show"));
    for (const int width : {60, 40, 24}) {
        const CliResult r = run(list, {{"COLUMNS", QString::number(width)}});
        CHECK_EXIT(r, 0);
        const QList<QByteArray> rows = r.out.trimmed().split('\n');
        QCOMPARE(rows.size(), 4);
        for (const QByteArray &row : rows) {
            QVERIFY2(QString::fromUtf8(row).size() <= width,
                     (QByteArray::number(width) + " columns, got: " + row).constData());
        }
        QVERIFY(rows.at(0).startsWith("id"));
        QVERIFY(r.out.contains("\xe2\x80\xa6")); // cut cells end in "…"
    }
}

void tst_CliManners::colourOnlyOnATerminal()
{
    const QStringList table
        = connection() + QStringList{"item", "list", "manners", "c", "--output", "table"};
    const QStringList failing = connection() + QStringList{"db", "show", "no-such-db"};
    // Pipes: never colour.
    CliResult r = run(table);
    CHECK_EXIT(r, 0);
    QVERIFY(!r.out.contains('\x1b'));
    r = run(failing);
    CHECK_EXIT(r, 2);
    QVERIFY(r.err.startsWith("error: "));

    // A terminal: a bold header and a red "error:".
    r = runOnTerminal(table, {{"COLUMNS", "100"}});
    CHECK_EXIT(r, 0);
    QVERIFY2(r.out.contains("\x1b[1mid"), r.out.constData());
    r = runOnTerminal(failing, {});
    CHECK_EXIT(r, 2);
    QVERIFY2(r.out.contains("\x1b[1;31merror:\x1b[0m"), r.out.constData());

    // A terminal with NO_COLOR: none.
    r = runOnTerminal(table, {{"COLUMNS", "100"}, {"NO_COLOR", "1"}});
    CHECK_EXIT(r, 0);
    QVERIFY(r.out.contains("id"));
    QVERIFY(!r.out.contains('\x1b'));
    r = runOnTerminal(failing, {{"NO_COLOR", "1"}});
    CHECK_EXIT(r, 2);
    QVERIFY(r.out.contains("error: "));
    QVERIFY(!r.out.contains('\x1b'));
}

void tst_CliManners::debugLogNeverShowsSecrets()
{
    const QByteArray key = ConnectionInfo::emulatorKey().toLatin1();
    const QList<QStringList> commands{
        {"item", "list", "manners", "c"},
        {"query", "manners", "c", "SELECT * FROM c WHERE c.pk = @p", "--param", "@p=\"p\""},
        {"item", "get", "manners", "c", "a", "--pk", "\"p\""},
        {"item", "get", "manners", "c", "missing", "--pk", "\"p\""}, // a 404
        {"db", "list"}};
    // An HMAC-SHA256 signature in base64: 43 characters and '='.
    static const QRegularExpression signature(QStringLiteral("[A-Za-z0-9+/]{43}="));
    int logged = 0;
    for (const QStringList &command : commands) {
        for (const bool viaEnvironment : {false, true}) {
            const CliResult r = viaEnvironment
                                    ? run(connection() + command,
                                          {{"QT_LOGGING_RULES", "cosmoscope.*.debug=true"}})
                                    : run(connection() + command + QStringList{"--debug"});
            QVERIFY2(r.exitCode == 0 || r.exitCode == 2, r.err.constData());
            if (!viaEnvironment) {
                QVERIFY2(r.err.contains("cosmoscope.network: "), r.err.constData());
                QVERIFY(r.err.contains("status"));
            }
            logged += int(r.err.count("status"));
            const QByteArray all = r.out + r.err;
            QVERIFY(!r.err.contains(key));
            QVERIFY(!r.err.contains(key.left(12)));
            QVERIFY(!all.contains("sig="));
            QVERIFY(!all.contains("sig%3D"));
            QVERIFY(!all.contains("type%3Dmaster"));
            QVERIFY(!all.contains("type=master"));
            QVERIFY(!r.err.toLower().contains("authorization"));
            QVERIFY2(!signature.match(QString::fromUtf8(r.err)).hasMatch(), r.err.constData());
        }
    }
    QVERIFY(logged >= 2 * commands.size()); // each request logged, in both ways
}

QTEST_GUILESS_MAIN(tst_CliManners)
#include "tst_cli_manners.moc"
