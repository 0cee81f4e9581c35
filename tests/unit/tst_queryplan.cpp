#include <queryplan.h>

#include <QJsonDocument>
#include <QTest>

using namespace Cosmos::Query;

class tst_QueryPlan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesServiceShape();
    void unsupported();
    void rangeQueryReplacesFilter();
    void parentsDroppedAndSorted();
    void overlap();
};

static QueryPlan plan(const char *json, QString *error = nullptr)
{
    return QueryPlan::fromJson(QJsonDocument::fromJson(json).object(), error);
}

void tst_QueryPlan::parsesServiceShape()
{
    QString error;
    const QueryPlan p = plan(R"({"partitionedQueryExecutionInfoVersion":2,
        "queryInfo":{"distinctType":"Ordered","top":5,"offset":null,"limit":null,
          "orderBy":["Descending","Ascending"],"orderByExpressions":["c.a","c.b"],
          "groupByExpressions":[],"aggregates":[],"groupByAliasToAggregateType":{},
          "rewrittenQuery":"SELECT …","hasSelectValue":false},
        "queryRanges":[{"min":"","max":"FF","isMinInclusive":true,"isMaxInclusive":false}]})", &error);
    QVERIFY(error.isEmpty());
    QCOMPARE(p.distinct, DistinctType::Ordered);
    QCOMPARE(p.top, std::optional<int>(5));
    QVERIFY(!p.offset && !p.limit);
    QCOMPARE(p.orderByDescending, (QList<bool>{true, false}));
    QCOMPARE(p.queryRanges.size(), 1);
    QCOMPARE(p.queryRanges.first().max, QStringLiteral("FF"));
    QVERIFY(p.needsPipeline());
    QVERIFY(p.unsupportedReason().isEmpty());

    const QueryPlan a = plan(R"({"queryInfo":{"aggregates":["Average"],"hasSelectValue":true}})");
    QCOMPARE(a.aggregates, QList<AggregateType>{AggregateType::Average});
    const QueryPlan nv = plan(R"({"queryInfo":{"aggregates":[],"groupByAliasToAggregateType":{"n":"Count","$1":"Max"}}})");
    QCOMPARE(nv.aliasAggregates.value("$1"), AggregateType::Max);
    QVERIFY(nv.isAggregate());
    QVERIFY(!plan(R"({"queryInfo":{"distinctType":"None"}})").needsPipeline());
    plan(R"({"queryInfo":{"aggregates":["MakeList"]}})", &error);
    QVERIFY(error.contains("MakeList"));
}

void tst_QueryPlan::unsupported()
{
    QString error;
    const QueryPlan g = plan(R"({"queryInfo":{"groupByExpressions":["c.cat"],
        "groupByAliases":["cat","n"],"groupByAliasToAggregateType":{"cat":null,"n":"Count"},
        "aggregates":[],"hasSelectValue":false}})",
                             &error);
    QVERIFY2(error.isEmpty(), qPrintable(error)); // a null type is a group key, not unknown
    QVERIFY(g.unsupportedReason().isEmpty());
    QVERIFY(g.isAggregate() && g.needsPipeline());
    QCOMPARE(g.groupByAliases, (QStringList{"cat", "n"}));
    QCOMPARE(g.aliasAggregates.keys(), QStringList{"n"});
    QVERIFY(supportedQueryFeatures().contains("GroupBy"));
    QVERIFY(!plan(R"({"queryInfo":{"dCountInfo":{"dCountAlias":"n"}}})").unsupportedReason().isEmpty());
}

void tst_QueryPlan::rangeQueryReplacesFilter()
{
    QueryPlan p;
    QCOMPARE(p.rangeQuery("SELECT * FROM c"), QStringLiteral("SELECT * FROM c"));
    p.rewrittenQuery = "SELECT c._rid FROM c WHERE ({documentdb-formattableorderbyquery-filter}) ORDER BY c.a";
    QCOMPARE(p.rangeQuery("x"), QStringLiteral("SELECT c._rid FROM c WHERE (true) ORDER BY c.a"));
}

void tst_QueryPlan::parentsDroppedAndSorted()
{
    const QList<PartitionKeyRange> all{{"3", "80", "FF", {"0"}}, {"0", "", "FF", {}}, {"2", "", "80", {"0"}}};
    const QList<PartitionKeyRange> live = liveRanges(all);
    QCOMPARE(live.size(), 2);
    QCOMPARE(live.at(0).id, QStringLiteral("2"));
    QCOMPARE(live.at(1).id, QStringLiteral("3"));
}

void tst_QueryPlan::overlap()
{
    const QList<PartitionKeyRange> ranges{{"0", "", "55", {}}, {"1", "55", "AA", {}}, {"2", "AA", "FF", {}}};
    QCOMPARE(overlappingRanges(ranges, {{"", "FF", true, false}}).size(), 3);
    QCOMPARE(overlappingRanges(ranges, {}).size(), 3);
    const auto point = overlappingRanges(ranges, {{"60AB", "60AB", true, true}});
    QCOMPARE(point.size(), 1);
    QCOMPARE(point.first().id, QStringLiteral("1"));
    const auto edge = overlappingRanges(ranges, {{"", "55", true, false}});
    QCOMPARE(edge.size(), 1);
    QCOMPARE(edge.first().id, QStringLiteral("0"));
}

QTEST_GUILESS_MAIN(tst_QueryPlan)
#include "tst_queryplan.moc"
