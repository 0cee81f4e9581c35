#include "manageteststuff.h"

#include <containersettings.h>
#include <manageutil.h>
#include <sourceeditor.h>

#include <gatewayprocess.h>

#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>

using namespace Cosmos;
using namespace Manage;

class tst_ContainerSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void changeTtlWithConfirmation();

private:
    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
};

void tst_ContainerSettings::initTestCase()
{
    QVERIFY2(m_gateway.start(), qPrintable(m_gateway.errorString()));
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    QVERIFY(waitForCall(this, [&](QObject *c, ResponseCallback cb) {
        return m_client->create(ResourcePath::databases(), {{"id", "SetDB"}}, {}, c, cb);
    }));
    QVERIFY(waitForCall(this, [&](QObject *c, ResponseCallback cb) {
        return m_client->create(ResourcePath::database("SetDB").feed(ResourceKind::Container),
                                containerBody("things", "/kind"), {}, c, cb);
    }));
}

void tst_ContainerSettings::changeTtlWithConfirmation()
{
    QStringList asked;
    setConfirmHandler([&](const QString &, const QString &text) {
        asked << text;
        return true;
    });
    ContainerSettings settings(m_client.get(), ResourcePath::container("SetDB", "things"));
    QSignalSpy loaded(&settings, &ContainerSettings::loaded);
    QVERIFY(loaded.wait(10000));
    settings.resize(700, 600);
    settings.show();
    QVERIFY(settings.partitionKeyLabel()->text().contains(QStringLiteral("/kind")));
    QVERIFY(settings.ttlOffButton()->isChecked());
    VERIFY_FITS_900(&settings); // the time-to-live choices once stood side by side
    QVERIFY(settings.changes().isEmpty());

    // Bad indexing JSON is marked and blocks saving; the text stays.
    const QString policy = settings.indexingEditor()->text();
    settings.indexingEditor()->setText(QStringLiteral("{ \"indexingMode\": "));
    QVERIFY(!settings.saveButton()->isEnabled());
    QVERIFY(settings.indexingEditor()->hasErrorMark());
    settings.indexingEditor()->setText(policy);
    QVERIFY(settings.saveButton()->isEnabled());

    QTest::mouseClick(settings.ttlSecondsButton(), Qt::LeftButton);
    settings.ttlSecondsBox()->selectAll();
    QTest::keyClicks(settings.ttlSecondsBox(), QStringLiteral("3600"));
    QCOMPARE(settings.changes(), QStringList{QStringLiteral("Time to live: off → 3600 seconds")});
    saveShot(&settings, QStringLiteral("settings.png"));
    QSignalSpy saved(&settings, &ContainerSettings::saved);
    QTest::mouseClick(settings.saveButton(), Qt::LeftButton);
    QVERIFY2(saved.wait(10000), qPrintable(settings.messageLine()->text()));
    QCOMPARE(asked.size(), 1);
    QVERIFY(asked.first().contains(QStringLiteral("Time to live: off → 3600 seconds")));
    QCOMPARE(settings.properties().value("defaultTtl").toInt(), 3600);

    // "On, no default" is -1 on the service.
    QTest::mouseClick(settings.ttlNoDefaultButton(), Qt::LeftButton);
    QTest::mouseClick(settings.saveButton(), Qt::LeftButton);
    QVERIFY2(saved.wait(10000), qPrintable(settings.messageLine()->text()));
    CosmosResponse r;
    QVERIFY(waitForCall(this, [&](QObject *c, ResponseCallback cb) {
        return m_client->read(ResourcePath::container("SetDB", "things"), {}, c, cb);
    }, &r));
    QCOMPARE(r.object().value("defaultTtl").toInt(), -1);
    setConfirmHandler(nullptr);
}

QTEST_MAIN(tst_ContainerSettings)
#include "tst_containersettings.moc"
