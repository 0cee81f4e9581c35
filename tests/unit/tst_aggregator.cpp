#include <aggregator.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Cosmos::Query;

class tst_Aggregator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void countAndSum();
    void average();
    void minMaxBothForms();
    void nothingQualified();
    void partialItemForms();
};

static QJsonValue obj(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

void tst_Aggregator::countAndSum()
{
    Aggregator count(AggregateType::Count);
    for (int n : {3, 0, 4})
        count.add(n);
    QCOMPARE(count.result(), QJsonValue(7));
    Aggregator sum(AggregateType::Sum);
    sum.add(1.5);
    sum.add(0); // an empty range
    sum.add(2);
    QCOMPARE(sum.result(), QJsonValue(3.5));
    // a range that met a string: its SUM is undefined, and so is the whole
    Aggregator mixed(AggregateType::Sum);
    mixed.add(1.5);
    mixed.add(QJsonValue(QJsonValue::Undefined));
    mixed.add(2);
    QVERIFY(mixed.result().isUndefined());
    Aggregator avg(AggregateType::Average);
    avg.add(obj(R"({"sum":4,"count":2})"));
    avg.add(obj(R"({"count":3})")); // three values, not all numbers
    QVERIFY(avg.result().isUndefined());
}

void tst_Aggregator::average()
{
    Aggregator avg(AggregateType::Average);
    avg.add(obj(R"({"sum":10,"count":4})"));
    avg.add(obj(R"({"sum":0,"count":0})"));
    avg.add(obj(R"({"sum":2,"count":1})"));
    QCOMPARE(avg.result(), QJsonValue(12.0 / 5));
}

void tst_Aggregator::minMaxBothForms()
{
    Aggregator max(AggregateType::Max);
    max.add(obj(R"({"max":5,"count":2})"));
    max.add(obj(R"({"count":0})"));
    max.add(7); // plain partial
    max.add(obj(R"({"max":"a","count":1})")); // strings sort after numbers
    QCOMPARE(max.result(), QJsonValue(QStringLiteral("a")));
    Aggregator min(AggregateType::Min);
    min.add(obj(R"({"min":5,"count":2})"));
    min.add(obj(R"({"min":null,"count":1})")); // null < numbers
    min.add(3);
    QCOMPARE(min.result(), QJsonValue(QJsonValue::Null));
}

void tst_Aggregator::nothingQualified()
{
    QCOMPARE(Aggregator(AggregateType::Count).result(), QJsonValue(0));
    for (AggregateType t : {AggregateType::Sum, AggregateType::Min, AggregateType::Max, AggregateType::Average}) {
        Aggregator a(t);
        a.add(QJsonValue(QJsonValue::Undefined));
        a.add(obj(R"({"count":0})"));
        QVERIFY(a.result().isUndefined());
    }
}

void tst_Aggregator::partialItemForms()
{
    QCOMPARE(partialItem(QJsonDocument::fromJson(R"([{"item":4}])").array()), QJsonValue(4));
    QCOMPARE(partialItem(obj(R"({"item":{"sum":1,"count":1}})")), obj(R"({"sum":1,"count":1})"));
    QVERIFY(partialItem(QJsonDocument::fromJson(R"([{}])").array()).isUndefined());
    QVERIFY(partialItem(QJsonArray()).isUndefined());
}

QTEST_GUILESS_MAIN(tst_Aggregator)
#include "tst_aggregator.moc"
