#include "integrationsupport.h"

#include <QProcess>

#include <algorithm>

using namespace Cosmos;
using namespace Support;

/// Cross-partition queries through CosmosClient::query against the gateway's three partition
/// key ranges: the executor falls back to the query plan on 400/1004 and merges client-side.
/// Expected results are computed here from the inserted items.
class tst_ClientCrossPartition : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void plainQueryGoesStraightThrough();
    void orderByNumbers_data();
    void orderByNumbers();
    void orderByStringsAndMixedTypes();
    void top();
    void offsetLimit();
    void aggregates_data();
    void aggregates();
    void nonValueAggregates();
    void distinct();
    void chargesAndActivityIdsAreSummed();
    void groupByAggregatesPerGroup();
    void groupByUndefinedAndNullKeysApart();
    void groupByValueForms();
    void unorderedFanOutResumesExactly();
    void biggerPagesTakeThePositionOver();
    void cancelThenResume();
    void cliOrderByWithSmallPages();
    void cliGroupByWithSmallPages();

private:
    Drained run(const QString &sql, int pageSize = 0)
    {
        RequestOptions o;
        o.maxItemCount = pageSize;
        std::unique_ptr<Pager> pager(m_client->query(m_items, QuerySpec{sql, {}}, o, nullptr));
        return drain(pager.get());
    }
    static QJsonArray values(const Drained &d, const QString &key)
    {
        QJsonArray a;
        for (const QJsonObject &o : d.items)
            a.append(o.value(key));
        return a;
    }

    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
    const ResourcePath m_container = ResourcePath::container(QStringLiteral("xdb"), QStringLiteral("x"));
    const ResourcePath m_items = m_container.feed(ResourceKind::Item);
    QList<QJsonObject> m_data;
};

static const char *const Cats[] = {"Books", "Electronics", "Garden", "Toys", "Music", "Sports", "Food", "Games"};

void tst_ClientCrossPartition::initTestCase()
{
    START_GATEWAY(m_gateway, GatewayProcess::Options{});
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    QVERIFY(createContainer(m_client.get(), QStringLiteral("xdb"), QStringLiteral("x"), QStringLiteral("/cat")));
    for (int i = 0; i < 60; ++i) {
        QJsonObject o{{"id", QStringLiteral("x%1").arg(i, 2, 10, QLatin1Char('0'))},
                      {"cat", QLatin1String(Cats[i % 8])},
                      {"price", (i * 37) % 101 + 0.25}, // unique
                      {"name", QStringLiteral("n%1").arg((i * 13) % 60, 2, 10, QLatin1Char('0'))},
                      {"color", QLatin1String(i % 3 == 0 ? "red" : (i % 3 == 1 ? "green" : "blue"))}};
        // mixed types for ORDER BY c.v: numbers, strings, booleans, null
        switch (i % 4) {
        case 0: o.insert("v", i); break;
        case 1: o.insert("v", QStringLiteral("s%1").arg(i, 2, 10, QLatin1Char('0'))); break;
        case 2: o.insert("v", i % 8 == 2); break;
        default: o.insert("v", QJsonValue::Null); break;
        }
        m_data << o;
    }
    auto pending = std::make_shared<int>(0);
    for (const QJsonObject &o : std::as_const(m_data)) {
        ++*pending;
        m_client->writeItem(CosmosClient::ItemWrite::Create, m_container, o, {}, nullptr,
                            [pending](const CosmosResponse &r) {
                                QVERIFY(r.ok());
                                --*pending;
                            });
    }
    QVERIFY(QTest::qWaitFor([pending] { return *pending == 0; }, WaitMs));
}

void tst_ClientCrossPartition::plainQueryGoesStraightThrough()
{
    RequestOptions o;
    o.maxItemCount = 1000;
    std::unique_ptr<Pager> pager(m_client->query(m_items, QuerySpec{"SELECT * FROM c", {}}, o, nullptr));
    QSignalSpy pages(pager.get(), &Pager::pageReady);
    pager->fetchNext();
    QVERIFY(pages.wait(WaitMs));
    const FeedPage page = pages.first().first().value<FeedPage>();
    QCOMPARE(page.items.size(), m_data.size());
    QVERIFY(!page.activityId.isEmpty());
    QVERIFY2(!page.activityId.contains(QLatin1Char(',')), "one request, one activity id");
    QVERIFY(page.continuation.isEmpty());
}

void tst_ClientCrossPartition::orderByNumbers_data()
{
    QTest::addColumn<bool>("descending");
    QTest::addColumn<int>("pageSize");
    QTest::newRow("asc, one page") << false << 1000;
    QTest::newRow("desc, one page") << true << 1000;
    QTest::newRow("asc, pages of 7") << false << 7;
    QTest::newRow("desc, pages of 1") << true << 1;
}

void tst_ClientCrossPartition::orderByNumbers()
{
    QFETCH(bool, descending);
    QFETCH(int, pageSize);
    QList<QJsonObject> expected = m_data;
    std::sort(expected.begin(), expected.end(), [descending](const QJsonObject &a, const QJsonObject &b) {
        return descending ? a["price"].toDouble() > b["price"].toDouble()
                          : a["price"].toDouble() < b["price"].toDouble();
    });
    QStringList ids;
    for (const QJsonObject &o : expected)
        ids << o["id"].toString();
    const Drained d = run(QStringLiteral("SELECT * FROM c ORDER BY c.price%1").arg(descending ? " DESC" : ""),
                          pageSize);
    QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
    QCOMPARE(d.ids(), ids);
    QVERIFY(std::all_of(d.pageSizes.cbegin(), d.pageSizes.cend(), [pageSize](int n) { return n <= pageSize; }));
    if (pageSize < 1000)
        QVERIFY(d.pages >= m_data.size() / pageSize);
}

void tst_ClientCrossPartition::orderByStringsAndMixedTypes()
{
    QStringList names;
    for (const QJsonObject &o : std::as_const(m_data))
        names << o["name"].toString();
    names.sort();
    Drained d = run(QStringLiteral("SELECT c.id, c.name FROM c ORDER BY c.name"), 5);
    QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
    QStringList got;
    for (const QJsonValue &v : values(d, "name"))
        got << v.toString();
    QCOMPARE(got, names);
    QCOMPARE(d.items.first().keys(), (QStringList{"id", "name"}));

    // null < false < true < numbers < strings, each group in its own order (scalars: no drain())
    RequestOptions o;
    o.maxItemCount = 4;
    std::unique_ptr<Pager> pager(m_client->query(m_items, QuerySpec{"SELECT VALUE c.v FROM c ORDER BY c.v", {}}, o, nullptr));
    QJsonArray all;
    QSignalSpy done(pager.get(), &Pager::finished);
    connect(pager.get(), &Pager::pageReady, this, [&](const FeedPage &p) {
        for (const QJsonValue &v : p.items)
            all.append(v);
        if (pager->hasMore())
            pager->fetchNext();
    });
    pager->fetchNext();
    QVERIFY(done.wait(WaitMs));
    QCOMPARE(all.size(), m_data.size());
    auto rank = [](const QJsonValue &v) {
        return v.isNull() ? 0 : v.isBool() ? 1 + int(v.toBool()) : v.isDouble() ? 3 : 4;
    };
    for (int i = 1; i < all.size(); ++i) {
        const QJsonValue a = all.at(i - 1), b = all.at(i);
        QVERIFY2(rank(a) <= rank(b), qPrintable(QStringLiteral("type order at %1").arg(i)));
        if (rank(a) == rank(b) && a.isDouble())
            QVERIFY(a.toDouble() <= b.toDouble());
        if (rank(a) == rank(b) && a.isString())
            QVERIFY(a.toString() <= b.toString());
    }
}

void tst_ClientCrossPartition::top()
{
    QList<QJsonObject> expected = m_data;
    std::sort(expected.begin(), expected.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a["price"].toDouble() > b["price"].toDouble();
    });
    QStringList ids;
    for (int i = 0; i < 5; ++i)
        ids << expected.at(i)["id"].toString();
    for (int pageSize : {1000, 2}) {
        const Drained d = run(QStringLiteral("SELECT TOP 5 c.id, c.price FROM c ORDER BY c.price DESC"), pageSize);
        QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
        QCOMPARE(d.ids(), ids);
    }
    // TOP without ORDER BY: any 5 items
    const Drained d = run(QStringLiteral("SELECT TOP 5 * FROM c"), 3);
    QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
    QCOMPARE(d.items.size(), 5);
}

void tst_ClientCrossPartition::offsetLimit()
{
    QList<QJsonObject> expected = m_data;
    std::sort(expected.begin(), expected.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a["price"].toDouble() < b["price"].toDouble();
    });
    QStringList ids;
    for (int i = 10; i < 17; ++i)
        ids << expected.at(i)["id"].toString();
    for (int pageSize : {1000, 3}) {
        const Drained d = run(QStringLiteral("SELECT * FROM c ORDER BY c.price OFFSET 10 LIMIT 7"), pageSize);
        QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
        QCOMPARE(d.ids(), ids);
    }
}

void tst_ClientCrossPartition::aggregates_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<double>("expected");
    double sum = 0, min = 1e9, max = -1e9, books = 0;
    for (const QJsonObject &o : std::as_const(m_data)) {
        const double p = o["price"].toDouble();
        sum += p;
        min = std::min(min, p);
        max = std::max(max, p);
        books += o["cat"].toString() == QLatin1String("Books");
    }
    QTest::newRow("count") << "SELECT VALUE COUNT(1) FROM c" << double(m_data.size());
    QTest::newRow("count where") << "SELECT VALUE COUNT(1) FROM c WHERE c.cat = 'Books'" << books;
    QTest::newRow("sum") << "SELECT VALUE SUM(c.price) FROM c" << sum;
    QTest::newRow("min") << "SELECT VALUE MIN(c.price) FROM c" << min;
    QTest::newRow("max") << "SELECT VALUE MAX(c.price) FROM c" << max;
    QTest::newRow("avg") << "SELECT VALUE AVG(c.price) FROM c" << sum / m_data.size();
}

void tst_ClientCrossPartition::aggregates()
{
    QFETCH(QString, sql);
    QFETCH(double, expected);
    RequestOptions o;
    o.maxItemCount = 2;
    std::unique_ptr<Pager> pager(m_client->query(m_items, QuerySpec{sql, {}}, o, nullptr));
    QSignalSpy pages(pager.get(), &Pager::pageReady);
    QSignalSpy failed(pager.get(), &Pager::failed);
    pager->fetchNext();
    QVERIFY(pages.wait(WaitMs));
    QCOMPARE(failed.size(), 0);
    const FeedPage page = pages.first().first().value<FeedPage>();
    QCOMPARE(page.items.size(), 1);
    QVERIFY(qAbs(page.items.at(0).toDouble() - expected) < 1e-9);
    QVERIFY(!pager->hasMore());
}

void tst_ClientCrossPartition::nonValueAggregates()
{
    double max = -1e9;
    for (const QJsonObject &o : std::as_const(m_data))
        max = std::max(max, o["price"].toDouble());
    const Drained d = run(QStringLiteral("SELECT COUNT(1) AS n, MAX(c.price) AS m, COUNT(c.name) FROM c"));
    QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
    QCOMPARE(d.items.size(), 1);
    QCOMPARE(d.items.first(), (QJsonObject{{"n", m_data.size()}, {"m", max}, {"$1", m_data.size()}}));
}

void tst_ClientCrossPartition::distinct()
{
    // Unordered DISTINCT over three colors, across ranges, small pages
    Drained d = run(QStringLiteral("SELECT DISTINCT c.color FROM c"), 2);
    QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
    QStringList colors;
    for (const QJsonValue &v : values(d, "color"))
        colors << v.toString();
    colors.sort();
    QCOMPARE(colors, (QStringList{"blue", "green", "red"}));
    // Ordered DISTINCT
    d = run(QStringLiteral("SELECT DISTINCT c.cat FROM c ORDER BY c.cat"), 3);
    QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
    QStringList cats;
    for (const QJsonValue &v : values(d, "cat"))
        cats << v.toString();
    QStringList expected;
    for (const char *c : Cats)
        expected << QLatin1String(c);
    expected.sort();
    QCOMPARE(cats, expected);
}

void tst_ClientCrossPartition::chargesAndActivityIdsAreSummed()
{
    RequestOptions o;
    o.maxItemCount = 1000;
    std::unique_ptr<Pager> pager(m_client->query(m_items, QuerySpec{"SELECT * FROM c ORDER BY c.price", {}}, o, nullptr));
    QSignalSpy pages(pager.get(), &Pager::pageReady);
    pager->fetchNext();
    QVERIFY(pages.wait(WaitMs));
    const FeedPage page = pages.first().first().value<FeedPage>();
    // refused plain request + plan + ranges (cached after the first query) + three ranges
    const QStringList ids = page.activityId.split(QStringLiteral(", "));
    QVERIFY2(ids.size() >= 5, qPrintable(page.activityId));
    QVERIFY(page.requestCharge >= ids.size()); // each gateway answer costs at least 1 RU
    QVERIFY(page.continuation.isEmpty());
}

void tst_ClientCrossPartition::groupByAggregatesPerGroup()
{
    // 8 categories × 3 colors: 24 groups spread over the three ranges, read 5 per page
    struct Expected
    {
        int n = 0;
        double sum = 0, min = 1e9, max = -1e9;
    };
    QMap<QString, Expected> expected;
    for (const QJsonObject &o : std::as_const(m_data)) {
        Expected &e = expected[o["cat"].toString() + '/' + o["color"].toString()];
        const double p = o["price"].toDouble();
        ++e.n;
        e.sum += p;
        e.min = std::min(e.min, p);
        e.max = std::max(e.max, p);
    }
    const Drained d
        = run(QStringLiteral(
                  "SELECT c.cat, c.color, COUNT(1) AS n, SUM(c.price) AS s, AVG(c.price) AS a, "
                  "MIN(c.price) AS lo, MAX(c.price) AS hi FROM c GROUP BY c.cat, c.color"),
              5);
    QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
    QCOMPARE(d.items.size(), expected.size());
    QCOMPARE(d.pageSizes.first(), 5);
    QSet<QString> seen;
    for (const QJsonObject &o : d.items) {
        const QString key = o["cat"].toString() + '/' + o["color"].toString();
        QVERIFY2(expected.contains(key) && !seen.contains(key), qPrintable(key));
        seen.insert(key);
        const Expected &e = expected[key];
        QCOMPARE(o["n"].toInt(), e.n);
        QVERIFY(qAbs(o["s"].toDouble() - e.sum) < 1e-9);
        QVERIFY(qAbs(o["a"].toDouble() - e.sum / e.n) < 1e-9);
        QCOMPARE(o["lo"].toDouble(), e.min);
        QCOMPARE(o["hi"].toDouble(), e.max);
    }
    // the text keeps the SELECT order (not sorted keys)
    QVERIFY2(d.raw.first().startsWith("{\"cat\":"), d.raw.first().constData());
    QVERIFY2(d.raw.first().indexOf("\"lo\"") < d.raw.first().indexOf("\"hi\""),
             d.raw.first().constData());
}

void tst_ClientCrossPartition::groupByUndefinedAndNullKeysApart()
{
    // the key is null where c.v is null, undefined (c.nope) elsewhere
    int nulls = 0;
    for (const QJsonObject &o : std::as_const(m_data))
        nulls += o["v"].isNull();
    const Drained d
        = run(QStringLiteral("SELECT (c.v = null ? null : c.nope) AS k, COUNT(1) AS n FROM c "
                             "GROUP BY (c.v = null ? null : c.nope)"));
    QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
    QCOMPARE(d.items.size(), 2);
    QMap<QString, int> counts;
    for (const QJsonObject &o : d.items)
        counts[o.contains("k") ? (o["k"].isNull() ? "null" : "other") : "undefined"]
            = o["n"].toInt();
    QCOMPARE(counts,
             (QMap<QString, int>{{"null", nulls}, {"undefined", int(m_data.size()) - nulls}}));
}

void tst_ClientCrossPartition::groupByValueForms()
{
    QMap<QString, double> max;
    for (const QJsonObject &o : std::as_const(m_data)) {
        const QString cat = o["cat"].toString();
        max[cat] = std::max(max.value(cat, -1e9), o["price"].toDouble());
    }
    Drained d = run(QStringLiteral("SELECT VALUE MAX(c.price) FROM c GROUP BY c.cat"), 3);
    QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
    QList<double> got;
    for (const QByteArray &t : std::as_const(d.raw))
        got << t.toDouble();
    QList<double> want = max.values();
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    QCOMPARE(got, want);
    // the keys themselves, and TOP applied after grouping
    d = run(QStringLiteral("SELECT TOP 5 VALUE c.cat FROM c GROUP BY c.cat"), 2);
    QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
    QCOMPARE(d.raw.size(), 5);
    QSet<QByteArray> cats(d.raw.cbegin(), d.raw.cend());
    QCOMPARE(cats.size(), 5);
    for (const QByteArray &c : std::as_const(cats))
        QVERIFY2(max.contains(QJsonDocument::fromJson("[" + c + "]").array().first().toString()),
                 c.constData());
}

void tst_ClientCrossPartition::unorderedFanOutResumesExactly()
{
    // OFFSET/LIMIT without ORDER BY drains the ranges one after another: small pages must
    // give exactly the slice one big page gives (nothing skipped or repeated at page ends)
    const Drained whole = run(QStringLiteral("SELECT c.id FROM c OFFSET 0 LIMIT 1000"), 1000);
    QVERIFY2(!whole.error.isError(), qPrintable(whole.error.toString()));
    QCOMPARE(whole.items.size(), m_data.size());
    for (int pageSize : {1, 3, 7}) {
        const Drained d = run(QStringLiteral("SELECT c.id FROM c OFFSET 5 LIMIT 40"), pageSize);
        QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
        QCOMPARE(d.ids(), whole.ids().mid(5, 40));
        QVERIFY(d.pages >= 40 / pageSize);
    }
}

void tst_ClientCrossPartition::biggerPagesTakeThePositionOver()
{
    // "Load more" with small pages, then "Load all" through a new Pager with big pages that
    // resumes from the first one's continuation (as ResultLoader does): every item once, in order
    QList<QJsonObject> expected = m_data;
    std::sort(expected.begin(), expected.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a["price"].toDouble() > b["price"].toDouble();
    });
    QStringList want;
    for (const QJsonObject &e : expected)
        want << e["id"].toString();
    const QuerySpec spec{QStringLiteral("SELECT c.id FROM c ORDER BY c.price DESC"), {}};
    RequestOptions small;
    small.maxItemCount = 4;
    auto first = std::unique_ptr<Pager>(m_client->query(m_items, spec, small, nullptr));
    QSignalSpy pages(first.get(), &Pager::pageReady);
    QStringList got;
    for (int i = 0; i < 2; ++i) {
        first->fetchNext();
        QVERIFY(pages.wait(WaitMs));
        for (const QJsonValue &v : pages.takeFirst().first().value<FeedPage>().items)
            got << v.toObject()["id"].toString();
    }
    QVERIFY(first->hasMore());
    RequestOptions big;
    big.maxItemCount = 1000;
    std::unique_ptr<Pager> second(m_client->query(m_items, spec, big, nullptr));
    second->setContinuation(first->continuation());
    first.reset(); // the old pager goes away, as ResultLoader deletes it
    const Drained rest = drain(second.get());
    QVERIFY2(!rest.error.isError(), qPrintable(rest.error.toString()));
    QCOMPARE(rest.pages, 1);
    got << rest.ids();
    QCOMPARE(got, want);
}

void tst_ClientCrossPartition::cancelThenResume()
{
    // Cancel pages in flight; resuming from the same continuation still gives the whole order.
    QList<QJsonObject> expected = m_data;
    std::sort(expected.begin(), expected.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a["price"].toDouble() < b["price"].toDouble();
    });
    RequestOptions o;
    o.maxItemCount = 4;
    std::unique_ptr<Pager> pager(m_client->query(m_items, QuerySpec{"SELECT * FROM c ORDER BY c.price", {}}, o, nullptr));
    QStringList got;
    QSignalSpy pages(pager.get(), &Pager::pageReady);
    QSignalSpy failed(pager.get(), &Pager::failed);
    int round = 0;
    while (pager->hasMore()) {
        pager->fetchNext();
        if (round++ % 3 == 1) {
            pager->cancel(); // aborts every range request of this page
            QVERIFY(!pager->isBusy());
            continue;
        }
        QVERIFY(pages.wait(WaitMs));
        for (const QJsonValue &v : pages.takeFirst().first().value<FeedPage>().items)
            got << v.toObject()["id"].toString();
    }
    QCOMPARE(failed.size(), 0);
    QStringList ids;
    for (const QJsonObject &e : expected)
        ids << e["id"].toString();
    QCOMPARE(got, ids);
}

void tst_ClientCrossPartition::cliOrderByWithSmallPages()
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("COSMOSCOPE_CONNECTION_STRING"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(COSMOSCOPE_CLI_PATH),
            {"--endpoint", m_gateway.url().toString(), "--key", ConnectionInfo::emulatorKey(),
             "--ca-cert", GatewayProcess::caFile(), "query", "xdb", "x",
             "SELECT c.id, c.price FROM c ORDER BY c.price", "--page-size", "7"});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    QList<double> prices;
    for (const QByteArray &line : p.readAllStandardOutput().split('\n')) {
        if (!line.trimmed().isEmpty())
            prices << QJsonDocument::fromJson(line).object()["price"].toDouble();
    }
    QCOMPARE(prices.size(), m_data.size());
    QVERIFY(std::is_sorted(prices.cbegin(), prices.cend()));
}

void tst_ClientCrossPartition::cliGroupByWithSmallPages()
{
    QMap<QString, int> expected;
    for (const QJsonObject &o : std::as_const(m_data))
        ++expected[o["color"].toString()];
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("COSMOSCOPE_CONNECTION_STRING"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(COSMOSCOPE_CLI_PATH),
            {"--endpoint",
             m_gateway.url().toString(),
             "--key",
             ConnectionInfo::emulatorKey(),
             "--ca-cert",
             GatewayProcess::caFile(),
             "query",
             "xdb",
             "x",
             "SELECT c.color, COUNT(1) AS n FROM c GROUP BY c.color",
             "--page-size",
             "1"});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    QMap<QString, int> got;
    for (const QByteArray &line : p.readAllStandardOutput().split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        QVERIFY2(!got.contains(o["color"].toString()), line.constData());
        got[o["color"].toString()] = o["n"].toInt();
    }
    QCOMPARE(got, expected);
}

QTEST_GUILESS_MAIN(tst_ClientCrossPartition)
#include "tst_client_crosspartition.moc"
