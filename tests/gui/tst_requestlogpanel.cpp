// The request log dock against the gateway: the session's requests with RU that add up to
// what the query tab reports, the filter, CSV/JSON exports without keys or signatures, the
// RU-per-second chart, and a screenshot in light and dark palettes.

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <connectioncontroller.h>
#include <queryeditor.h>
#include <querytab.h>
#include <requestlog.h>
#include <requestlogmodel.h>
#include <requestlogpanel.h>
#include <settings.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QSortFilterProxyModel>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTemporaryDir>

using namespace Cosmoscope;
using namespace Cosmos;

class tst_RequestLogPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void queryChargesAreLogged();
    void filterShowsMatchingRows();
    void exportsHaveNoSecrets();
    void failedRequestIsLogged();
    void screenshots();

private:
    GatewayProcess m_gateway;
    std::unique_ptr<MainWindow> m_window;
    AccountSession *m_session = nullptr;
    QTemporaryDir m_dir;
};

void tst_RequestLogPanel::initTestCase()
{
    prepareGuiTest();
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_gateway.start({.seedSample = true}), qPrintable(m_gateway.errorString()));
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(m_window->requestLogDock()->isHidden()); // opened from the toolbar or the menu
    m_window->requestLogDock()->toggleViewAction()->trigger();
    QVERIFY(m_window->requestLogDock()->isVisible());
    m_session
        = m_window->connections()->openConnection(QStringLiteral("gw"), m_gateway.connection());
}

void tst_RequestLogPanel::cleanupTestCase()
{
    m_window.reset();
}

void tst_RequestLogPanel::queryChargesAreLogged()
{
    RequestLogPanel *panel = m_window->requestLogPanel();
    QAbstractItemModelTester tester(panel->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    RequestLog *log = m_window->requestLog();
    QueryTab *query = m_window->openQueryTab(
        m_session, ResourcePath::container(QStringLiteral("SampleDB"), QStringLiteral("Orders")));
    QVERIFY(query);
    const int before = log->count();
    const double totalBefore = log->totalCharge();
    query->editor()->setText(QStringLiteral("SELECT * FROM c WHERE c.status = 'shipped'"));
    QVERIFY(query->run());
    QTRY_VERIFY_WITH_TIMEOUT(!query->loader()->isBusy() && query->model()->itemCount() > 0, 15000);
    // Load all without its cost estimate (a COUNT query of its own): only the pages here.
    Settings().setLoadAllWarningRu(0);
    query->loadAll();
    QTRY_VERIFY_WITH_TIMEOUT(!query->loader()->hasMore() && !query->loader()->isBusy(), 20000);
    const double tabCharge = query->loader()->stats().requestCharge;
    QVERIFY(tabCharge > 0);

    double logged = 0;
    int pages = 0;
    for (int i = before; i < log->count(); ++i) {
        const RequestRecord &r = log->records().at(i);
        if (r.operation == QLatin1String("Query")
            && r.resourcePath == QLatin1String("dbs/SampleDB/colls/Orders/docs")) {
            logged += r.requestCharge;
            ++pages;
            QCOMPARE(r.status, 200);
            QCOMPARE(
                r.account,
                QStringLiteral("%1:%2").arg(m_gateway.url().host()).arg(m_gateway.url().port()));
            QVERIFY(!r.activityId.isEmpty());
        }
    }
    QVERIFY(pages >= query->loader()->stats().pages);
    QCOMPARE(QString::number(logged, 'f', 4), QString::number(tabCharge, 'f', 4));
    // The running total counts every request of the session.
    double all = 0;
    for (const RequestRecord &r : log->records())
        all += r.requestCharge;
    QCOMPARE(QString::number(log->totalCharge(), 'f', 4), QString::number(all, 'f', 4));
    QVERIFY(log->totalCharge() >= totalBefore + tabCharge - 1e-9);
    panel->refresh();
    QVERIFY(panel->totalLabel()->text().contains(QString::number(log->totalCharge(), 'f', 2)));
    QCOMPARE(panel->model()->rowCount(), log->count());
    auto series = static_cast<QLineSeries *>(panel->chartView()->chart()->series().first());
    const QList<QPointF> points = series->points(); // a step (two points) per second
    QCOMPARE(points.size(), 2 * log->chargePerSecond().size());
    double charted = 0;
    for (int i = 0; i < points.size(); i += 2)
        charted += points.at(i).y();
    QCOMPARE(QString::number(charted, 'f', 4), QString::number(all, 'f', 4));
}

void tst_RequestLogPanel::filterShowsMatchingRows()
{
    RequestLogPanel *panel = m_window->requestLogPanel();
    panel->filterEdit()->setText(QStringLiteral("Query"));
    const QList<RequestRecord> shown = panel->shownRecords();
    QVERIFY(!shown.isEmpty());
    QVERIFY(shown.size() < m_window->requestLog()->count()); // the tree's reads are hidden
    for (const RequestRecord &r : shown)
        QCOMPARE(r.operation, QStringLiteral("Query"));
    QVERIFY(panel->totalLabel()->text().contains(QStringLiteral("shown: %1").arg(shown.size())));
    panel->filterEdit()->clear();
    QCOMPARE(panel->shownRecords().size(), m_window->requestLog()->count());
}

void tst_RequestLogPanel::exportsHaveNoSecrets()
{
    RequestLogPanel *panel = m_window->requestLogPanel();
    const QString csv = m_dir.filePath(QStringLiteral("requests.csv"));
    const QString json = m_dir.filePath(QStringLiteral("requests.json"));
    QVERIFY(panel->exportTo(csv, RequestLogPanel::Format::Csv));
    QVERIFY(panel->exportTo(json, RequestLogPanel::Format::Json));
    QString error;
    QVERIFY(!panel->exportTo(
        m_dir.filePath(QStringLiteral("no/dir/x.csv")), RequestLogPanel::Format::Csv, &error));
    QVERIFY(!error.isEmpty());
    const int count = m_window->requestLog()->count();
    for (const QString &name : {csv, json}) {
        QFile file(name);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(!text.contains(ConnectionInfo::emulatorKey().toUtf8()));
        QVERIFY(!text.contains(ConnectionInfo::emulatorKey().left(16).toUtf8()));
        QVERIFY(!text.contains("sig="));
        QVERIFY(!text.contains("sig%3D"));
        QVERIFY(!text.contains("type%3Dmaster"));
        QVERIFY(!text.contains("type=master"));
        QVERIFY(!text.toLower().contains("authorization"));
        if (name == csv) {
            QCOMPARE(text.count("\r\n"), count + 1); // header and one line per request
        } else {
            const QJsonArray rows = QJsonDocument::fromJson(text).array();
            QCOMPARE(rows.size(), count);
            double sum = 0;
            for (const QJsonValue &row : rows)
                sum += row.toObject().value(QStringLiteral("requestCharge")).toDouble();
            QCOMPARE(QString::number(sum, 'f', 4),
                     QString::number(m_window->requestLog()->totalCharge(), 'f', 4));
        }
    }
}

void tst_RequestLogPanel::failedRequestIsLogged()
{
    RequestLog *log = m_window->requestLog();
    const int before = log->count();
    const CosmosResponse r = call([this](QObject *ctx, ResponseCallback cb) {
        m_session->client()->read(
            ResourcePath::container("SampleDB", "NoSuchContainer"), {}, ctx, cb);
    });
    QCOMPARE(r.status, 404);
    QCOMPARE(log->count(), before + 1);
    const RequestRecord &rec = log->records().last();
    QCOMPARE(rec.status, 404);
    QCOMPARE(rec.operation, QStringLiteral("Read"));
    QCOMPARE(rec.resourcePath, QStringLiteral("dbs/SampleDB/colls/NoSuchContainer"));
    QCOMPARE(rec.activityId, r.activityId);
}

void tst_RequestLogPanel::screenshots()
{
    if (qEnvironmentVariableIsEmpty("COSMOSCOPE_SCREENSHOTS"))
        QSKIP("COSMOSCOPE_SCREENSHOTS is not set");
    const QPalette light = QApplication::palette();
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(37, 37, 38));
    dark.setColor(QPalette::WindowText, QColor(220, 220, 220));
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    dark.setColor(QPalette::AlternateBase, QColor(45, 45, 48));
    dark.setColor(QPalette::Text, QColor(220, 220, 220));
    dark.setColor(QPalette::Button, QColor(45, 45, 48));
    dark.setColor(QPalette::ButtonText, QColor(220, 220, 220));
    dark.setColor(QPalette::Highlight, QColor(38, 120, 200));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
    for (QPalette::ColorRole role : {QPalette::Text, QPalette::WindowText, QPalette::ButtonText})
        dark.setColor(QPalette::Disabled, role, QColor(120, 120, 120));
    m_window->requestLogPanel()->refresh();
    saveShot(m_window.get(), QStringLiteral("requestlog-light.png"));
    QApplication::setPalette(dark);
    QApplication::processEvents();
    saveShot(m_window.get(), QStringLiteral("requestlog-dark.png"));
    QApplication::setPalette(light);
}

QTEST_MAIN(tst_RequestLogPanel)
#include "tst_requestlogpanel.moc"
