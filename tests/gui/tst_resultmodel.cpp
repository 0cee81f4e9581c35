// The append-only result grid model: union-of-keys columns, leading id / partition key
// columns, system properties last, compact nested JSON, generation counter, local sorting,
// and the loader that feeds it in chunks.

#include "guitestsupport.h"

#include <jsonformat.h>
#include <resultloader.h>
#include <resultmodel.h>

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSortFilterProxyModel>
#include <QtTest>

using namespace Cosmoscope;

class tst_ResultModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unionOfKeys();
    void columnsInTheDocumentsKeyOrder();
    void staleGenerationIsDropped();
    void sortsNumbersAsNumbers();
    void replaceAndRemove();
    void loaderAppendsInChunks();
    void hugeNestedCellShowsItsStart();
};

static QJsonArray parse(const char *json)
{
    return QJsonDocument::fromJson(json).array();
}

void tst_ResultModel::unionOfKeys()
{
    ResultModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLeadingColumns({QStringLiteral("id"), QStringLiteral("/category")});
    const quint64 generation = model.reset();
    QVERIFY(model.append(generation, parse(R"([{"_rid":"r1","id":"a","name":"x","category":"c1"},
                                                {"id":"b","price":2.5,"nested":{"k":[1,2]},"_etag":"e2"}])")));
    // first seen first (QJsonObject keeps each object's keys sorted)
    QCOMPARE(model.columnKeys(),
             (QStringList{"id", "/category", "name", "nested", "price", "_rid", "_etag"}));
    QCOMPARE(model.headerData(1, Qt::Horizontal, Qt::DisplayRole).toString(),
             QStringLiteral("category"));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("c1"));
    QCOMPARE(model.index(1, 4).data().toString(), QStringLiteral("2.5"));
    QCOMPARE(model.index(1, 3).data().toString(), QStringLiteral("{1 field}")); // summarized
    QCOMPARE(model.index(1, 3).data(Qt::ToolTipRole).toString(), QStringLiteral(R"({"k":[1,2]})"));
    QCOMPARE(model.index(1, 2).data().toString(), QString()); // missing key: empty cell
    QCOMPARE(model.index(1, 0).data(ResultModel::EtagRole).toString(), QStringLiteral("e2"));
    QCOMPARE(model.index(0, 0).data(ResultModel::JsonRole).toJsonObject().value("name").toString(),
             QStringLiteral("x"));

    // A later page with a new key adds a column before the system properties.
    QVERIFY(model.append(generation, parse(R"([{"id":"c","color":"red","_ts":5}])")));
    QCOMPARE(model.columnKeys(),
             (QStringList{
                 "id", "/category", "name", "nested", "price", "color", "_rid", "_etag", "_ts"}));
    QCOMPARE(model.index(2, 5).data().toString(), QStringLiteral("red"));

    // SELECT VALUE … results are not objects.
    QVERIFY(model.append(generation, parse(R"([42, "text"])")));
    QCOMPARE(model.rowCount(), 5);
    QVERIFY(model.columnKeys().contains(QStringLiteral("(value)")));

    // without a leading "id" column, "id" still comes first when it appears
    ResultModel query;
    QAbstractItemModelTester queryTester(&query,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(query.append(query.generation(), parse(R"([{"a":1},{"b":2,"id":"x"}])")));
    QCOMPARE(query.columnKeys(), (QStringList{"id", "a", "b"}));
    QCOMPARE(query.index(1, 0).data().toString(), QStringLiteral("x"));
}

// Finding 7: with the server's text the columns follow the documents' own key order (first
// seen first), not QJsonObject's alphabetical order; braces and quotes inside strings and
// nested keys do not count.
void tst_ResultModel::columnsInTheDocumentsKeyOrder()
{
    ResultModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<QByteArray> raw{
        QByteArrayLiteral("{\"zeta\":1,\"alpha\":{\"x\":\"}\\\"q\",\"y\":2},\"mid\":[{\"m\":1}],"
                          "\"_ts\":3,\"id\":\"a\"}"),
        QByteArrayLiteral("{\"id\":\"b\",\"beta\":2,\"alpha\":0}")};
    QJsonArray items;
    for (const QByteArray &text : raw)
        items.append(QJsonDocument::fromJson(text).object());
    QCOMPARE(items.at(0).toObject().size(), 5); // the text is valid JSON
    QVERIFY(model.append(model.generation(), items, 0, -1, raw));
    QCOMPARE(model.columnKeys(), (QStringList{"id", "zeta", "alpha", "mid", "beta", "_ts"}));
}

void tst_ResultModel::staleGenerationIsDropped()
{
    ResultModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const quint64 first = model.reset();
    QVERIFY(model.append(first, parse(R"([{"id":"1"}])")));
    const quint64 second = model.reset();
    QVERIFY(second != first);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.append(first, parse(R"([{"id":"late"}])"))); // a page of the old run
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.append(second, parse(R"([{"id":"2"},{"id":"3"}])"), 1, 1));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.item(0).value("id").toString(), QStringLiteral("3"));
}

void tst_ResultModel::sortsNumbersAsNumbers()
{
    ResultModel model;
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(ResultModel::SortRole);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLeadingColumns({QStringLiteral("id")});
    QVERIFY(model.append(model.generation(),
                         parse(R"([{"id":"a","n":10},{"id":"b","n":9},{"id":"c","n":100}])")));
    proxy.sort(1, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("b"));
    QCOMPARE(proxy.index(2, 0).data().toString(), QStringLiteral("c"));
}

void tst_ResultModel::replaceAndRemove()
{
    ResultModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLeadingColumns({QStringLiteral("id")});
    QVERIFY(model.append(model.generation(), parse(R"([{"id":"a"},{"id":"b"}])")));
    QCOMPARE(model.rowOfId(QStringLiteral("b")), 1);
    model.replaceItem(1, QJsonObject{{"id", "b"}, {"extra", true}});
    QCOMPARE(model.index(1, model.columnKeys().indexOf("extra")).data().toString(),
             QStringLiteral("true"));
    model.removeItem(0);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowOfId(QStringLiteral("a")), -1);
}

void tst_ResultModel::hugeNestedCellShowsItsStart()
{
    // A 100,000-element array in a cell: the cell says how many, the tooltip shows its start,
    // cut at 2,000 characters (written only that far, not the whole array).
    QJsonArray readings;
    for (int i = 0; i < 100000; ++i)
        readings.append(QJsonObject{{"seq", i}, {"tags", QJsonArray{"a", i}}});
    ResultModel model;
    model.setLeadingColumns({QStringLiteral("id")});
    QVERIFY(model.append(model.generation(), QJsonArray{QJsonObject{{"id", "big"}, {"r", readings}}}));
    const QModelIndex cell = model.index(0, int(model.columnKeys().indexOf("r")));
    QCOMPARE(cell.data().toString(), QStringLiteral("[100000 items]"));
    const QString tip = cell.data(Qt::ToolTipRole).toString();
    QCOMPARE(tip.size(), 2000);
    QVERIFY(
        tip.startsWith(QStringLiteral(R"([{"seq":0,"tags":["a",0]},{"seq":1,"tags":["a",1]})")));
    // A small nested value is shown whole.
    QVERIFY(model.append(model.generation(), QJsonArray{QJsonObject{{"id", "small"}, {"r", QJsonArray{1, QJsonObject{{"b", true}}}}}}));
    QCOMPARE(model.index(1, cell.column()).data().toString(), QStringLiteral("[2 items]"));
    QCOMPARE(model.index(1, cell.column()).data(Qt::ToolTipRole).toString(),
             QStringLiteral(R"([1,{"b":true}])"));
}

/// A page source with canned pages, answering on the next event-loop turn.
class CannedSource : public Cosmos::PageSource
{
public:
    explicit CannedSource(int pages, int perPage)
        : m_pages(pages)
        , m_perPage(perPage)
    {
    }
    Cosmos::PendingRequest *
    fetch(const QString &continuation, QObject *context, Cosmos::PageCallback callback) override
    {
        const int index = continuation.isEmpty() ? 0 : continuation.toInt();
        Cosmos::FeedPage page;
        for (int i = 0; i < m_perPage; ++i)
            page.items.append(QJsonObject{{"id", QString::number(index * m_perPage + i)}});
        page.requestCharge = 1.5;
        page.activityId = QStringLiteral("act-%1").arg(index);
        if (index + 1 < m_pages)
            page.continuation = QString::number(index + 1);
        QTimer::singleShot(0, context, [callback, page] { callback(page); });
        return nullptr;
    }

private:
    int m_pages;
    int m_perPage;
};

void tst_ResultModel::loaderAppendsInChunks()
{
    ResultModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLeadingColumns({QStringLiteral("id")});
    ResultLoader loader(&model);
    loader.setPageSizes(1200, 1200);
    QList<int> insertSizes;
    connect(&model,
            &QAbstractItemModel::rowsInserted,
            this,
            [&](const QModelIndex &, int first, int last) { insertSizes << last - first + 1; });
    loader.start([](int pageSize, QObject *parent) {
        return new Cosmos::Pager(std::make_unique<CannedSource>(3, pageSize), parent);
    });
    QTRY_COMPARE(model.rowCount(), 1200);
    QTRY_VERIFY(!loader.isBusy());
    // one page of 1,200 arrives in chunks of at most chunkRows()
    QCOMPARE(insertSizes, (QList<int>{500, 500, 200}));
    QVERIFY(loader.hasMore());
    QCOMPARE(loader.stats().activityId, QStringLiteral("act-0"));

    QSignalSpy finished(&loader, &ResultLoader::finished);
    loader.loadAll();
    QVERIFY(finished.wait());
    QCOMPARE(model.rowCount(), 3600);
    QVERIFY(!loader.hasMore());
    QCOMPARE(loader.stats().pages, 3);
    QCOMPARE(loader.stats().requestCharge, 4.5);
    QCOMPARE(model.item(3599).value("id").toString(), QStringLiteral("3599"));
}

QTEST_MAIN(tst_ResultModel)
#include "tst_resultmodel.moc"
