// cosmoscope-cli with Microsoft Entra ID against the gateway's mock identity platform and ARM
// (--entra --disable-local-auth): a service principal (azure-identity variables), a device-code
// user and a browser sign-in each open the Entra-only account; management through ARM;
// discovery; role assignments; and no secret in any output, log or file the CLI writes.
#include "integrationsupport.h"

#include <QDirIterator>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <functional>

using namespace Support;

static const char Contoso[] = "11111111-1111-4111-8111-111111111111";
static const char GraceOid[] = "66666666-6666-4666-8666-666666666666";

class tst_CliEntra : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void servicePrincipalFromEnvironment();
    void deviceCodeUser();
    void browserSignIn();
    void discovery();
    void roleAssignmentLiftsRefusal();
    void nothingSecretIsWritten();
    void usageErrors();

private:
    QStringList entra(bool withEndpoint = true) const
    {
        QStringList a{QStringLiteral("--auth"),
                      QStringLiteral("entra"),
                      QStringLiteral("--authority-host"),
                      m_gateway.loginUrl().toString(),
                      QStringLiteral("--arm-endpoint"),
                      m_gateway.armUrl().toString(),
                      QStringLiteral("--ca-cert"),
                      GatewayProcess::caFile()};
        if (withEndpoint)
            a << QStringLiteral("--endpoint") << m_gateway.url().toString();
        return a;
    }
    QProcessEnvironment environment(bool servicePrincipal) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *v : {"COSMOSCOPE_CONNECTION_STRING",
                              "AZURE_TENANT_ID",
                              "AZURE_CLIENT_ID",
                              "AZURE_CLIENT_SECRET",
                              "AZURE_AUTHORITY_HOST"})
            env.remove(QString::fromLatin1(v));
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
        env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin")); // no az
        if (servicePrincipal) {
            env.insert(QStringLiteral("AZURE_TENANT_ID"), QString::fromLatin1(Contoso));
            env.insert(QStringLiteral("AZURE_CLIENT_ID"),
                       QStringLiteral("33333333-3333-4333-8333-333333333333"));
            env.insert(QStringLiteral("AZURE_CLIENT_SECRET"), QStringLiteral("test-sp-secret"));
        }
        return env;
    }
    /// Runs the CLI; `onStderr` sees stderr as it grows (to play the user).
    CliRun run(const QStringList &args,
               bool servicePrincipal,
               std::function<void(const QByteArray &err)> onStderr = {})
    {
        QProcess p;
        p.setProcessEnvironment(environment(servicePrincipal));
        QElapsedTimer timer;
        timer.start();
        p.start(QStringLiteral(COSMOSCOPE_CLI_PATH), args);
        if (!p.waitForStarted(5000))
            return {};
        p.closeWriteChannel();
        CliRun r;
        connect(&p, &QProcess::readyReadStandardError, &p, [&] {
            r.err += p.readAllStandardError();
            if (onStderr)
                onStderr(r.err);
        });
        if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, WaitMs)) {
            p.kill();
            p.waitForFinished(2000);
            r.exitCode = -2;
        } else {
            r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        }
        r.out = p.readAllStandardOutput();
        r.err += p.readAllStandardError();
        r.elapsedMs = timer.elapsed();
        m_outputs << r.out << r.err;
        return r;
    }
    /// Plays the user of a device code shown on stderr.
    std::function<void(const QByteArray &)> deviceUser(const QString &user)
    {
        return [this, user](const QByteArray &err) {
            static const QRegularExpression code(QStringLiteral("enter the code (\\w+)"));
            const QRegularExpressionMatch m = code.match(QString::fromUtf8(err));
            if (m.hasMatch() && !m_approved.contains(m.captured(1))) {
                m_approved << m.captured(1);
                QCOMPARE(m_gateway.deviceLogin(m.captured(1), user), 200);
            }
        };
    }

    GatewayProcess m_gateway;
    QTemporaryDir m_home;
    QStringList m_approved;
    QList<QByteArray> m_outputs; ///< every stdout and stderr, for the secrets check
};

void tst_CliEntra::initTestCase()
{
    QVERIFY(m_home.isValid());
    GatewayProcess::Options options;
    options.entra = true;
    options.disableLocalAuth = true;
    QVERIFY2(m_gateway.start(options), qPrintable(m_gateway.errorString()));
    QCOMPARE(GatewayProcess::postJson(m_gateway.loginUrl(),
                                      QStringLiteral("/_test/identity"),
                                      QJsonObject{{QStringLiteral("deviceInterval"), 1}}),
             200);
}

void tst_CliEntra::servicePrincipalFromEnvironment()
{
    // The key is refused: the account is Entra-only.
    CliRun r = run(cliConnection(m_gateway.url()) << QStringLiteral("account"), false);
    QCOMPARE(r.exitCode, 2);

    r = run(entra() << QStringLiteral("account"), true);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("databaseAccountEndpoint"));
    // A connection string without AccountKey works too.
    r = run(QStringList{QStringLiteral("--connection-string"),
                        QStringLiteral("AccountEndpoint=%1;").arg(m_gateway.url().toString())}
                << entra(false) << QStringLiteral("db") << QStringLiteral("list"),
            true);
    QVERIFY2(r.exitCode == 0, r.err.constData());

    r = run(entra() << QStringLiteral("db") << QStringLiteral("create") << QStringLiteral("shop"),
            true);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = run(entra() << QStringLiteral("container") << QStringLiteral("create")
                    << QStringLiteral("shop") << QStringLiteral("orders")
                    << QStringLiteral("--partition-key") << QStringLiteral("/pk")
                    << QStringLiteral("--throughput") << QStringLiteral("400"),
            true);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("\"orders\""));
    r = run(entra() << QStringLiteral("throughput") << QStringLiteral("set")
                    << QStringLiteral("shop") << QStringLiteral("orders")
                    << QStringLiteral("--autoscale-max") << QStringLiteral("4000"),
            true);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = run(entra() << QStringLiteral("throughput") << QStringLiteral("show")
                    << QStringLiteral("shop") << QStringLiteral("orders"),
            true);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("4000") && r.out.contains("autoscale"), r.out.constData());

    QTemporaryDir dir;
    QFile js(dir.filePath(QStringLiteral("hello.js")));
    QVERIFY(js.open(QIODevice::WriteOnly));
    js.write("function () { getContext().getResponse().setBody('hi from ARM'); }");
    js.close();
    r = run(entra() << QStringLiteral("sproc") << QStringLiteral("create") << QStringLiteral("shop")
                    << QStringLiteral("orders") << QStringLiteral("hello")
                    << QStringLiteral("--body-file") << js.fileName(),
            true);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = run(entra() << QStringLiteral("sproc") << QStringLiteral("exec") << QStringLiteral("shop")
                    << QStringLiteral("orders") << QStringLiteral("hello") << QStringLiteral("--pk")
                    << QStringLiteral("\"a\""),
            true);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("hi from ARM"));
}

void tst_CliEntra::deviceCodeUser()
{
    const CliRun r = run(entra() << QStringLiteral("--device-code") << QStringLiteral("--tenant")
                                 << QString::fromLatin1(Contoso) << QStringLiteral("db")
                                 << QStringLiteral("list"),
                         false,
                         deviceUser(QStringLiteral("ada@contoso.test")));
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.err.contains("/devicelogin"));
    QVERIFY(r.out.contains("\"shop\""));
}

void tst_CliEntra::browserSignIn()
{
    int browser = 0;
    const CliRun r = run(
        entra() << QStringLiteral("--browser") << QStringLiteral("--tenant")
                << QString::fromLatin1(Contoso) << QStringLiteral("container")
                << QStringLiteral("list") << QStringLiteral("shop"),
        false,
        [&browser](const QByteArray &err) {
            static const QRegularExpression url(QStringLiteral("(https://\\S+/authorize\\S+)"));
            const QRegularExpressionMatch m = url.match(QString::fromUtf8(err));
            if (m.hasMatch() && browser == 0)
                browser = GatewayProcess::followAuthorizeUrl(QUrl(m.captured(1), QUrl::StrictMode));
        });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(browser, 200);
    QVERIFY(r.out.contains("\"orders\""));
}

void tst_CliEntra::discovery()
{
    const CliRun r
        = run(entra(false) << QStringLiteral("azure") << QStringLiteral("accounts"), true);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("\"name\":\"cosmoscope-sandbox\""));
    QVERIFY(r.out.contains(
        QStringLiteral("\"endpoint\":\"%1\"").arg(m_gateway.url().toString()).toUtf8()));
    QVERIFY(!r.out.contains("legacy-mongo"));
    QVERIFY(!r.out.contains("telemetry-table"));
}

void tst_CliEntra::roleAssignmentLiftsRefusal()
{
    const QStringList query = entra()
                              << QStringLiteral("--device-code") << QStringLiteral("--tenant")
                              << QString::fromLatin1(Contoso) << QStringLiteral("query")
                              << QStringLiteral("shop") << QStringLiteral("orders")
                              << QStringLiteral("SELECT * FROM c");
    CliRun r = run(query, false, deviceUser(QStringLiteral("grace@contoso.test")));
    QCOMPARE(r.exitCode, 2); // grace holds no data role
    QVERIFY2(
        r.err.contains("az cosmosdb sql role assignment create --account-name cosmoscope-sandbox"),
        r.err.constData());
    QVERIFY(r.err.contains("Cosmos DB Built-in Data Reader"));
    QVERIFY(r.err.contains(GraceOid));

    r = run(entra() << QStringLiteral("role") << QStringLiteral("create")
                    << QStringLiteral("--principal") << QString::fromLatin1(GraceOid)
                    << QStringLiteral("--role") << QStringLiteral("reader")
                    << QStringLiteral("--scope") << QStringLiteral("/dbs/shop"),
            true);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString assignment
        = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("name")).toString();
    QVERIFY(!assignment.isEmpty());
    r = run(entra() << QStringLiteral("role") << QStringLiteral("list"), true);
    QVERIFY(r.out.contains(assignment.toUtf8()));

    r = run(query, false, deviceUser(QStringLiteral("grace@contoso.test")));
    QVERIFY2(r.exitCode == 0, r.err.constData());

    r = run(entra() << QStringLiteral("role") << QStringLiteral("delete") << assignment, true);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = run(entra() << QStringLiteral("role") << QStringLiteral("definitions"), true);
    QVERIFY(r.out.contains("Cosmos DB Built-in Data Contributor"));
}

void tst_CliEntra::nothingSecretIsWritten()
{
    const QString log = m_home.filePath(QStringLiteral("requests.jsonl"));
    const CliRun r = run(entra() << QStringLiteral("--debug") << QStringLiteral("--verbose")
                                 << QStringLiteral("--log-requests") << log << QStringLiteral("db")
                                 << QStringLiteral("list"),
                         true);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.err.contains("cosmoscope.network")); // the debug log did run
    QStringList files;
    QDirIterator it(m_home.path(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    QVERIFY(files.contains(log));
    QList<QByteArray> texts = m_outputs;
    for (const QString &f : std::as_const(files)) {
        QFile file(f);
        QVERIFY(file.open(QIODevice::ReadOnly));
        texts << file.readAll();
    }
    QVERIFY(texts.size() >= 3); // this run and its log; with the whole suite, every earlier run too
    for (const QByteArray &t : std::as_const(texts)) {
        QVERIFY2(!t.contains("test-sp-secret"), t.left(400).constData());
        QVERIFY2(!t.contains("eyJ"), t.left(400).constData()); // every JWT starts with it
        QVERIFY2(!t.contains("type=aad"), t.left(400).constData());
        QVERIFY2(!t.toLower().contains("refresh_token"), t.left(400).constData());
        QVERIFY2(!t.toLower().contains("bearer "), t.left(400).constData());
    }
}

void tst_CliEntra::usageErrors()
{
    CliRun r = run(entra() << QStringLiteral("--cloud") << QStringLiteral("mars")
                           << QStringLiteral("account"),
                   true);
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("--cloud"));
    r = run(
        QStringList{QStringLiteral("--auth"), QStringLiteral("magic"), QStringLiteral("account")},
        true);
    QCOMPARE(r.exitCode, 1);
    // Entra without any sign-in source (no variables, no az, no flag) says what to do.
    r = run(entra() << QStringLiteral("account"), false);
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("AZURE_CLIENT_SECRET"));
}

QTEST_GUILESS_MAIN(tst_CliEntra)
#include "tst_cli_entra.moc"
