// The items tab's filter bar against the gateway: a WHERE clause and an ORDER BY list run as
// a query that the tab shows; Enter applies; errors (refused input, the service's own) show in
// the tab; nothing can add a second statement or escape the WHERE clause.

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <connectioncontroller.h>
#include <itemsfilter.h>
#include <pager.h>
#include <settings.h>

#include <QLabel>
#include <QLineEdit>
#include <QtTest>

using namespace Cosmoscope;
using namespace Cosmos;

class tst_ItemsFilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void buildQuery_data();
    void buildQuery();
    void filterAppliesAndShowsItsQuery();
    void refusedFilterKeepsTheGrid();
    void serviceErrorShowsInTheTab();

private:
    QList<QByteArray> drain(const QString &sql);

    GatewayProcess m_gateway;
    std::unique_ptr<MainWindow> m_window;
    ItemsTab *m_tab = nullptr;
};

void tst_ItemsFilter::initTestCase()
{
    prepareGuiTest();
    Settings settings;
    settings.setPageSize(100);
    settings.setDrainPageSize(500);
    QVERIFY2(m_gateway.start({.seedSample = true}), qPrintable(m_gateway.errorString()));
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    AccountSession *session
        = m_window->connections()->openConnection(QStringLiteral("gw"), m_gateway.connection());
    m_tab = openProducts(m_window.get(), session);
    QVERIFY(m_tab);
}

void tst_ItemsFilter::cleanupTestCase()
{
    m_window.reset();
}

void tst_ItemsFilter::buildQuery_data()
{
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("orderBy");
    QTest::addColumn<QString>("sql"); // empty: refused

    QTest::newRow("none") << "" << "" << "SELECT * FROM c";
    QTest::newRow("where") << "c.price > 10" << "" << "SELECT * FROM c WHERE (c.price > 10)";
    QTest::newRow("bare order") << "" << "price desc, name"
                                << "SELECT * FROM c ORDER BY c.price DESC, c.name";
    QTest::newRow("quoted path") << "" << "c[\"odd key\"] ASC"
                                 << "SELECT * FROM c ORDER BY c[\"odd key\"] ASC";
    QTest::newRow("semicolon in string") << "c.name = 'a;b -- c'" << ""
                                         << "SELECT * FROM c WHERE (c.name = 'a;b -- c')";
    QTest::newRow("second statement") << "c.price > 1; SELECT * FROM c" << "" << "";
    QTest::newRow("escape the parenthesis") << "true) OR (1 = 1" << "" << "";
    QTest::newRow("comment") << "c.price > 1 -- ORDER BY" << "" << "";
    QTest::newRow("block comment") << "c.price > 1 /* x */" << "" << "";
    QTest::newRow("open string") << "c.name = 'abc" << "" << "";
    QTest::newRow("open parenthesis") << "(c.price > 1" << "" << "";
    QTest::newRow("order injection") << "" << "c.price; DELETE" << "";
    QTest::newRow("order expression") << "" << "c.price + 1" << "";
}

void tst_ItemsFilter::buildQuery()
{
    QFETCH(QString, where);
    QFETCH(QString, orderBy);
    QFETCH(QString, sql);
    QString error;
    const QString built = ItemsFilter::buildQuery(where, orderBy, &error);
    QCOMPARE(built, sql);
    QCOMPARE(error.isEmpty(), !sql.isEmpty());
}

QList<QByteArray> tst_ItemsFilter::drain(const QString &sql)
{
    return drainQuery(m_tab->session()->client(), m_tab->container(), sql);
}

void tst_ItemsFilter::filterAppliesAndShowsItsQuery()
{
    QTRY_VERIFY(!m_tab->loader()->isBusy());
    auto where = m_tab->findChild<QLineEdit *>(QStringLiteral("filterWhere"));
    auto orderBy = m_tab->findChild<QLineEdit *>(QStringLiteral("filterOrderBy"));
    auto shown = m_tab->findChild<QLabel *>(QStringLiteral("filterQuery"));
    QVERIFY(where && orderBy && shown);
    orderBy->setText(QStringLiteral("price DESC"));
    where->setFocus();
    QTest::keyClicks(where, QStringLiteral("c.price > 400"));
    QSignalSpy finished(m_tab->loader(), &ResultLoader::finished);
    QSignalSpy firstPage(m_tab->loader(), &ResultLoader::pageLoaded);
    QTest::keyClick(where, Qt::Key_Return);
    const QString expected
        = QStringLiteral("SELECT * FROM c WHERE (c.price > 400) ORDER BY c.price DESC");
    QCOMPARE(m_tab->filterQuery(), expected);
    QVERIFY2(shown->text().contains(expected), qPrintable(shown->text()));
    QVERIFY(firstPage.wait(15000));
    QSignalSpy failed(m_tab->loader(), &ResultLoader::failed);
    m_tab->loadAll();
    QTRY_VERIFY2_WITH_TIMEOUT(!m_tab->loader()->isBusy() && !m_tab->loader()->hasMore(),
                              qPrintable(QStringLiteral("%1 items, busy %2, more %3")
                                             .arg(m_tab->model()->itemCount())
                                             .arg(m_tab->loader()->isBusy())
                                             .arg(m_tab->loader()->hasMore())),
                              60000);
    QVERIFY2(failed.isEmpty(),
             qPrintable(failed.isEmpty()
                            ? QString()
                            : failed.first().first().value<CosmosError>().toString()));

    // What the server holds for that query, in the same order.
    const QList<QByteArray> server = drain(expected);
    QVERIFY(server.size() > 10);
    QCOMPARE(m_tab->model()->itemCount(), server.size());
    double previous = 1e9;
    for (int i = 0; i < m_tab->model()->itemCount(); ++i) {
        const QJsonObject item = m_tab->model()->item(i);
        const double price = item.value(QStringLiteral("price")).toDouble();
        QVERIFY2(price > 400 && price <= previous, qPrintable(QString::number(price)));
        previous = price;
        QCOMPARE(m_tab->model()->rawItem(i), server.at(i));
    }
}

void tst_ItemsFilter::refusedFilterKeepsTheGrid()
{
    QTRY_VERIFY(!m_tab->loader()->isBusy());
    const QString before = m_tab->filterQuery();
    const int rows = m_tab->model()->itemCount();
    auto where = m_tab->findChild<QLineEdit *>(QStringLiteral("filterWhere"));
    auto error = m_tab->findChild<QLabel *>(QStringLiteral("filterError"));
    where->setText(QStringLiteral("c.price > 1) OR (true"));
    QTest::keyClick(where, Qt::Key_Return);
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("parenthesis")), qPrintable(error->text()));
    QCOMPARE(m_tab->filterQuery(), before);
    QVERIFY(!m_tab->loader()->isBusy());
    QCOMPARE(m_tab->model()->itemCount(), rows);

    // Clearing both fields lists the feed again, and the error goes.
    where->clear();
    m_tab->findChild<QLineEdit *>(QStringLiteral("filterOrderBy"))->clear();
    QTest::keyClick(where, Qt::Key_Return);
    QVERIFY(!error->isVisible());
    QCOMPARE(m_tab->filterQuery(), QString());
    QTRY_COMPARE_WITH_TIMEOUT(m_tab->model()->itemCount(), 100, 15000);
}

void tst_ItemsFilter::serviceErrorShowsInTheTab()
{
    QTRY_VERIFY(!m_tab->loader()->isBusy());
    auto where = m_tab->findChild<QLineEdit *>(QStringLiteral("filterWhere"));
    auto error = m_tab->findChild<QLabel *>(QStringLiteral("filterError"));
    QSignalSpy failed(m_tab->loader(), &ResultLoader::failed);
    where->setText(QStringLiteral("c.price >"));
    QTest::keyClick(where, Qt::Key_Return);
    QVERIFY(failed.wait(15000));
    QTRY_VERIFY(error->isVisible());
    QVERIFY(!error->text().isEmpty());
    saveShot(m_window.get(), QStringLiteral("itemsfilter-error.png"));
}

QTEST_MAIN(tst_ItemsFilter)
#include "tst_itemsfilter.moc"
