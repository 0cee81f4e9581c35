// SchemaStats: path extraction, type shares, histogram and timeline bins, ISO-8601 dates,
// partition key skew and the WHERE conditions a click on a value builds.
#include <schemastats.h>

#include <QTest>

using namespace Cosmos::Schema;

class TestSchemaStats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pathsOfNestedObjectsAndArrays();
    void presenceCountsDocumentsOnce();
    void typeShares();
    void valuesAndBooleans();
    void rejectsNonObjects();
    void histogramBins_data();
    void histogramBins();
    void histogramSingleValue();
    void timelineBins();
    void dates_data();
    void dates();
    void timestampIsATimeline();
    void partitionKeySkew();
    void hierarchicalPartitionKey();
    void whereConditions();
};

void TestSchemaStats::pathsOfNestedObjectsAndArrays()
{
    SchemaStats s;
    QVERIFY(s.addDocument(R"({"id":"1","stock":{"qty":3,"loc":{"city":"Lyon"}},)"
                          R"("tags":["a","b"],"lines":[{"sku":"x","qty":1},{"sku":"y"}],)"
                          R"("weird key":1})"));
    QStringList paths;
    for (const FieldStats &f : s.fields())
        paths << f.path;
    const QStringList expected{QStringLiteral("id"),
                               QStringLiteral("stock"),
                               QStringLiteral("stock.qty"),
                               QStringLiteral("stock.loc"),
                               QStringLiteral("stock.loc.city"),
                               QStringLiteral("tags"),
                               QStringLiteral("tags[]"),
                               QStringLiteral("lines"),
                               QStringLiteral("lines[]"),
                               QStringLiteral("lines[].sku"),
                               QStringLiteral("lines[].qty"),
                               QStringLiteral("weird key")};
    QCOMPARE(paths, expected);
    QCOMPARE(s.field(QStringLiteral("stock.loc.city"))->depth, 2);
    QCOMPARE(s.field(QStringLiteral("lines[].sku"))->segments,
             QStringList({QStringLiteral("lines"), QStringLiteral("[]"), QStringLiteral("sku")}));
}

void TestSchemaStats::presenceCountsDocumentsOnce()
{
    SchemaStats s;
    QVERIFY(s.addDocument(R"({"tags":["a","b","c"]})"));
    QVERIFY(s.addDocument(R"({"tags":[]})"));
    QVERIFY(s.addDocument(R"({"other":1})"));
    QCOMPARE(s.documentCount(), 3);
    const FieldStats *tags = s.field(QStringLiteral("tags"));
    QCOMPARE(tags->documents, 2);
    const FieldStats *elements = s.field(QStringLiteral("tags[]"));
    QCOMPARE(elements->documents, 1); // three elements, one document
    QCOMPARE(elements->occurrences, 3);
}

void TestSchemaStats::typeShares()
{
    SchemaStats s;
    const char *docs[] = {R"({"v":"a"})",
                          R"({"v":1})",
                          R"({"v":2.5})",
                          R"({"v":true})",
                          R"({"v":null})",
                          R"({"v":{}})",
                          R"({"v":[]})",
                          R"({"v":"b"})"};
    for (const char *d : docs)
        QVERIFY(s.addDocument(d));
    const FieldStats *v = s.field(QStringLiteral("v"));
    QCOMPARE(v->occurrences, 8);
    QCOMPARE(v->count(JsonType::String), 2);
    QCOMPARE(v->count(JsonType::Number), 2);
    QCOMPARE(v->count(JsonType::Boolean), 1);
    QCOMPARE(v->count(JsonType::Null), 1);
    QCOMPARE(v->count(JsonType::Object), 1);
    QCOMPARE(v->count(JsonType::Array), 1);
    QCOMPARE(v->share(JsonType::String), 0.25);
    QCOMPARE(v->typesSeen().first(), JsonType::String);
}

void TestSchemaStats::valuesAndBooleans()
{
    SchemaStats s;
    for (const char *d : {R"({"c":"x","b":true})",
                          R"({"c":"y","b":false})",
                          R"({"c":"x","b":true})",
                          R"({"c":"x"})"})
        QVERIFY(s.addDocument(d));
    const QList<ValueCount> top = s.field(QStringLiteral("c"))->topValues();
    QCOMPARE(top.size(), 2);
    QCOMPARE(top.at(0).value, QStringLiteral("x"));
    QCOMPARE(top.at(0).count, 3);
    const FieldStats *b = s.field(QStringLiteral("b"));
    QCOMPARE(b->trueCount, 2);
    QCOMPARE(b->falseCount, 1);
    QCOMPARE(s.field(QStringLiteral("c"))->stringLengths, QList<double>({1, 1, 1, 1}));
}

void TestSchemaStats::rejectsNonObjects()
{
    SchemaStats s;
    QVERIFY(!s.addDocument("[1,2]"));
    QVERIFY(!s.addDocument("{broken"));
    QCOMPARE(s.documentCount(), 0);
    QVERIFY(s.fields().isEmpty());
}

void TestSchemaStats::histogramBins_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<int>("maxBins");
    QTest::newRow("spread") << QList<double>{0.5, 1.2, 3.3, 9.9, 7.1, 4.4} << 20;
    QTest::newRow("whole") << QList<double>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12} << 5;
    QTest::newRow("negative") << QList<double>{-250, -3, 0, 17, 480} << 8;
    QTest::newRow("few bins") << QList<double>{2.01, 499.99, 250, 100, 300, 1, 77} << 3;
}

void TestSchemaStats::histogramBins()
{
    QFETCH(QList<double>, values);
    QFETCH(int, maxBins);
    const QList<Bin> bins = histogram(values, maxBins);
    QVERIFY(!bins.isEmpty());
    QVERIFY(bins.size() <= maxBins);
    qint64 total = 0;
    const double width = bins.first().high - bins.first().low;
    for (int i = 0; i < bins.size(); ++i) {
        total += bins.at(i).count;
        QVERIFY(qFuzzyCompare(bins.at(i).high - bins.at(i).low, width));
        if (i > 0)
            QCOMPARE(bins.at(i).low, bins.at(i - 1).high);
    }
    QCOMPARE(total, values.size()); // every value in exactly one bin
    const auto [mn, mx] = std::minmax_element(values.begin(), values.end());
    QVERIFY(bins.first().low <= *mn);
    QVERIFY(bins.last().high >= *mx);
    // Each value is in the bin whose range holds it (the last bin includes its high end).
    for (double v : values) {
        int hits = 0;
        for (int i = 0; i < bins.size(); ++i) {
            const bool last = i == bins.size() - 1;
            if (v >= bins.at(i).low && (v < bins.at(i).high || (last && v <= bins.at(i).high)))
                ++hits;
        }
        QCOMPARE(hits, 1);
    }
}

void TestSchemaStats::histogramSingleValue()
{
    const QList<Bin> bins = histogram({7, 7, 7});
    QCOMPARE(bins.size(), 1);
    QCOMPARE(bins.first().count, 3);
    QCOMPARE(bins.first().low, 7.0);
    QVERIFY(histogram({}).isEmpty());
}

void TestSchemaStats::timelineBins()
{
    QDateTime a, b, c;
    QVERIFY(isIsoDate(QStringLiteral("2024-01-01T00:00:00Z"), &a));
    QVERIFY(isIsoDate(QStringLiteral("2024-06-15T12:00:00Z"), &b));
    QVERIFY(isIsoDate(QStringLiteral("2024-12-31T23:59:59Z"), &c));
    const QList<double> ms{double(a.toMSecsSinceEpoch()),
                           double(b.toMSecsSinceEpoch()),
                           double(c.toMSecsSinceEpoch())};
    const QList<Bin> bins = timeline(ms, 24);
    QVERIFY(bins.size() <= 24);
    QVERIFY(bins.size() >= 6);
    qint64 total = 0;
    for (const Bin &bin : bins)
        total += bin.count;
    QCOMPARE(total, 3);
    // A year in bins of a month-like width: 30 days.
    QCOMPARE(bins.first().high - bins.first().low, 30.0 * 86400000);
}

void TestSchemaStats::dates_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("isDate");
    QTest::addColumn<QString>("utc");
    QTest::newRow("date") << "2024-03-01" << true << "2024-03-01T00:00:00.000Z";
    QTest::newRow("zulu ms") << "2024-03-01T10:20:30.123Z" << true << "2024-03-01T10:20:30.123Z";
    QTest::newRow("7 digits") << "2024-03-01T10:20:30.1234567Z" << true
                              << "2024-03-01T10:20:30.123Z";
    QTest::newRow("offset") << "2024-03-01T10:20:30+02:00" << true << "2024-03-01T08:20:30.000Z";
    QTest::newRow("no zone") << "2024-03-01T10:20" << true << "2024-03-01T10:20:00.000Z";
    QTest::newRow("month only") << "2024-03" << false << "";
    QTest::newRow("bad day") << "2024-02-31" << false << "";
    QTest::newRow("words") << "yesterday" << false << "";
    QTest::newRow("number text") << "20240301" << false << "";
}

void TestSchemaStats::dates()
{
    QFETCH(QString, text);
    QFETCH(bool, isDate);
    QFETCH(QString, utc);
    QDateTime when;
    QCOMPARE(isIsoDate(text, &when), isDate);
    if (isDate)
        QCOMPARE(when.toString(Qt::ISODateWithMs), utc);
}

void TestSchemaStats::timestampIsATimeline()
{
    SchemaStats s;
    QVERIFY(s.addDocument(R"({"_ts":1700000000,"when":"2024-01-02T03:04:05Z","n":5})"));
    QCOMPARE(s.field(QStringLiteral("_ts"))->dates, QList<double>({1700000000000.0}));
    QCOMPARE(s.field(QStringLiteral("when"))->dates.size(), 1);
    QVERIFY(s.field(QStringLiteral("n"))->dates.isEmpty());
}

void TestSchemaStats::partitionKeySkew()
{
    SchemaStats s;
    s.setPartitionKeyPaths({QStringLiteral("/category")});
    for (const char *d : {R"({"category":"a"})",
                          R"({"category":"a"})",
                          R"({"category":"a"})",
                          R"({"category":"b"})"})
        QVERIFY(s.addDocument(d));
    QVERIFY(s.field(QStringLiteral("category"))->partitionKey);
    const PartitionSkew skew = s.partitionSkew();
    QCOMPARE(skew.distinctValues, 2);
    QCOMPARE(skew.largest, 3);
    QCOMPARE(skew.largestShare, 0.75);
    QCOMPARE(skew.maxOverMean, 1.5);
}

void TestSchemaStats::hierarchicalPartitionKey()
{
    SchemaStats s;
    QVERIFY(s.addDocument(R"({"c":"x","m":"2024-01"})"));
    s.setPartitionKeyPaths({QStringLiteral("/c"), QStringLiteral("/m")}); // marks seen fields
    QVERIFY(s.addDocument(R"({"c":"x","m":"2024-02"})"));
    QVERIFY(s.addDocument(R"({"c":"x","m":"2024-02"})"));
    QCOMPARE(s.field(QStringLiteral("c"))->partitionKeyLevel, 0);
    QCOMPARE(s.field(QStringLiteral("m"))->partitionKeyLevel, 1);
    QCOMPARE(s.partitionValues().value(QStringLiteral("[x, 2024-02]")), 2);
}

void TestSchemaStats::whereConditions()
{
    const QStringList top{QStringLiteral("category")};
    QCOMPARE(whereCondition(top, QStringLiteral("c"), Condition::equal(jsonLiteral("Bo\"oks"))),
             QStringLiteral("c.category = \"Bo\\\"oks\""));
    QCOMPARE(whereCondition({QStringLiteral("stock"), QStringLiteral("qty")},
                            QStringLiteral("c"),
                            Condition::range({0, 50, 1}, false)),
             QStringLiteral("c.stock.qty >= 0 AND c.stock.qty < 50"));
    QCOMPARE(whereCondition({QStringLiteral("weird key")},
                            QStringLiteral("c"),
                            Condition::range({2, 4, 1}, true, false, QStringLiteral("LENGTH"))),
             QStringLiteral("LENGTH(c[\"weird key\"]) >= 2 AND LENGTH(c[\"weird key\"]) <= 4"));
    QCOMPARE(whereCondition({QStringLiteral("tags"), QStringLiteral("[]")},
                            QStringLiteral("c"),
                            Condition::equal(jsonLiteral("eco"))),
             QStringLiteral("EXISTS(SELECT VALUE c_ FROM c_ IN c.tags WHERE c_ = \"eco\")"));
    QCOMPARE(whereCondition({QStringLiteral("lines"), QStringLiteral("[]"), QStringLiteral("qty")},
                            QStringLiteral("c"),
                            Condition::equal(QStringLiteral("3"))),
             QStringLiteral("EXISTS(SELECT VALUE c_ FROM c_ IN c.lines WHERE c_.qty = 3)"));
    QCOMPARE(whereCondition({QStringLiteral("d")},
                            QStringLiteral("c"),
                            Condition::range({0, 86400000, 1}, false, true)),
             QStringLiteral(
                 "c.d >= \"1970-01-01T00:00:00.000Z\" AND c.d < \"1970-01-02T00:00:00.000Z\""));
}

QTEST_GUILESS_MAIN(TestSchemaStats)
#include "tst_schemastats.moc"
