// QueryMetrics: parsing x-ms-documentdb-query-metrics, summing pages, the time breakdown.
#include <querymetrics.h>

#include <QTest>

using namespace Cosmos;

class TestQueryMetrics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parseSkipsMalformedParts();
    void sumsPagesButNotRatios();
    void breakdownSplitsVmTime();
};

void TestQueryMetrics::parseSkipsMalformedParts()
{
    const QueryMetrics m = QueryMetrics::parse(
        QStringLiteral("totalExecutionTimeInMs=0.10;bad;x=;=3;retrievedDocumentCount=12;"));
    QCOMPARE(m.values.size(), 2);
    QCOMPARE(m.value(QStringLiteral("totalExecutionTimeInMs")), 0.10);
    QCOMPARE(m.value(QStringLiteral("retrievedDocumentCount")), 12.0);
    QVERIFY(QueryMetrics::parse(QString()).isEmpty());
}

void TestQueryMetrics::sumsPagesButNotRatios()
{
    QueryMetrics total;
    total
        += QueryMetrics::parse(QStringLiteral("documentLoadTimeInMs=1.5;indexUtilizationRatio=1"));
    total += QueryMetrics::parse(
        QStringLiteral("documentLoadTimeInMs=2.25;indexUtilizationRatio=0.5"));
    QCOMPARE(total.value(QStringLiteral("documentLoadTimeInMs")), 3.75);
    QCOMPARE(total.value(QStringLiteral("indexUtilizationRatio")), 0.5);
}

void TestQueryMetrics::breakdownSplitsVmTime()
{
    const QueryMetrics m = QueryMetrics::parse(QStringLiteral(
        "queryCompileTimeInMs=0.5;queryLogicalPlanBuildTimeInMs=0.25;"
        "queryPhysicalPlanBuildTimeInMs=0.25;queryOptimizationTimeInMs=1;VMExecutionTimeInMs=10;"
        "indexLookupTimeInMs=2;documentLoadTimeInMs=3;systemFunctionExecuteTimeInMs=1;"
        "userFunctionExecuteTimeInMs=0.5;writeOutputTimeInMs=0.75"));
    const auto parts = m.breakdown();
    QCOMPARE(parts.size(), 6);
    QCOMPARE(parts.at(0).second, 2.0);  // preparation
    QCOMPARE(parts.at(1).second, 2.0);  // index lookup
    QCOMPARE(parts.at(2).second, 3.0);  // document load
    QCOMPARE(parts.at(3).second, 1.5);  // functions
    QCOMPARE(parts.at(4).second, 3.5);  // the rest of the VM's 10 ms
    QCOMPARE(parts.at(5).second, 0.75); // output
}

QTEST_GUILESS_MAIN(TestQueryMetrics)
#include "tst_querymetrics.moc"
