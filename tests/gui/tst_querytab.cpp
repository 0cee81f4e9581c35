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
#include <querymetricschart.h>
#include <querytab.h>
#include <resultview.h>
#include <roworderproxy.h>
#include <settings.h>

#include <QCheckBox>
#include <QMessageBox>
#include <QTableWidget>
#include <QToolBar>
#include <querystats.h>
#include <QAction>
#include <QComboBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
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
    void runAfterSelectAllAndTyping();
    void statusLineNeverWidensTheWindow();
    void ctrlReturnAndCtrlEnterAnywhereInTheTab();
    void metricsAsATableWithUnits();
    void loadAllAsksAboveTheThreshold();
    void tabsOfOneContainerAreNumbered();
    void editorKeepsItsLinesAt900x600();

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
    m_window->activateWindow(); // window shortcuts (Ctrl+W, Ctrl+Return …) need it active
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
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
    QVERIFY2(finished.wait(20000),
             qPrintable(tab->messageBar()->text() + QLatin1Char(' ') + tab->statusLine()->text()));
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
    QVERIFY(tab->messageBar()->isVisible());
    QVERIFY(tab->messageBar()->text().contains(QStringLiteral("must be JSON")));
    QCOMPARE(tab->model()->itemCount(), 0);
    QVERIFY(!tab->loader()->isBusy()); // nothing sent

    // A service error (a syntax error) shows in the bar, the query text stays.
    typeQuery(tab, QStringLiteral("SELECT FROM WHERE"));
    tab->parameters()->clear();
    QVERIFY(tab->run());
    QTRY_VERIFY_WITH_TIMEOUT(tab->messageBar()->text().contains(QStringLiteral("400")), 10000);
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
    QVERIFY(tab->messageBar()->text().contains(QStringLiteral("partition key")));
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
    const QString bar = tab->messageBar()->text();
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

// Finding 1: Select All, type a new query, F5 (or Run): the new text runs, into the history.
void tst_QueryTab::runAfterSelectAllAndTyping()
{
    QueryTab *tab = newTab();
    QueryEditor *editor = tab->editor();
    editor->setFocus();
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier); // Select All
    QTest::keyClicks(editor, QStringLiteral("SELECT VALUE COUNT(1) FROM c"));
    if (editor->isListActive())
        editor->cancelList();
    QTest::keyClick(editor, Qt::Key_F5);
    QTRY_COMPARE_WITH_TIMEOUT(tab->model()->itemCount(), 1, 15000);
    QCOMPARE(tab->model()->index(0, 0).data().toString(), QStringLiteral("1500"));
    QCOMPARE(Settings().queryHistory(m_session->scopeFor(tab->container())).value(0),
             QStringLiteral("SELECT VALUE COUNT(1) FROM c"));
    // the same with the Run button
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(editor, QStringLiteral("SELECT TOP 3 c.id FROM c"));
    if (editor->isListActive())
        editor->cancelList();
    QTRY_VERIFY(!tab->loader()->isBusy());
    QTest::mouseClick(tab->findChild<QToolBar *>()->widgetForAction(tab->runAction()),
                      Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(tab->model()->itemCount(), 3, 15000);
    // an empty editor says so instead of doing nothing
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(editor, Qt::Key_Delete);
    QTest::keyClick(editor, Qt::Key_F5);
    QVERIFY(tab->messageBar()->isVisible());
    QVERIFY(tab->messageBar()->text().contains(QStringLiteral("Nothing to run")));
}

// Finding 2: the status line shows one activity id (the rest in its tooltip) and never sets
// the window's minimum width.
void tst_QueryTab::statusLineNeverWidensTheWindow()
{
    QueryTab *tab = newTab();
    const int before = m_window->minimumSizeHint().width();
    typeQuery(tab, QStringLiteral("SELECT * FROM c ORDER BY c.price"));
    QVERIFY(tab->run());
    QTRY_VERIFY_WITH_TIMEOUT(tab->model()->itemCount() > 0 && !tab->loader()->isBusy(), 15000);
    const QString status = tab->statusLine()->text();
    QVERIFY2(status.count(QStringLiteral("activity id")) == 1, qPrintable(status));
    const QStringList ids = tab->loader()->stats().activityId.split(QStringLiteral(", "));
    QVERIFY(status.contains(ids.first()));
    for (const QString &id : ids)
        QVERIFY(tab->statusLine()->toolTip().contains(id));
    if (ids.size() > 1)
        QVERIFY2(!status.contains(ids.at(1)), qPrintable(status));
    // even a very long status line leaves the minimum width alone
    tab->statusLine()->setText(status + QString(2000, QLatin1Char('x')));
    QVERIFY2(
        m_window->minimumSizeHint().width() <= before,
        qPrintable(QStringLiteral("%1 > %2").arg(m_window->minimumSizeHint().width()).arg(before)));
}

// Finding 3: Ctrl+Return and Ctrl+Enter (keypad) both run, also from the partition key field.
void tst_QueryTab::ctrlReturnAndCtrlEnterAnywhereInTheTab()
{
    // shortcuts go to the active window (an earlier test's dialog may have taken it)
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QueryTab *tab = newTab();
    typeQuery(tab, QStringLiteral("SELECT TOP 2 c.id FROM c"));
    tab->partitionKeyEdit()->setFocus();
    QTest::keyClick(tab->partitionKeyEdit(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(tab->model()->itemCount(), 2, 15000);
    QTRY_VERIFY(!tab->loader()->isBusy());
    typeQuery(tab, QStringLiteral("SELECT TOP 4 c.id FROM c"));
    QTest::keyClick(tab->editor(), Qt::Key_Enter, Qt::ControlModifier | Qt::KeypadModifier);
    QTRY_COMPARE_WITH_TIMEOUT(tab->model()->itemCount(), 4, 15000);
    QTRY_VERIFY(!tab->loader()->isBusy());
    typeQuery(tab, QStringLiteral("SELECT TOP 5 c.id FROM c"));
    tab->partitionKeyEdit()->setFocus();
    QTest::keyClick(
        tab->partitionKeyEdit(), Qt::Key_Enter, Qt::ControlModifier | Qt::KeypadModifier);
    QTRY_COMPARE_WITH_TIMEOUT(tab->model()->itemCount(), 5, 15000);
}

// Finding 14: metrics as a table with units, like the portal's Query Stats.
void tst_QueryTab::metricsAsATableWithUnits()
{
    QueryTab *tab = newTab();
    typeQuery(tab, QStringLiteral("SELECT * FROM c WHERE c.price > 100"));
    QTest::mouseClick(tab->metricsCheck(), Qt::LeftButton);
    QVERIFY(tab->metricsCheck()->isChecked());
    QVERIFY(tab->run());
    QTRY_VERIFY_WITH_TIMEOUT(tab->model()->itemCount() > 0 && !tab->loader()->isBusy(), 15000);
    QueryStatsTable *stats = tab->statsTable();
    QVERIFY(stats->rowCount() >= 3);
    QCOMPARE(stats->unitOf(QStringLiteral("Request charge")), QStringLiteral("RU"));
    QCOMPARE(stats->valueOf(QStringLiteral("Request charge")),
             QLocale().toString(tab->loader()->stats().requestCharge, 'f', 2));
    QCOMPARE(stats->valueOf(QStringLiteral("Results shown")),
             QLocale().toString(tab->model()->itemCount()));
    if (!tab->loader()->stats().metricsTotal.isEmpty()) {
        QCOMPARE(stats->unitOf(QStringLiteral("Retrieved document count")),
                 QStringLiteral("documents"));
        QCOMPARE(stats->unitOf(QStringLiteral("Total execution time")), QStringLiteral("ms"));
    }
    tab->results()->tabs()->setCurrentWidget(tab->results()->metricsPage());
    QVERIFY(stats->isVisible());
    // In a 900x600 window the chart is readable beside the table (it was a 40 px strip).
    const QSize size = m_window->size();
    m_window->resize(900, 600);
    QTRY_VERIFY(tab->metricsChart()->width() >= 200);
    QVERIFY(stats->columnViewportPosition(2) < stats->viewport()->width()); // units in view
    m_window->resize(size);
    tab->metricsCheck()->setChecked(false);
}

// The screenshot tour: at 900x600 the editor showed four lines above two option rows; the
// rarely used one (session token, cache staleness) now opens from the Query menu.
void tst_QueryTab::editorKeepsItsLinesAt900x600()
{
    QueryTab *tab = newTab();
    const QSize size = m_window->size();
    m_window->resize(900, 600);
    const int line = tab->editor()->textHeight(0);
    QTRY_VERIFY2(tab->editor()->height() >= 8 * line,
                 qPrintable(QStringLiteral("%1 px, lines of %2").arg(tab->editor()->height())
                                .arg(line)));
    QVERIFY(!tab->sessionTokenEdit()->isVisible());
    auto options = tab->findChild<QAction *>(QStringLiteral("readOptionsAction"));
    QVERIFY(options);
    options->trigger();
    QVERIFY(tab->sessionTokenEdit()->isVisible());
    QVERIFY(tab->stalenessBox()->isVisible());
    m_window->resize(size);
}

// Finding 14: "Load all" asks before a run estimated above the threshold; Cancel loads nothing.
void tst_QueryTab::loadAllAsksAboveTheThreshold()
{
    Settings().setLoadAllWarningRu(1); // any real drain is above 1 RU
    QueryTab *tab = newTab();
    typeQuery(tab, QStringLiteral("SELECT * FROM c"));
    QVERIFY(tab->run());
    QTRY_VERIFY_WITH_TIMEOUT(tab->model()->itemCount() == 100 && !tab->loader()->isBusy(), 15000);
    QTest::mouseClick(tab->findChild<QToolBar *>()->widgetForAction(tab->loadAllAction()),
                      Qt::LeftButton);
    QMessageBox *box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (box = tab->findChild<QMessageBox *>(QStringLiteral("confirmLoadAll"))), 15000);
    QVERIFY2(box->text().contains(QLocale().toString(1500) + QStringLiteral(" items")),
             qPrintable(box->text()));
    QVERIFY(box->text().contains(QStringLiteral("RU")));
    QVERIFY(!tab->loader()->isDraining());
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!tab->findChild<QMessageBox *>(QStringLiteral("confirmLoadAll")));
    QVERIFY(!tab->loader()->isDraining());
    QCOMPARE(tab->model()->itemCount(), 100);
    // Yes drains
    QSignalSpy finished(tab->loader(), &ResultLoader::finished);
    tab->loadAll();
    QTRY_VERIFY_WITH_TIMEOUT(
        (box = tab->findChild<QMessageBox *>(QStringLiteral("confirmLoadAll"))), 15000);
    box->button(QMessageBox::Yes)->click();
    QVERIFY(finished.wait(20000));
    QCOMPARE(tab->model()->itemCount(), 1500);
    // under the threshold nothing is asked
    Settings().setLoadAllWarningRu(1e9);
    QVERIFY(tab->run());
    QTRY_VERIFY_WITH_TIMEOUT(tab->model()->itemCount() == 100 && !tab->loader()->isBusy(), 15000);
    QSignalSpy finishedAgain(tab->loader(), &ResultLoader::finished);
    tab->loadAll();
    QVERIFY(finishedAgain.wait(20000));
    QVERIFY(!tab->findChild<QMessageBox *>(QStringLiteral("confirmLoadAll")));
    Settings().setLoadAllWarningRu(5000);
}

// Finding 15: two query tabs on one container have different names.
void tst_QueryTab::tabsOfOneContainerAreNumbered()
{
    QueryTab *a = newTab();
    QueryTab *b = newTab();
    QTabWidget *tabs = m_window->tabs();
    const QString first = tabs->tabText(tabs->indexOf(a));
    const QString second = tabs->tabText(tabs->indexOf(b));
    QVERIFY(first.startsWith(QStringLiteral("Query Products")));
    QVERIFY(second.startsWith(QStringLiteral("Query Products")));
    QVERIFY2(first != second, qPrintable(first));
    QCOMPARE(tabs->elideMode(), Qt::ElideMiddle);
}

QTEST_MAIN(tst_QueryTab)
#include "tst_querytab.moc"
