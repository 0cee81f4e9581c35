// Query cost at a glance against the gateway: RU per page and in total in the status line,
// and the metrics breakdown chart summed over the pages the service returned metrics for.

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <connectioncontroller.h>
#include <queryeditor.h>
#include <querymetricschart.h>
#include <querytab.h>
#include <resultview.h>

#include <QChartView>
#include <QCheckBox>
#include <QLabel>

using namespace Cosmoscope;
using namespace Cosmos;

class tst_QueryMetricsChart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void pagesAndBreakdown();

private:
    GatewayProcess m_gateway;
    std::unique_ptr<MainWindow> m_window;
    AccountSession *m_session = nullptr;
};

void tst_QueryMetricsChart::initTestCase()
{
    prepareGuiTest();
    QVERIFY2(m_gateway.start({.seedSample = true}), qPrintable(m_gateway.errorString()));
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    m_session
        = m_window->connections()->openConnection(QStringLiteral("gw"), m_gateway.connection());
}

void tst_QueryMetricsChart::cleanupTestCase()
{
    m_window.reset();
}

void tst_QueryMetricsChart::pagesAndBreakdown()
{
    QueryTab *tab = m_window->openQueryTab(
        m_session, ResourcePath::container(QStringLiteral("SampleDB"), QStringLiteral("Products")));
    QVERIFY(tab);
    tab->metricsCheck()->setChecked(true);
    QVERIFY(!tab->metricsChart()->view()->isVisible()); // nothing returned yet
    tab->editor()->setText(QStringLiteral("SELECT * FROM c WHERE c.price > 50"));
    QVERIFY(tab->run());
    QTRY_VERIFY_WITH_TIMEOUT(!tab->loader()->isBusy() && tab->model()->itemCount() > 0, 15000);
    tab->loadMore();
    QTRY_VERIFY_WITH_TIMEOUT(!tab->loader()->isBusy() && tab->loader()->stats().pages >= 2, 15000);
    const ResultLoader::Stats stats = tab->loader()->stats();
    QVERIFY(stats.lastPageCharge > 0);
    QVERIFY(stats.lastPageCharge < stats.requestCharge);
    QVERIFY2(tab->statusLine()->text().contains(QStringLiteral("%1 pages, last page %2 RU")
                                                    .arg(stats.pages)
                                                    .arg(stats.lastPageCharge, 0, 'f', 2)),
             qPrintable(tab->statusLine()->text()));

    // The gateway returns metrics on every page: the chart shows their sums.
    QVERIFY(!stats.metricsTotal.isEmpty());
    QVERIFY(tab->metricsChart()->view()->isVisibleTo(tab->metricsChart()));
    const QStringList names = tab->metricsChart()->categories();
    QCOMPARE(names.size(), 6);
    QCOMPARE(names.first(), QStringLiteral("Query preparation"));
    const QList<double> values = tab->metricsChart()->values();
    const auto parts = stats.metricsTotal.breakdown();
    for (int i = 0; i < parts.size(); ++i)
        QCOMPARE(values.at(i), parts.at(i).second);
    // Two pages of the gateway's fixed figures: document load 0.01 ms each.
    QCOMPARE(
        QString::number(stats.metricsTotal.value(QStringLiteral("documentLoadTimeInMs")), 'f', 2),
        QString::number(0.01 * stats.pages, 'f', 2));
}

QTEST_MAIN(tst_QueryMetricsChart)
#include "tst_querymetricschart.moc"
