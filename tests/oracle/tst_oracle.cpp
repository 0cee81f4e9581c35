#include "integrationsupport.h"

#include <QDir>
#include <QFile>
#include <QMap>

#include <algorithm>

using namespace Cosmos;
using namespace Support;

/// The query oracle through the core (CosmosClient::query and its cross-partition pipeline) and
/// through cosmoscope-cli: every query of tests/oracle/corpus.js, across partitions and scoped
/// to one partition key value, against the loopback gateway. The expected results come from
/// the corpus's reference evaluator (tests/oracle/expected.js, run here by node), which
/// computes them from the generated documents, never from a server.
class tst_Oracle : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();
    void core_data() { addRows(QStringLiteral("core")); }
    void core();
    void cli_data() { addRows(QStringLiteral("cli")); }
    void cli();

private:
    struct Run
    {
        QString name;
        QString container;
        QString scope;
        QString sql;
        QJsonArray parameters;
        QJsonValue partitionKey; // null across partitions
        QJsonArray expected;
        bool ordered = false;
        bool system = false;
        QJsonObject skip;
    };
    struct Counts
    {
        int pass = 0;
        int fail = 0;
        int skip = 0;
    };

    void addRows(const QString &client);
    bool createContainer(const QJsonObject &definition);
    QStringList canonical(const QJsonArray &results, const Run &run) const;
    void compare(const QJsonArray &got, const Run &run);
    bool skipFor(const QString &client, const Run &run);

    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
    QList<Run> m_runs;
    QStringList m_systemProperties;
    QMap<QString, Counts> m_counts; // "client scope"
    QString m_currentKey;
    bool m_currentSkipped = false;
};

static const QString Database = QStringLiteral("oracle");

static QByteArray compactText(const QJsonValue &v)
{
    // Wrapped in an array so scalars serialize; QJsonObject sorts keys: canonical text.
    const QByteArray text = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return text.mid(1, text.size() - 2);
}

void tst_Oracle::initTestCase()
{
    QProcess node;
    node.start(QStringLiteral("node"),
               {QStringLiteral(COSMOSCOPE_ORACLE_DIR "/expected.js"),
                QStringLiteral(COSMOSCOPE_ORACLE_JSON)});
    QVERIFY2(node.waitForFinished(60000), qPrintable(node.errorString()));
    QVERIFY2(node.exitStatus() == QProcess::NormalExit && node.exitCode() == 0,
             node.readAllStandardError().constData());
    QFile file(QStringLiteral(COSMOSCOPE_ORACLE_JSON));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
    QJsonParseError parseError;
    const QJsonObject oracle = QJsonDocument::fromJson(file.readAll(), &parseError).object();
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    for (const QJsonValue &p : oracle.value(QStringLiteral("systemProperties")).toArray())
        m_systemProperties << p.toString();

    for (const QJsonValue &c : oracle.value(QStringLiteral("cases")).toArray()) {
        const QJsonObject entry = c.toObject();
        for (const QJsonValue &r : entry.value(QStringLiteral("runs")).toArray()) {
            const QJsonObject run = r.toObject();
            m_runs.append({entry.value(QStringLiteral("name")).toString(),
                           entry.value(QStringLiteral("container")).toString(),
                           run.value(QStringLiteral("scope")).toString(),
                           run.value(QStringLiteral("sql")).toString(),
                           run.value(QStringLiteral("parameters")).toArray(),
                           run.value(QStringLiteral("partitionKey")),
                           run.value(QStringLiteral("expected")).toArray(),
                           entry.value(QStringLiteral("ordered")).toBool(),
                           entry.value(QStringLiteral("system")).toBool(),
                           entry.value(QStringLiteral("skip")).toObject()});
        }
    }
    QVERIFY(m_runs.size() >= 120);

    START_GATEWAY(m_gateway, GatewayProcess::Options{});
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    const CosmosResponse db = await([&](ResponseCallback cb) {
        m_client->create(ResourcePath::databases(),
                         QJsonObject{{QStringLiteral("id"), Database}},
                         {},
                         nullptr,
                         cb);
    });
    QVERIFY2(db.ok(), qPrintable(db.error.toString()));
    for (const QJsonValue &c : oracle.value(QStringLiteral("containers")).toArray())
        QVERIFY(createContainer(c.toObject()));
}

bool tst_Oracle::createContainer(const QJsonObject &definition)
{
    const QString id = definition.value(QStringLiteral("id")).toString();
    QJsonObject body{
        {QStringLiteral("id"), id},
        {QStringLiteral("partitionKey"), definition.value(QStringLiteral("partitionKey"))},
        {QStringLiteral("indexingPolicy"), definition.value(QStringLiteral("indexingPolicy"))}};
    const CosmosResponse r = await([&](ResponseCallback cb) {
        m_client->create(
            ResourcePath::database(Database).feed(ResourceKind::Container), body, {}, nullptr, cb);
    });
    if (!r.ok()) {
        qWarning() << "creating" << id << r.error.toString();
        return false;
    }
    const ResourcePath container = ResourcePath::container(Database, id);
    const QJsonArray docs = definition.value(QStringLiteral("docs")).toArray();
    auto pending = std::make_shared<int>(0);
    auto failures = std::make_shared<QStringList>();
    for (qsizetype i = 0; i < docs.size(); ++i) {
        ++*pending;
        m_client->writeItem(CosmosClient::ItemWrite::Create,
                            container,
                            QJsonDocument(docs.at(i).toObject()).toJson(QJsonDocument::Compact),
                            {},
                            nullptr,
                            [pending, failures](const CosmosResponse &w) {
                                if (!w.ok())
                                    *failures << w.error.toString();
                                --*pending;
                            });
        if (*pending >= 32 && !QTest::qWaitFor([pending] { return *pending < 16; }, WaitMs))
            return false;
    }
    if (!QTest::qWaitFor([pending] { return *pending == 0; }, WaitMs) || !failures->isEmpty()) {
        qWarning() << "inserting into" << id << failures->mid(0, 3);
        return false;
    }
    return true;
}

void tst_Oracle::addRows(const QString &client)
{
    QTest::addColumn<int>("index");
    for (qsizetype i = 0; i < m_runs.size(); ++i) {
        const Run &run = m_runs.at(i);
        QTest::newRow(
            qPrintable(client + QLatin1Char('/') + run.scope + QLatin1Char('/') + run.name))
            << int(i);
    }
}

bool tst_Oracle::skipFor(const QString &client, const Run &run)
{
    m_currentKey = client + QLatin1Char(' ') + run.scope;
    m_currentSkipped = false;
    QString reason = run.skip.value(client + QLatin1Char(':') + run.scope).toString();
    if (reason.isEmpty())
        reason = run.skip.value(client).toString();
    if (reason.isEmpty())
        return false;
    m_currentSkipped = true;
    QTest::qSkip(qPrintable(reason), __FILE__, __LINE__);
    return true;
}

void tst_Oracle::cleanup()
{
    if (m_currentKey.isEmpty())
        return;
    Counts &c = m_counts[m_currentKey];
    if (QTest::currentTestFailed())
        ++c.fail;
    else if (m_currentSkipped)
        ++c.skip;
    else
        ++c.pass;
    m_currentKey.clear();
}

void tst_Oracle::cleanupTestCase()
{
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it) {
        qInfo("oracle %s: %d passed, %d failed, %d skipped",
              qPrintable(it.key()),
              it->pass,
              it->fail,
              it->skip);
    }
}

QStringList tst_Oracle::canonical(const QJsonArray &results, const Run &run) const
{
    QStringList texts;
    for (const QJsonValue &v : results) {
        QJsonValue value = v;
        if (run.system && v.isObject()) {
            QJsonObject o = v.toObject();
            for (const QString &p : m_systemProperties)
                o.remove(p);
            value = o;
        }
        texts << QString::fromUtf8(compactText(value));
    }
    if (!run.ordered)
        texts.sort();
    return texts;
}

// Fails with the query, the counts and a few missing and extra results.
void tst_Oracle::compare(const QJsonArray &got, const Run &run)
{
    const QStringList actual = canonical(got, run);
    const QStringList expected = canonical(run.expected, run);
    if (actual == expected)
        return;
    QStringList missing = expected;
    QStringList extra;
    for (const QString &a : actual) {
        if (!missing.removeOne(a))
            extra << a;
    }
    const auto few = [](const QStringList &list) {
        QStringList out;
        for (const QString &s : list.mid(0, 3))
            out << (s.size() > 160 ? s.left(160) + QStringLiteral("…") : s);
        return out.join(QStringLiteral(" ; "));
    };
    QString message = QStringLiteral("%1\ngot %2, want %3; ")
                          .arg(run.sql)
                          .arg(actual.size())
                          .arg(expected.size());
    if (missing.isEmpty() && extra.isEmpty()) {
        qsizetype i = 0;
        while (actual.at(i) == expected.at(i))
            ++i;
        message += QStringLiteral("same results, order differs at %1: got %2, want %3")
                       .arg(i)
                       .arg(actual.at(i), expected.at(i));
    } else {
        message += QStringLiteral("missing %1 (%2); extra %3 (%4)")
                       .arg(missing.size())
                       .arg(few(missing))
                       .arg(extra.size())
                       .arg(few(extra));
    }
    QFAIL(qPrintable(message));
}

void tst_Oracle::core()
{
    QFETCH(int, index);
    const Run &run = m_runs.at(index);
    if (skipFor(QStringLiteral("core"), run))
        return;
    QuerySpec spec{run.sql, {}};
    for (const QJsonValue &p : run.parameters) {
        const QJsonObject o = p.toObject();
        spec.parameters.append(
            {o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("value"))});
    }
    RequestOptions options;
    options.maxItemCount = 50; // several pages: continuations are part of what is checked
    if (!run.partitionKey.isNull()) {
        CosmosError error;
        options.partitionKey
            = PartitionKey::fromJsonText(QString::fromUtf8(compactText(run.partitionKey)), &error);
        QVERIFY2(!error.isError(), qPrintable(error.toString()));
    }
    const ResourcePath feed
        = ResourcePath::container(Database, run.container).feed(ResourceKind::Item);
    std::unique_ptr<Pager> pager(m_client->query(feed, spec, options, nullptr));
    QJsonArray got;
    auto done = std::make_shared<bool>(false);
    auto error = std::make_shared<CosmosError>();
    Pager *p = pager.get();
    connect(p, &Pager::pageReady, this, [p, &got](const FeedPage &page) {
        for (const QJsonValue &v : page.items)
            got.append(v);
        if (p->hasMore())
            p->fetchNext();
    });
    connect(p, &Pager::finished, this, [done] { *done = true; });
    connect(p, &Pager::failed, this, [done, error](const CosmosError &e) {
        *error = e;
        *done = true;
    });
    p->fetchNext();
    QVERIFY2(QTest::qWaitFor([done] { return *done; }, WaitMs), "the query did not finish");
    QVERIFY2(!error->isError(), qPrintable(run.sql + QLatin1Char('\n') + error->toString()));
    compare(got, run);
}

void tst_Oracle::cli()
{
    QFETCH(int, index);
    const Run &run = m_runs.at(index);
    if (skipFor(QStringLiteral("cli"), run))
        return;
    QStringList args = cliConnection(m_gateway.url());
    args << QStringLiteral("query") << Database << run.container << run.sql
         << QStringLiteral("--output") << QStringLiteral("jsonl")
         // pages of 13 (the core runs pages of 50): more continuations, other page seams
         << QStringLiteral("--page-size") << QStringLiteral("13");
    for (const QJsonValue &p : run.parameters) {
        const QJsonObject o = p.toObject();
        args << QStringLiteral("--param")
             << o.value(QStringLiteral("name")).toString() + QLatin1Char('=')
                    + QString::fromUtf8(compactText(o.value(QStringLiteral("value"))));
    }
    if (!run.partitionKey.isNull())
        args << QStringLiteral("--pk") << QString::fromUtf8(compactText(run.partitionKey));
    const CliRun r = runCli(args);
    QVERIFY2(r.exitCode == 0,
             qPrintable(run.sql + QStringLiteral("\nexit %1: ").arg(r.exitCode)
                        + QString::fromUtf8(r.err)));
    QJsonArray got;
    const QList<QByteArray> lines = r.out.split('\n');
    for (const QByteArray &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson("[" + line + "]", &parseError);
        QVERIFY2(parseError.error == QJsonParseError::NoError, line.constData());
        got.append(doc.array().first());
    }
    compare(got, run);
}

QTEST_GUILESS_MAIN(tst_Oracle)
#include "tst_oracle.moc"
