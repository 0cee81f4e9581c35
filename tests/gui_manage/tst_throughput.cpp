#include "manageteststuff.h"

#include <manageutil.h>
#include <throughputdialog.h>

#include <gatewayprocess.h>

#include <QApplication>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>

using namespace Cosmos;
using namespace Manage;

class tst_Throughput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void switchManualAutoscaleAndBack();
    void sharedDatabaseThroughput();
    void defaultDedicatedOffer();
    void changeIsConfirmedWithCost();
    void cleanupTestCase() { setConfirmHandler(nullptr); }

private:
    void setValue(QSpinBox *box, int value);
    ThroughputDialog *openReady(const ResourcePath &path, ThroughputDialog::State expected);

    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
    QStringList m_questions; ///< what the confirmation boxes asked
    bool m_answer = true;
};

void tst_Throughput::initTestCase()
{
    QVERIFY2(m_gateway.start(), qPrintable(m_gateway.errorString()));
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    setConfirmHandler([this](const QString &, const QString &text) {
        m_questions << text;
        return m_answer;
    });
    RequestOptions manual;
    manual.offerThroughput = 400;
    auto create = [&](const ResourcePath &feed, const QJsonObject &body, const RequestOptions &o) {
        CosmosResponse r;
        const bool ok = waitForCall(this, [&](QObject *c, ResponseCallback cb) {
            return m_client->create(feed, body, o, c, cb);
        }, &r);
        if (!ok)
            qWarning() << r.error.toString();
        return ok;
    };
    QVERIFY(create(ResourcePath::databases(), {{"id", "TpDB"}}, {}));
    QVERIFY(create(ResourcePath::database("TpDB").feed(ResourceKind::Container),
                   containerBody("orders", "/customer"), manual));
    QVERIFY(create(ResourcePath::database("TpDB").feed(ResourceKind::Container),
                   containerBody("bare", "/pk"), {}));
    QVERIFY(create(ResourcePath::databases(), {{"id", "SharedDB"}}, manual));
    QVERIFY(create(ResourcePath::database("SharedDB").feed(ResourceKind::Container),
                   containerBody("events", "/device"), {}));
}

void tst_Throughput::setValue(QSpinBox *box, int value)
{
    box->selectAll();
    QTest::keyClicks(box, QString::number(value));
    QCOMPARE(box->value(), value);
}

ThroughputDialog *tst_Throughput::openReady(const ResourcePath &path, ThroughputDialog::State expected)
{
    auto dialog = new ThroughputDialog(m_client.get(), path);
    dialog->show();
    [&] { QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), expected, 10000); }();
    return dialog;
}

void tst_Throughput::switchManualAutoscaleAndBack()
{
    QPointer<ThroughputDialog> dialog =
        openReady(ResourcePath::container("TpDB", "orders"), ThroughputDialog::State::Ready);
    QVERIFY(dialog->manualButton()->isChecked());
    QCOMPARE(dialog->valueBox()->value(), 400);
    QCOMPARE(dialog->minimumLabel()->text(), QStringLiteral("400 RU/s"));
    QVERIFY(dialog->currentLabel()->text().contains(QStringLiteral("Manual, 400 RU/s")));
    // Loaded, it is as tall as what shows (a fixed 300 px left an empty band).
    QTRY_COMPARE(dialog->height(), dialog->minimumSizeHint().height());

    // Invalid values are explained and cannot be saved.
    setValue(dialog->valueBox(), 450);
    QVERIFY(!dialog->validationLabel()->text().isEmpty());
    QVERIFY(!dialog->saveButton()->isEnabled());
    // Its red is readable on either theme and follows a switch (a fixed red was 2.2:1 on dark).
    QLabel *validation = dialog->validationLabel();
    const QColor onLight = validation->palette().color(QPalette::WindowText);
    const QPalette original = QApplication::palette();
    QPalette dark = original;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x30));
    QApplication::setPalette(dark);
    const QColor onDark = validation->palette().color(QPalette::WindowText);
    QApplication::setPalette(original);
    QVERIFY2(onLight.lightness() < 128, qPrintable(onLight.name()));
    QVERIFY2(onDark.lightness() >= 128, qPrintable(onDark.name()));

    // Manual → autoscale, maximum 4000.
    QTest::mouseClick(dialog->autoscaleButton(), Qt::LeftButton);
    QVERIFY(dialog->autoscaleButton()->isChecked());
    setValue(dialog->valueBox(), 4000);
    QVERIFY(dialog->validationLabel()->text().isEmpty());
    QSignalSpy saved(dialog.data(), &ThroughputDialog::saved);
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    QVERIFY2(saved.wait(10000), qPrintable(dialog->messageLine()->text()));
    QVERIFY(dialog->current().autoscale);
    QCOMPARE(dialog->current().autoscaleMaxThroughput, 4000);
    QVERIFY(dialog->currentLabel()->text().contains(QStringLiteral("Autoscale, up to 4000")));
    saveShot(dialog, QStringLiteral("throughput.png"));

    // And back to manual 500.
    QTest::mouseClick(dialog->manualButton(), Qt::LeftButton);
    setValue(dialog->valueBox(), 500);
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    QVERIFY2(saved.wait(10000), qPrintable(dialog->messageLine()->text()));
    QVERIFY(!dialog->current().autoscale);
    QCOMPARE(dialog->current().throughput, 500);

    // A fresh dialog reads the same from the service.
    QPointer<ThroughputDialog> again =
        openReady(ResourcePath::container("TpDB", "orders"), ThroughputDialog::State::Ready);
    QCOMPARE(again->current().throughput, 500);
    QVERIFY(!again->current().autoscale);
    dialog->close();
    again->close();
}

void tst_Throughput::sharedDatabaseThroughput()
{
    QPointer<ThroughputDialog> dialog =
        openReady(ResourcePath::container("SharedDB", "events"), ThroughputDialog::State::Shared);
    QVERIFY(dialog->currentLabel()->text().contains(QStringLiteral("shares the throughput")));
    QVERIFY(dialog->openDatabaseButton()->isVisible());
    QVERIFY(!dialog->saveButton()->isEnabled());
    saveShot(dialog, QStringLiteral("throughput-shared.png"));
    QSignalSpy opened(dialog.data(), &ThroughputDialog::databaseDialogOpened);
    QTest::mouseClick(dialog->openDatabaseButton(), Qt::LeftButton);
    QCOMPARE(opened.size(), 1);
    QPointer<ThroughputDialog> db = opened.first().first().value<ThroughputDialog *>();
    QVERIFY(db);
    QTRY_COMPARE_WITH_TIMEOUT(db->state(), ThroughputDialog::State::Ready, 10000);
    QCOMPARE(db->current().throughput, 400);
    db->close();
    dialog->close();
}

// Like a provisioned account, a container created without throughput in a database without
// shared throughput gets its own 400 RU/s. (The serverless / no-offer case cannot be produced
// by the gateway; the dialog's NoOffer state is not covered here.)
void tst_Throughput::defaultDedicatedOffer()
{
    QPointer<ThroughputDialog> dialog =
        openReady(ResourcePath::container("TpDB", "bare"), ThroughputDialog::State::Ready);
    QCOMPARE(dialog->current().throughput, 400);
    QVERIFY(!dialog->openDatabaseButton()->isVisible());
    dialog->close();
}

// Finding 12: a change says old -> new RU/s and the estimated monthly cost, and "No" keeps
// the offer as it is.
void tst_Throughput::changeIsConfirmedWithCost()
{
    QPointer<ThroughputDialog> dialog
        = openReady(ResourcePath::container("TpDB", "orders"), ThroughputDialog::State::Ready);
    const bool wasAutoscale = dialog->current().autoscale;
    const int before
        = wasAutoscale ? dialog->current().autoscaleMaxThroughput : dialog->current().throughput;
    QTest::mouseClick(dialog->autoscaleButton(), Qt::LeftButton);
    setValue(dialog->valueBox(), 6000);
    m_questions.clear();
    m_answer = false;
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    QCOMPARE(m_questions.size(), 1);
    const QString question = m_questions.first();
    QVERIFY2(question.contains(QStringLiteral("autoscale up to 6,000 RU/s")), qPrintable(question));
    QVERIFY2(question.contains(
                 QStringLiteral("%1 RU/s").arg(QLocale(QLocale::English).toString(before))),
             qPrintable(question));
    // 6,000 RU/s autoscale: 60 x $0.008 x 1.5 x 730 h = $525.60 at most
    QVERIFY2(question.contains(QStringLiteral("$525.60")), qPrintable(question));
    QVERIFY2(question.contains(QStringLiteral("estimate")), qPrintable(question));
    QCOMPARE(ThroughputDialog::monthlyCostEstimate(false, 400), 400 / 100.0 * 0.008 * 730);
    // Refused: nothing changed on the service.
    QPointer<ThroughputDialog> again
        = openReady(ResourcePath::container("TpDB", "orders"), ThroughputDialog::State::Ready);
    QCOMPARE(again->current().autoscale, wasAutoscale);
    QCOMPARE(wasAutoscale ? again->current().autoscaleMaxThroughput : again->current().throughput,
             before);
    m_answer = true;
    again->close();
    dialog->close();
}

QTEST_MAIN(tst_Throughput)
#include "tst_throughput.moc"
