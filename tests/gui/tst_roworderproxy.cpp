// The result grid's sort: a permutation over the result model, computed on a worker thread
// from the rows' JSON text, in the service's ORDER BY type order; source rows stay put.

#include "guitestsupport.h"

#include <jsontext.h>
#include <resultmodel.h>
#include <roworderproxy.h>

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QtTest>

using namespace Cosmoscope;

class tst_RowOrderProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ordersByTypeThenValue();
    void descendingIsStable();
    void nestedPathAndEscapedStrings();
    void appendedRowsAreSortedIn();
    void removeAndSelectionFollowTheRows();
    void backToArrivalOrder();
};

struct Grid
{
    ResultModel model;
    RowOrderProxy proxy{&model};
    QAbstractItemModelTester tester{&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest};

    explicit Grid(const QStringList &leading = {QStringLiteral("id")})
    {
        model.setLeadingColumns(leading);
    }
    void append(const QByteArray &page)
    {
        const QJsonArray items = QJsonDocument::fromJson(page).array();
        QList<QByteArray> raw;
        QVERIFY(Cosmos::JsonText::arrayElements(page, &raw));
        QVERIFY(model.append(model.generation(), items, 0, -1, raw));
    }
    bool sortBy(const QString &key, Qt::SortOrder order = Qt::AscendingOrder)
    {
        QSignalSpy sorted(&proxy, &RowOrderProxy::sorted);
        proxy.sort(int(model.columnKeys().indexOf(key)), order);
        // The worker may finish before the continuation is attached; then it runs at once.
        return !sorted.isEmpty() || sorted.wait(5000);
    }
    QStringList ids() const
    {
        QStringList out;
        for (int row = 0; row < proxy.rowCount(); ++row)
            out << proxy.index(row, 0).data().toString();
        return out;
    }
};

void tst_RowOrderProxy::ordersByTypeThenValue()
{
    Grid grid;
    // Numbers as numbers (9 < 10 < 100), and the service's type order: undefined, null,
    // booleans, numbers, strings, arrays, objects.
    grid.append(R"([{"id":"s","v":"abc"},{"id":"n100","v":100},{"id":"o","v":{"a":1}},)"
                R"({"id":"n9","v":9},{"id":"missing"},{"id":"t","v":true},{"id":"a","v":[1]},)"
                R"({"id":"null","v":null},{"id":"n10","v":10},{"id":"f","v":false},{"id":"neg","v":-2.5e1}])");
    QVERIFY(grid.sortBy("v"));
    QCOMPARE(grid.ids(), QStringList({"missing", "null", "f", "t", "neg", "n9", "n10", "n100", "s",
                                      "a", "o"}));
    // Source rows are untouched: row 0 is still the first item that arrived.
    QCOMPARE(grid.model.item(0).value("id").toString(), QStringLiteral("s"));
}

void tst_RowOrderProxy::descendingIsStable()
{
    Grid grid;
    grid.append(R"([{"id":"a","g":1},{"id":"b","g":2},{"id":"c","g":1},{"id":"d","g":2}])");
    QVERIFY(grid.sortBy("g", Qt::DescendingOrder));
    QCOMPARE(grid.ids(), QStringList({"b", "d", "a", "c"}));
}

void tst_RowOrderProxy::nestedPathAndEscapedStrings()
{
    Grid grid({QStringLiteral("id"), QStringLiteral("/address/city")});
    grid.append(R"([{"id":"1","address":{"city":"Zagreb"}},{"id":"2","address":{"city":"\u0041msterdam"}},)"
                R"({"id":"3","address":{"city":"Berlin"}},{"id":"4"}])");
    QVERIFY(grid.sortBy("/address/city"));
    QCOMPARE(grid.ids(), QStringList({"4", "2", "3", "1"})); // "\u0041" is "A"
}

void tst_RowOrderProxy::appendedRowsAreSortedIn()
{
    Grid grid;
    grid.append(R"([{"id":"x","n":5},{"id":"y","n":1}])");
    QVERIFY(grid.sortBy("n"));
    QCOMPARE(grid.ids(), QStringList({"y", "x"}));
    grid.append(R"([{"id":"z","n":3},{"id":"w","n":0}])");
    QCOMPARE(grid.proxy.rowCount(), 4);
    QTRY_COMPARE(grid.ids(), QStringList({"w", "y", "z", "x"}));
}

void tst_RowOrderProxy::removeAndSelectionFollowTheRows()
{
    Grid grid;
    grid.append(R"([{"id":"c","n":3},{"id":"a","n":1},{"id":"b","n":2}])");
    QPersistentModelIndex selected = grid.proxy.index(0, 0); // "c", before the sort
    QVERIFY(grid.sortBy("n"));
    QCOMPARE(selected.row(), 2);
    QCOMPARE(selected.data().toString(), QStringLiteral("c"));
    QCOMPARE(grid.proxy.mapToSource(selected).row(), 0);
    grid.model.removeItem(1); // "a"
    QCOMPARE(grid.ids(), QStringList({"b", "c"}));
    QCOMPARE(selected.data().toString(), QStringLiteral("c"));
    QCOMPARE(grid.proxy.mapFromSource(grid.model.index(1, 0)).data().toString(), QStringLiteral("b"));
}

void tst_RowOrderProxy::backToArrivalOrder()
{
    Grid grid;
    grid.append(R"([{"id":"2","n":2},{"id":"1","n":1}])");
    QVERIFY(grid.sortBy("n"));
    QCOMPARE(grid.ids(), QStringList({"1", "2"}));
    grid.proxy.sort(-1);
    QCOMPARE(grid.ids(), QStringList({"2", "1"}));
}

QTEST_MAIN(tst_RowOrderProxy)
#include "tst_roworderproxy.moc"
