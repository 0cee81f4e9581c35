// The items tab against the gateway: page by page, Load more, Load all with bigger pages,
// cancelling a drain, and Reload.

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <connectioncontroller.h>
#include <messagebar.h>
#include <itemeditor.h>
#include <codeeditor.h>
#include <resultview.h>
#include <settings.h>

#include <QAction>
#include <QLabel>
#include <QAbstractButton>
#include <QMessageBox>
#include <QTabWidget>
#include <QTableView>
#include <QtTest>

using namespace Cosmoscope;
using namespace Cosmos;

class tst_ItemsTab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void pagesAndLoadMore();
    void cancelThenLoadAll();
    void closingWithAnUnsavedEditAsks();

private:
    GatewayProcess m_gateway;
    std::unique_ptr<MainWindow> m_window;
    ItemsTab *m_tab = nullptr;
};

void tst_ItemsTab::initTestCase()
{
    prepareGuiTest();
    Settings settings;
    settings.setPageSize(100);
    settings.setDrainPageSize(100); // small pages: a drain takes many round trips
    QVERIFY2(m_gateway.start({.seedSample = true}), qPrintable(m_gateway.errorString()));
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    AccountSession *session
        = m_window->connections()->openConnection(QStringLiteral("gw"), m_gateway.connection());
    m_tab = openProducts(m_window.get(), session);
    QVERIFY(m_tab);
}

void tst_ItemsTab::cleanupTestCase()
{
    m_window.reset();
}

void tst_ItemsTab::pagesAndLoadMore()
{
    QTRY_VERIFY(!m_tab->loader()->isBusy());
    QCOMPARE(m_tab->model()->itemCount(), 100);
    QVERIFY(m_tab->loader()->hasMore());
    auto status = m_tab->findChild<QLabel *>(QStringLiteral("itemsStatus"));
    QVERIFY2(status->text().contains(QStringLiteral("100 items (more available)")),
             qPrintable(status->text()));
    auto more = m_tab->findChild<QAction *>(QStringLiteral("loadMore"));
    QVERIFY(more->isEnabled());
    more->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_tab->model()->itemCount(), 200, 10000);
    // ids are unique across pages
    QSet<QString> ids;
    for (int i = 0; i < m_tab->model()->itemCount(); ++i)
        ids.insert(m_tab->model()->item(i).value("id").toString());
    QCOMPARE(ids.size(), 200);
}

void tst_ItemsTab::cancelThenLoadAll()
{
    QTRY_VERIFY(!m_tab->loader()->isBusy());
    QSignalSpy pages(m_tab->loader(), &ResultLoader::pageLoaded);
    QSignalSpy failed(m_tab->loader(), &ResultLoader::failed);
    m_tab->findChild<QAction *>(QStringLiteral("loadAll"))->trigger();
    QVERIFY(m_tab->loader()->isDraining());
    QVERIFY(m_tab->findChild<QAction *>(QStringLiteral("cancelLoad"))->isEnabled());
    QVERIFY(pages.wait(10000));
    m_tab->findChild<QAction *>(QStringLiteral("cancelLoad"))->trigger();
    QVERIFY(!m_tab->loader()->isDraining());
    QTRY_VERIFY(!m_tab->loader()->isBusy());
    const int afterCancel = m_tab->model()->itemCount();
    QVERIFY2(afterCancel < 1500, qPrintable(QString::number(afterCancel)));
    QVERIFY(m_tab->loader()->hasMore());
    if (!failed.isEmpty()) // the page in flight was cancelled: said, not shouted
        QCOMPARE(m_window->messageBar()->type(), MessageBar::Type::Information);

    // Load all again continues from there to the end.
    QSignalSpy finished(m_tab->loader(), &ResultLoader::finished);
    m_tab->loadAll();
    QVERIFY(finished.wait(30000));
    QCOMPARE(m_tab->model()->itemCount(), 1500);
    QVERIFY(!m_tab->loader()->hasMore());
    QVERIFY(!m_tab->findChild<QAction *>(QStringLiteral("loadAll"))->isEnabled());

    // Reload starts over with one page.
    m_tab->reload();
    QTRY_COMPARE_WITH_TIMEOUT(m_tab->model()->itemCount(), 100, 10000);
}

void tst_ItemsTab::closingWithAnUnsavedEditAsks()
{
    m_tab->view()->selectSourceRow(0);
    QTRY_VERIFY(!m_tab->editor()->isNew() && !m_tab->editor()->isFormatting());
    m_tab->editor()->editor()->setCursorPosition(1, 0);
    QTest::keyClicks(m_tab->editor()->editor(), QStringLiteral("\"draft\": 1,"));
    QVERIFY(m_tab->editor()->isModified());
    QTabWidget *tabs = m_window->tabs();
    const int index = tabs->indexOf(m_tab);
    Q_EMIT tabs->tabCloseRequested(index);
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = m_window->findChild<QMessageBox *>(QStringLiteral("confirmDiscardTab"))));
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!m_window->findChild<QMessageBox *>(QStringLiteral("confirmDiscardTab")));
    QCOMPARE(tabs->indexOf(m_tab), index); // still open, the edit still there
    QVERIFY(m_tab->editor()->editor()->text().contains(QStringLiteral("draft")));

    // Closing the account is refused while the edit is unsaved.
    m_window->connections()->closeAccount(m_tab->session()->accountId());
    QCOMPARE(m_window->connections()->sessions().size(), 1);
    QCOMPARE(tabs->indexOf(m_tab), index);
    QVERIFY(m_window->messageBar()->text().contains(QStringLiteral("unsaved")));

    Q_EMIT tabs->tabCloseRequested(index);
    QTRY_VERIFY((box = m_window->findChild<QMessageBox *>(QStringLiteral("confirmDiscardTab"))));
    QPointer<ItemsTab> tab(m_tab);
    QTest::mouseClick(box->button(QMessageBox::Discard), Qt::LeftButton);
    QTRY_VERIFY(!tab);
    m_tab = nullptr;
}

QTEST_MAIN(tst_ItemsTab)
#include "tst_itemstab.moc"
