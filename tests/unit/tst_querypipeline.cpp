#include <querypipeline.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Cosmos::Query;

/// The client-side stages fed with fake range pages (no network).
class tst_QueryPipeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void drainsRangesInOrderWithoutOrderBy();
    void orderByMergeNeedsOnePagePerRange();
    void orderByTiesGoToTheLowerRange();
    void descendingMixedTypes();
    void offsetLimitAndTop();
    void distinctOrderedAndUnordered();
    void valueAggregate();
    void nonValueAggregate();
    void groupByMergesPartialsPerGroup();
    void groupByKeepsUndefinedAndNullKeysApart();
    void groupByValueForms();
    void rollbackGivesBackAnUndeliveredPage();
};

/// An ORDER BY row as the rewritten query returns it.
static QJsonObject row(const QJsonValue &key, const QString &id)
{
    return QJsonObject{{"_rid", id},
                       {"orderByItems", QJsonArray{QJsonObject{{"item", key}}}},
                       {"payload", QJsonObject{{"id", id}}}};
}

static QStringList ids(const QJsonArray &a)
{
    QStringList out;
    for (const QJsonValue &v : a)
        out << (v.isObject() ? v.toObject()["id"].toString() : v.toVariant().toString());
    return out;
}

static QueryPlan orderBy(bool descending = false)
{
    QueryPlan p;
    p.orderByDescending = {descending};
    return p;
}

void tst_QueryPipeline::drainsRangesInOrderWithoutOrderBy()
{
    QueryPipeline p(QueryPlan(), 2);
    QCOMPARE(p.wantedRanges(), QList<int>{0});
    p.addPage(0, QJsonArray{"a", "b"}, true);
    QJsonArray out;
    p.take(10, out);
    QCOMPARE(ids(out), (QStringList{"a", "b"}));
    QCOMPARE(p.wantedRanges(), QList<int>{0}); // more in range 0 first
    p.addPage(0, QJsonArray{}, false);           // an empty last page
    QCOMPARE(p.wantedRanges(), QList<int>{1});
    p.addPage(1, QJsonArray{"c"}, false);
    p.take(10, out);
    QCOMPARE(ids(out), (QStringList{"a", "b", "c"}));
    QVERIFY(p.isFinished());
}

void tst_QueryPipeline::orderByMergeNeedsOnePagePerRange()
{
    QueryPipeline p(orderBy(), 3);
    QCOMPARE(p.wantedRanges(), (QList<int>{0, 1, 2}));
    p.addPage(0, QJsonArray{row(1, "a1"), row(4, "a4")}, true);
    p.addPage(1, QJsonArray{row(2, "b2")}, false);
    p.addPage(2, QJsonArray{}, true); // empty page with a continuation: not the end
    QJsonArray out;
    p.take(10, out);
    QVERIFY(out.isEmpty()); // range 2 may hold something smaller
    QCOMPARE(p.wantedRanges(), QList<int>{2});
    p.addPage(2, QJsonArray{row(3, "c3"), row(9, "c9")}, false);
    p.take(3, out); // page size 3
    QCOMPARE(ids(out), (QStringList{"a1", "b2", "c3"}));
    QVERIFY(!p.isFinished());
    p.commit();
    QJsonArray next;
    p.take(3, next);
    QCOMPARE(ids(next), QStringList{"a4"}); // range 0 needs its next page before c9
    QCOMPARE(p.wantedRanges(), QList<int>{0});
    p.addPage(0, QJsonArray{row(5, "a5")}, false);
    p.take(3, next);
    QCOMPARE(ids(next), (QStringList{"a4", "a5", "c9"}));
    QVERIFY(p.isFinished());
}

void tst_QueryPipeline::orderByTiesGoToTheLowerRange()
{
    QueryPipeline p(orderBy(true), 3);
    p.addPage(2, QJsonArray{row(5, "c"), row(1, "c1")}, false);
    p.addPage(0, QJsonArray{row(5, "a")}, false);
    p.addPage(1, QJsonArray{row(5, "b")}, false);
    QJsonArray out;
    p.take(10, out);
    QCOMPARE(ids(out), (QStringList{"a", "b", "c", "c1"}));
}

void tst_QueryPipeline::descendingMixedTypes()
{
    QueryPipeline p(orderBy(true), 2);
    p.addPage(0, QJsonArray{row("z", "s"), row(10, "n"), row(QJsonValue::Null, "null")}, false);
    p.addPage(1, QJsonArray{row(QJsonObject{{"o", 1}}, "obj"), row(true, "t"), row(false, "f")}, false);
    QJsonArray out;
    p.take(10, out);
    QCOMPARE(ids(out), (QStringList{"obj", "s", "n", "t", "f", "null"}));
}

void tst_QueryPipeline::offsetLimitAndTop()
{
    QueryPlan plan = orderBy();
    plan.offset = 2;
    plan.limit = 3;
    QueryPipeline p(plan, 2);
    p.addPage(0, QJsonArray{row(1, "1"), row(3, "3"), row(5, "5"), row(7, "7")}, false);
    p.addPage(1, QJsonArray{row(2, "2"), row(4, "4"), row(6, "6")}, false);
    QJsonArray out;
    p.take(2, out);
    QCOMPARE(ids(out), (QStringList{"3", "4"}));
    p.commit();
    QJsonArray rest;
    p.take(2, rest);
    QCOMPARE(ids(rest), QStringList{"5"});
    QVERIFY(p.isFinished());
    QVERIFY(p.wantedRanges().isEmpty());

    QueryPlan top;
    top.top = 2;
    QueryPipeline t(top, 2);
    t.addPage(0, QJsonArray{"a"}, false);
    QJsonArray got;
    t.take(10, got);
    QCOMPARE(t.wantedRanges(), QList<int>{1});
    t.addPage(1, QJsonArray{"b", "c"}, true);
    t.take(10, got);
    QCOMPARE(ids(got), (QStringList{"a", "b"}));
    QVERIFY(t.isFinished()); // TOP reached although range 1 has more
}

void tst_QueryPipeline::distinctOrderedAndUnordered()
{
    QueryPlan ordered = orderBy();
    ordered.distinct = DistinctType::Ordered;
    QueryPipeline o(ordered, 2);
    o.addPage(0, QJsonArray{row("a", "x"), row("b", "y")}, false);
    o.addPage(1, QJsonArray{row("a", "x"), row("b", "y"), row("c", "z")}, false);
    QJsonArray out;
    o.take(10, out);
    QCOMPARE(ids(out), (QStringList{"x", "y", "z"}));

    QueryPlan unordered;
    unordered.distinct = DistinctType::Unordered;
    unordered.offset = 1;
    unordered.limit = 10;
    QueryPipeline u(unordered, 2);
    u.addPage(0, QJsonArray{QJsonObject{{"c", 1}, {"d", 2}}, QJsonObject{{"c", 2}}}, false);
    u.addPage(1, QJsonArray{QJsonObject{{"d", 2}, {"c", 1}}, QJsonObject{{"c", 3}}, QJsonObject{{"c", 2}}}, false);
    QJsonArray got;
    u.take(10, got);
    // {"c":1,"d":2} (skipped by OFFSET 1), {"c":2}, {"c":3}
    QCOMPARE(got, (QJsonArray{QJsonObject{{"c", 2}}, QJsonObject{{"c", 3}}}));
}

void tst_QueryPipeline::valueAggregate()
{
    QueryPlan plan;
    plan.hasSelectValue = true;
    plan.aggregates = {AggregateType::Average};
    QueryPipeline p(plan, 3);
    QCOMPARE(p.wantedRanges(), (QList<int>{0, 1, 2}));
    p.addPage(0, QJsonArray{QJsonArray{QJsonObject{{"item", QJsonObject{{"sum", 6}, {"count", 2}}}}}}, false);
    p.addPage(1, QJsonArray{QJsonArray{QJsonObject{{"item", QJsonObject{{"sum", 0}, {"count", 0}}}}}}, false);
    QJsonArray out;
    p.take(10, out);
    QVERIFY(out.isEmpty()); // range 2 still to come
    p.addPage(2, QJsonArray{QJsonArray{QJsonObject{{"item", QJsonObject{{"sum", 4}, {"count", 3}}}}}}, false);
    p.take(10, out);
    QCOMPARE(out, QJsonArray{2.0});
    QVERIFY(p.isFinished());

    QueryPlan max;
    max.hasSelectValue = true;
    max.aggregates = {AggregateType::Max};
    QueryPipeline m(max, 1);
    m.addPage(0, QJsonArray{QJsonArray{QJsonObject{}}}, false); // nothing qualified
    QJsonArray none;
    m.take(10, none);
    QVERIFY(none.isEmpty());
    QVERIFY(m.isFinished());
}

void tst_QueryPipeline::nonValueAggregate()
{
    QueryPlan plan;
    plan.aliasAggregates = {{"n", AggregateType::Count}, {"$1", AggregateType::Min}};
    QueryPipeline p(plan, 2);
    p.addPage(0, QJsonArray{QJsonObject{{"payload", QJsonObject{{"n", QJsonObject{{"item", 2}}},
                                                                {"$1", QJsonObject{{"item", QJsonObject{{"min", 5}, {"count", 2}}}}}}}}},
              false);
    p.addPage(1, QJsonArray{QJsonObject{{"payload", QJsonObject{{"n", QJsonObject{{"item", 3}}},
                                                                {"$1", QJsonObject{{"item", QJsonObject{{"min", 4}, {"count", 3}}}}}}}}},
              false);
    QJsonArray out;
    p.take(10, out);
    QCOMPARE(out, (QJsonArray{QJsonObject{{"n", 5}, {"$1", 4}}}));
}

/// A GROUP BY range row: `[{"item": key}…] AS groupByItems, {…} AS payload` (an undefined key
/// gives `{}`; a QJsonArray would turn it into null).
static QJsonObject groupRow(const QList<QJsonValue> &keys, const QJsonValue &payload)
{
    QJsonArray items;
    for (const QJsonValue &k : keys)
        items << (k.isUndefined() ? QJsonObject{} : QJsonObject{{"item", k}});
    return QJsonObject{{"groupByItems", items}, {"payload", payload}};
}

static QJsonObject item(const QJsonValue &v)
{
    return QJsonObject{{"item", v}};
}

void tst_QueryPipeline::groupByMergesPartialsPerGroup()
{
    // SELECT c.cat, c.size, COUNT(1) AS n, AVG(c.p) AS a, MIN(c.p) AS lo FROM c GROUP BY c.cat,
    // c.size
    QueryPlan plan;
    plan.groupByExpressions = {"c.cat", "c.size"};
    plan.groupByAliases = {"cat", "size", "n", "a", "lo"};
    plan.aliasAggregates
        = {{"n", AggregateType::Count}, {"a", AggregateType::Average}, {"lo", AggregateType::Min}};
    plan.top = 2;
    auto payload = [](const QString &cat, int size, int n, double sum, int count, double min) {
        return QJsonObject{{"cat", cat},
                           {"size", size},
                           {"n", item(n)},
                           {"a", item(QJsonObject{{"sum", sum}, {"count", count}})},
                           {"lo", item(QJsonObject{{"min", min}, {"count", count}})}};
    };
    QueryPipeline p(plan, 2);
    QVERIFY(p.wantedRanges() == (QList<int>{0, 1}));
    p.addPage(0,
              QJsonArray{groupRow({"x", 1}, payload("x", 1, 2, 10, 2, 4)),
                         groupRow({"y", 1}, payload("y", 1, 1, 7, 1, 7))},
              true);
    QJsonArray out;
    p.take(10, out);
    QVERIFY(out.isEmpty()); // range 0 has more, range 1 nothing yet
    p.addPage(0, QJsonArray{groupRow({"x", 2}, payload("x", 2, 1, 1, 1, 1))}, false);
    p.addPage(1, QJsonArray{groupRow({"x", 1}, payload("x", 1, 3, 20, 2, 3))}, false);
    QList<QByteArray> raw;
    p.take(10, out, &raw);
    // x/1 merged over both ranges: n 2+3, AVG (10+20)/(2+2), MIN min(4, 3); TOP 2 of 3 groups
    QCOMPARE(out,
             (QJsonArray{QJsonObject{{"cat", "x"}, {"size", 1}, {"n", 5}, {"a", 7.5}, {"lo", 3}},
                         QJsonObject{{"cat", "y"}, {"size", 1}, {"n", 1}, {"a", 7}, {"lo", 7}}}));
    QCOMPARE(raw.first(),
             QByteArray(R"({"cat":"x","size":1,"n":5,"a":7.5,"lo":3})")); // SELECT order
    QVERIFY(p.isFinished());
}

void tst_QueryPipeline::groupByKeepsUndefinedAndNullKeysApart()
{
    QueryPlan plan;
    plan.groupByExpressions = {"c.color"};
    plan.groupByAliases = {"color", "n"};
    plan.aliasAggregates = {{"n", AggregateType::Count}};
    QueryPipeline p(plan, 2);
    p.addPage(0,
              QJsonArray{groupRow({QJsonValue::Null},
                                  QJsonObject{{"color", QJsonValue::Null}, {"n", item(1)}}),
                         groupRow({QJsonValue::Undefined}, QJsonObject{{"n", item(2)}})},
              false);
    p.addPage(1,
              QJsonArray{groupRow({QJsonValue::Undefined}, QJsonObject{{"n", item(4)}}),
                         groupRow({QJsonValue::Null},
                                  QJsonObject{{"color", QJsonValue::Null}, {"n", item(8)}})},
              false);
    QJsonArray out;
    QList<QByteArray> raw;
    p.take(10, out, &raw);
    QCOMPARE(
        out,
        (QJsonArray{QJsonObject{{"color", QJsonValue::Null}, {"n", 9}}, QJsonObject{{"n", 6}}}));
    QCOMPARE(raw, (QList<QByteArray>{R"({"color":null,"n":9})", R"({"n":6})"}));
}

void tst_QueryPipeline::groupByValueForms()
{
    // SELECT VALUE SUM(c.p) FROM c GROUP BY c.cat
    QueryPlan sum;
    sum.groupByExpressions = {"c.cat"};
    sum.hasSelectValue = true;
    sum.aggregates = {AggregateType::Sum};
    QVERIFY(sum.unsupportedReason().isEmpty());
    QueryPipeline p(sum, 2);
    p.addPage(
        0,
        QJsonArray{groupRow({"a"}, QJsonArray{item(1.5)}), groupRow({"b"}, QJsonArray{item(2)})},
        false);
    p.addPage(1,
              QJsonArray{groupRow({"a"}, QJsonArray{item(3)}),
                         groupRow({"c"}, QJsonArray{QJsonObject{}})},
              false);
    QJsonArray out;
    p.take(10, out);
    QCOMPARE(out, (QJsonArray{4.5, 2})); // group c had no numbers: SUM undefined, no row

    // SELECT VALUE c.cat FROM c GROUP BY c.cat, paged one result at a time
    QueryPlan keys;
    keys.groupByExpressions = {"c.cat"};
    keys.hasSelectValue = true;
    QueryPipeline k(keys, 2);
    k.addPage(0, QJsonArray{groupRow({"a"}, "a"), groupRow({"b"}, "b")}, false);
    k.addPage(1, QJsonArray{groupRow({"b"}, "b"), groupRow({"c"}, "c")}, false);
    QStringList all;
    while (!k.isFinished()) {
        QJsonArray page;
        k.take(1, page);
        QCOMPARE(page.size(), 1);
        k.commit();
        all << page.first().toString();
    }
    QCOMPARE(all, (QStringList{"a", "b", "c"}));
}

void tst_QueryPipeline::rollbackGivesBackAnUndeliveredPage()
{
    QueryPlan plan = orderBy();
    plan.distinct = DistinctType::Unordered;
    plan.offset = 1;
    plan.limit = 100;
    QueryPipeline p(plan, 2);
    p.addPage(0, QJsonArray{row(1, "a"), row(3, "c")}, false);
    p.addPage(1, QJsonArray{row(2, "b"), row(4, "d")}, false);
    QJsonArray first;
    p.take(2, first);
    QCOMPARE(ids(first), (QStringList{"b", "c"}));
    p.rollback(); // the page was never delivered (cancelled)
    QJsonArray again;
    p.take(2, again);
    QCOMPARE(ids(again), (QStringList{"b", "c"}));
    p.commit();
    QJsonArray last;
    p.take(2, last);
    QCOMPARE(ids(last), QStringList{"d"});
    QVERIFY(p.isFinished());
}

QTEST_GUILESS_MAIN(tst_QueryPipeline)
#include "tst_querypipeline.moc"
