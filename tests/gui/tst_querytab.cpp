// The query tab against the gateway: a parameterized query typed into the editor and run
// with Ctrl+Enter, Load more / Load all, the status line, invalid parameters refused,
// partition-key scoping, metrics, history, and completion of sampled property paths.

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <connectioncontroller.h>
#include <cosmossqllexer.h>
#include <messagebar.h>
#include <parameterspanel.h>
#include <queryeditor.h>
#include <querytab.h>
#include <resultview.h>
#include <roworderproxy.h>
#include <settings.h>

#include <QCheckBox>
#include <QAction>
#include <QComboBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableView>
#include <QtTest>

using namespace Cosmoscope;
using namespace Cosmos;

class tst_QueryTab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void lexerKnowsCosmosSql();
    void parameterizedQueryWithCtrlEnter();
    void loadMoreAndLoadAll();
    void loadAllAfterLoadMoreAcrossPartitions();
    void invalidParameterIsRefused();
    void partitionKeyAndMetrics();
    void runsTheSelectionOnly();
    void cancelAndSavedQueries();
    void queryErrorIsUnderlinedAndStateReset();

private:
    QueryTab *newTab();
    void typeQuery(QueryTab *tab, const QString &text);

    GatewayProcess m_gateway;
    std::unique_ptr<MainWindow> m_window;
    AccountSession *m_session = nullptr;
    int m_books = 0;
};

void tst_QueryTab::initTestCase()
{
    prepareGuiTest();
    QVERIFY2(m_gateway.start({.seedSample = true}), qPrintable(m_gateway.errorString()));
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    m_session
        = m_window->connections()->openConnection(QStringLiteral("gw"), m_gateway.connection());
    // how many Books the sample has, asked through the core
    CosmosClient client(m_gateway.connection());
    QuerySpec spec{QStringLiteral("SELECT VALUE COUNT(1) FROM c WHERE c.category = 'Books'"), {}};
    Pager *pager = client.query(
        ResourcePath::container("SampleDB", "Products").feed(ResourceKind::Item), spec, {}, this);
    QSignalSpy page(pager, &Pager::pageReady);
    pager->fetchNext();
    QVERIFY(page.wait(10000));
    m_books = page.first().first().value<FeedPage>().items.first().toInt();
    QVERIFY(m_books > 150);
}

void tst_QueryTab::cleanupTestCase()
{
    m_window.reset();
}

QueryTab *tst_QueryTab::newTab()
{
    return m_window->openQueryTab(m_session, ResourcePath::container("SampleDB", "Products"));
}

void tst_QueryTab::typeQuery(QueryTab *tab, const QString &text)
{
    QueryEditor *editor = tab->editor();
    editor->setFocus();
    editor->selectAll();
    QTest::keyClick(editor, Qt::Key_Delete);
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(editor, Qt::Key_Return);
        QTest::keyClicks(editor, lines.at(i));
        if (editor->isListActive())
            editor->cancelList();
    }
}

void tst_QueryTab::lexerKnowsCosmosSql()
{
    CosmosSqlLexer lexer;
    const QString keywords = QString::fromLatin1(lexer.keywords(1));
    QVERIFY(keywords.split(' ').contains(QStringLiteral("select")));
    QVERIFY(keywords.split(' ').contains(QStringLiteral("offset")));
    const QString functions = QString::fromLatin1(lexer.keywords(5));
    QVERIFY(functions.split(' ').contains(QStringLiteral("array_contains")));
    QVERIFY(functions.split(' ').contains(QStringLiteral("startswith")));
    QCOMPARE(QString::fromLatin1(lexer.language()), QStringLiteral("Cosmos SQL"));
}

void tst_QueryTab::parameterizedQueryWithCtrlEnter()
{
    QueryTab *tab = newTab();
    QVERIFY(tab);
    typeQuery(tab, QStringLiteral("SELECT * FROM c WHERE c.category = @cat"));
    QCOMPARE(tab->editor()->parameterNames(), QStringList{QStringLiteral("@cat")});
    tab->parameters()->setParameter(QStringLiteral("@cat"), QStringLiteral("\"Books\""));
    QTest::keyClick(tab->editor(), Qt::Key_Return, Qt::ControlModifier);

    QTRY_COMPARE_WITH_TIMEOUT(tab->model()->itemCount(), 100, 15000); // one page
    QTRY_VERIFY(!tab->loader()->isBusy());
    for (int i = 0; i < tab->model()->itemCount(); ++i)
        QCOMPARE(tab->model()->item(i).value("category").toString(), QStringLiteral("Books"));
    const QString status = tab->statusLine()->text();
    QVERIFY2(status.contains(QStringLiteral("100 items")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("more available")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("RU")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("activity id")), qPrintable(status));

    // the grid shows the union of keys, nested values as JSON
    QVERIFY(tab->model()->columnKeys().contains(QStringLiteral("dimensions")));
    const int dims = tab->model()->columnKeys().indexOf(QStringLiteral("dimensions"));
    QVERIFY(tab->model()->index(0, dims).data().toString().startsWith(QLatin1Char('{')));

    // history (persisted) and completion of sampled property paths
    Settings settings;
    QCOMPARE(settings.queryHistory(m_session->scopeFor(tab->container())).value(0),
             QStringLiteral("SELECT * FROM c WHERE c.category = @cat"));
    QTRY_VERIFY(tab->editor()->completionWords().contains(QStringLiteral("c.dimensions.widthCm")));
    QVERIFY(tab->editor()->completionWords().contains(
        QStringLiteral("ARRAY_CONTAINS(arrExpr, expr, bool_partial)")));

    // the JSON view is formatted off the GUI thread when shown
    tab->results()->showJson();
    QTRY_VERIFY_WITH_TIMEOUT(
        tab->results()->jsonView()->text().contains(QStringLiteral("\"Books\"")), 10000);
    saveShot(m_window.get(), QStringLiteral("query-json.png"));
    tab->results()->tabs()->setCurrentIndex(0);
    saveShot(m_window.get(), QStringLiteral("query-grid.png"));
}

void tst_QueryTab::loadMoreAndLoadAll()
{
    QueryTab *tab = newTab();
    typeQuery(tab, QStringLiteral("SELECT c.id, c.price FROM c WHERE c.price > @min"));
    tab->parameters()->setParameter(QStringLiteral("@min"), QStringLiteral("0"));
    QVERIFY(tab->run());
    QTRY_COMPARE_WITH_TIMEOUT(tab->model()->itemCount(), 100, 15000);
    QTRY_VERIFY(!tab->loader()->isBusy());
    tab->loadMore();
    QTRY_COMPARE_WITH_TIMEOUT(tab->model()->itemCount(), 200, 15000);
    QVERIFY(tab->loader()->hasMore());
    QSignalSpy finished(tab->loader(), &ResultLoader::finished);
    tab->loadAll();
    QVERIFY2(
        finished.wait(20000),
        qPrintable(m_window->messageBar()->text() + QLatin1Char(' ') + tab->statusLine()->text()));
    QCOMPARE(tab->model()->itemCount(), 1500);
    QVERIFY(!tab->loader()->hasMore());
    QCOMPARE(tab->model()->columnKeys(), (QStringList{"id", "price"}));
    // sorted locally by price through the proxy (on a worker thread)
    QTableView *grid = tab->results()->table();
    grid->sortByColumn(1, Qt::DescendingOrder);
    QTRY_VERIFY(!tab->results()->proxy()->isSorting());
    for (int row = 1; row < grid->model()->rowCount(); ++row) {
        const double above = grid->model()->index(row - 1, 1).data(ResultModel::SortRole).toDouble();
        const double below = grid->model()->index(row, 1).data(ResultModel::SortRole).toDouble();
        QVERIFY2(above >= below, qPrintable(QStringLiteral("row %1").arg(row)));
    }
}

void tst_QueryTab::loadAllAfterLoadMoreAcrossPartitions()
{
    // ORDER BY without a partition key runs per range in the client; "Load all" continues
    // with bigger pages from where "Load more" stopped: every item once, in order
    QueryTab *tab = newTab();
    tab->editor()->setText(
        QStringLiteral("SELECT c.id, c.price FROM c WHERE c.price > 0 ORDER BY c.price DESC"));
    QVERIFY(tab->run());
    QTRY_COMPARE_WITH_TIMEOUT(tab->model()->itemCount(), 100, 15000);
    QTRY_VERIFY(!tab->loader()->isBusy());
    tab->loadMore();
    QTRY_COMPARE_WITH_TIMEOUT(tab->model()->itemCount(), 200, 15000);
    QTRY_VERIFY(!tab->loader()->isBusy());
    QSignalSpy finished(tab->loader(), &ResultLoader::finished);
    QSignalSpy failed(tab->loader(), &ResultLoader::failed);
    tab->loadAll();
    QVERIFY2(finished.wait(30000), qPrintable(m_window->messageBar()->text()));
    QCOMPARE(failed.size(), 0);
    QCOMPARE(tab->model()->itemCount(), 1500);
    QSet<QString> ids;
    for (int i = 0; i < tab->model()->itemCount(); ++i) {
        ids.insert(tab->model()->item(i).value("id").toString());
        if (i > 0) {
            QVERIFY2(tab->model()->item(i - 1).value("price").toDouble()
                         >= tab->model()->item(i).value("price").toDouble(),
                     qPrintable(QString::number(i)));
        }
    }
    QCOMPARE(ids.size(), 1500);
}

void tst_QueryTab::invalidParameterIsRefused()
{
    QueryTab *tab = newTab();
    typeQuery(tab, QStringLiteral("SELECT * FROM c WHERE c.category = @cat"));
    tab->parameters()->setParameter(QStringLiteral("@cat"), QStringLiteral("Books")); // not JSON
    QTest::keyClick(tab->editor(), Qt::Key_F5);
    QVERIFY(m_window->messageBar()->isVisible());
    QVERIFY(m_window->messageBar()->text().contains(QStringLiteral("must be JSON")));
    QCOMPARE(tab->model()->itemCount(), 0);
    QVERIFY(!tab->loader()->isBusy()); // nothing sent

    // A service error (a syntax error) shows in the bar, the query text stays.
    typeQuery(tab, QStringLiteral("SELECT FROM WHERE"));
    tab->parameters()->clear();
    QVERIFY(tab->run());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->messageBar()->text().contains(QStringLiteral("400")), 10000);
    QCOMPARE(tab->editor()->text(), QStringLiteral("SELECT FROM WHERE"));
}

void tst_QueryTab::partitionKeyAndMetrics()
{
    QueryTab *tab = newTab();
    typeQuery(tab, QStringLiteral("SELECT * FROM c"));
    tab->partitionKeyEdit()->setText(QStringLiteral("\"Garden\""));
    tab->metricsCheck()->setChecked(true);
    QVERIFY(tab->results()->tabs()->indexOf(tab->results()->metricsPage()) >= 0);
    QVERIFY(tab->run());
    QTRY_VERIFY_WITH_TIMEOUT(tab->model()->itemCount() > 0 && !tab->loader()->isBusy(), 15000);
    for (int i = 0; i < tab->model()->itemCount(); ++i)
        QCOMPARE(tab->model()->item(i).value("category").toString(), QStringLiteral("Garden"));
    QVERIFY(!tab->results()->metricsView()->toPlainText().isEmpty());

    tab->partitionKeyEdit()->setText(QStringLiteral("Garden")); // not JSON: refused
    QVERIFY(!tab->run());
    QVERIFY(m_window->messageBar()->text().contains(QStringLiteral("partition key")));
}

void tst_QueryTab::runsTheSelectionOnly()
{
    QueryTab *tab = newTab();
    typeQuery(tab, QStringLiteral("SELECT VALUE COUNT(1) FROM c\nSELECT * FROM c"));
    tab->editor()->setSelection(0, 0, 0, 28); // the first line
    QCOMPARE(tab->editor()->textToRun(), QStringLiteral("SELECT VALUE COUNT(1) FROM c"));
    QTest::keyClick(tab->editor(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(tab->model()->itemCount(), 1, 15000);
    QCOMPARE(tab->model()->index(0, 0).data().toString(), QStringLiteral("1500"));
}

void tst_QueryTab::cancelAndSavedQueries()
{
    QueryTab *tab = newTab();
    typeQuery(tab, QStringLiteral("SELECT * FROM c"));
    QVERIFY(tab->run());
    QTRY_VERIFY_WITH_TIMEOUT(tab->model()->itemCount() == 100 && !tab->loader()->isBusy(), 15000);
    QSignalSpy pages(tab->loader(), &ResultLoader::pageLoaded);
    tab->loadAll();
    tab->cancel(); // the page in flight is dropped; what arrived stays
    QVERIFY(!tab->loader()->isDraining());
    QTRY_VERIFY(!tab->loader()->isBusy());
    QVERIFY(tab->model()->itemCount() < 1500);
    QVERIFY(tab->loader()->hasMore());
    QCOMPARE(tab->editor()->text(), QStringLiteral("SELECT * FROM c"));

    // Save the query under a name; it is listed for this container.
    QAction *save = nullptr;
    for (QAction *a : tab->findChildren<QAction *>()) {
        if (a->text() == QStringLiteral("Save query…"))
            save = a;
    }
    QVERIFY(save);
    save->trigger();
    QInputDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = tab->findChild<QInputDialog *>()));
    dialog->setTextValue(QStringLiteral("everything"));
    dialog->accept();
    QCOMPARE(Settings().savedQueries(m_session->scopeFor(tab->container())).value("everything"),
             QStringLiteral("SELECT * FROM c"));
    QueryTab *other = newTab();
    auto saved = other->findChildren<QComboBox *>().last();
    QCOMPARE(saved->itemText(1), QStringLiteral("everything"));
}

void tst_QueryTab::queryErrorIsUnderlinedAndStateReset()
{
    QueryTab *tab = newTab();
    QAction *more = tab->findChild<QAction *>(QStringLiteral("loadMore"));
    QAction *all = tab->findChild<QAction *>(QStringLiteral("loadAll"));
    QVERIFY(more && all);
    // a query that works first: more is available
    tab->editor()->setText(QStringLiteral("SELECT c.id FROM c"));
    QVERIFY(tab->run());
    QTRY_COMPARE_WITH_TIMEOUT(tab->model()->itemCount(), 100, 15000);
    QTRY_VERIFY(more->isEnabled());

    // then one with a syntax error on its third line, run with a blank line and indentation
    // before it: the service's location is counted from the query as sent
    const QString text = QStringLiteral("\n  SELECT c.id\n  FROM c\n  WHERE c.price = = 3");
    tab->editor()->setText(text);
    QVERIFY(tab->run());
    QTRY_VERIFY_WITH_TIMEOUT(tab->editor()->hasErrors(), 15000);
    QTRY_VERIFY(!tab->loader()->isBusy());
    const auto [start, length] = tab->editor()->errorRange();
    QCOMPARE(text.toUtf8().mid(start, length), QByteArray("="));
    QCOMPARE(start, text.toUtf8().lastIndexOf("= 3"));
    QCOMPARE(tab->editor()->errorLine(), 4);
    const QString bar = m_window->messageBar()->text();
    QVERIFY2(bar.contains(QStringLiteral("incorrect syntax near '='")), qPrintable(bar));
    QVERIFY2(bar.contains(QStringLiteral("line 4, column 19")), qPrintable(bar));
    QVERIFY2(!bar.contains(QStringLiteral("errors")), qPrintable(bar)); // no raw JSON
    // nothing to load more of, and the status says what happened
    QCOMPARE(tab->model()->itemCount(), 0);
    QVERIFY(!more->isEnabled());
    QVERIFY(!all->isEnabled());
    const QString status = tab->statusLine()->text();
    QVERIFY2(!status.contains(QStringLiteral("more available")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("failed")), qPrintable(status));

    // editing the text takes the mark away; a good run clears the failure
    tab->editor()->setText(QStringLiteral("SELECT VALUE COUNT(1) FROM c"));
    QVERIFY(!tab->editor()->hasErrors());
    QVERIFY(tab->run());
    QTRY_COMPARE_WITH_TIMEOUT(tab->model()->itemCount(), 1, 15000);
    QTRY_VERIFY(!tab->statusLine()->text().contains(QStringLiteral("failed")));
}

QTEST_MAIN(tst_QueryTab)
#include "tst_querytab.moc"
