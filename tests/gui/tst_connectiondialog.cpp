// The connection dialog and controller against the gateway: fill the dialog by typing,
// Test connection (regions, consistency, or the error in the user's terms), Connect, the
// saved connection without its secret, the in-memory secret fallback, several accounts.

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <connectioncontroller.h>
#include <connectiondialog.h>
#include <messagebar.h>
#include <itemstab.h>
#include <settings.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QtTest>

using namespace Cosmoscope;

class tst_ConnectionDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void defaults();
    void testConnectionShowsRegions();
    void testConnectionWrongKey();
    void testConnectionUntrustedCertificate();
    void connectSavesWithoutSecret();
    void connectionStringAndSecondAccount();
    void resourceToken();
    void preferredRegionsAndConsistency();
    void pagesLeaveNoEmptyBand();

private:
    void fillEndpointKey(ConnectionDialog *dialog, const QString &key, bool withCa = true);

    GatewayProcess m_gateway;
};

void tst_ConnectionDialog::initTestCase()
{
    prepareGuiTest();
    QVERIFY2(m_gateway.start({.seedSample = true}), qPrintable(m_gateway.errorString()));
}

void tst_ConnectionDialog::fillEndpointKey(ConnectionDialog *dialog,
                                           const QString &key,
                                           bool withCa)
{
    auto kind = dialog->findChild<QComboBox *>(QStringLiteral("connectionKind"));
    kind->setCurrentIndex(int(SavedConnection::Kind::EndpointKey));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("connectionName")),
                     QStringLiteral("Loopback"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("endpoint")),
                     m_gateway.url().toString());
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("accountKey")), key);
    if (withCa)
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("caFile")),
                         GatewayProcess::caFile());
}

void tst_ConnectionDialog::defaults()
{
    ConnectionDialog dialog;
    QVERIFY(!dialog.findChild<QCheckBox *>(QStringLiteral("allowUntrusted"))->isChecked());
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("accountKey"))->echoMode(),
             QLineEdit::Password);
    auto kind = dialog.findChild<QComboBox *>(QStringLiteral("connectionKind"));
    QCOMPARE(kind->count(), 5); // … and Microsoft Entra ID
    kind->setCurrentIndex(int(SavedConnection::Kind::Emulator));
    Cosmos::CosmosError error;
    const Cosmos::ConnectionInfo info = dialog.connectionInfo(&error);
    QVERIFY(!error.isError());
    QCOMPARE(info.endpoint.toString(), QStringLiteral("https://localhost:8081/"));
    QCOMPARE(info.masterKey, Cosmos::ConnectionInfo::emulatorKey().toLatin1());
    // untrusted certificates only for loopback hosts
    kind->setCurrentIndex(int(SavedConnection::Kind::EndpointKey));
    dialog.findChild<QLineEdit *>(QStringLiteral("endpoint"))
        ->setText(QStringLiteral("https://example.com/"));
    dialog.findChild<QLineEdit *>(QStringLiteral("accountKey"))
        ->setText(Cosmos::ConnectionInfo::emulatorKey());
    dialog.findChild<QCheckBox *>(QStringLiteral("allowUntrusted"))->setChecked(true);
    dialog.connectionInfo(&error);
    QVERIFY(error.message.contains(QStringLiteral("localhost")));
}

void tst_ConnectionDialog::testConnectionShowsRegions()
{
    ConnectionDialog dialog;
    dialog.show();
    fillEndpointKey(&dialog, Cosmos::ConnectionInfo::emulatorKey());
    QSignalSpy tested(&dialog, &ConnectionDialog::testFinished);
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("testConnection")),
                      Qt::LeftButton);
    QVERIFY(tested.wait(15000));
    QCOMPARE(tested.first().first().toBool(), true);
    QVERIFY2(dialog.testResult().contains(QStringLiteral("Connected")),
             qPrintable(dialog.testResult()));
    QVERIFY2(dialog.testResult().contains(QStringLiteral("Loopback")),
             qPrintable(dialog.testResult()));
    QVERIFY2(dialog.testResult().contains(QStringLiteral("Session")),
             qPrintable(dialog.testResult()));
}

void tst_ConnectionDialog::testConnectionWrongKey()
{
    ConnectionDialog dialog;
    dialog.show();
    fillEndpointKey(&dialog, QStringLiteral("d3JvbmcgYnV0IHZhbGlkIGJhc2U2NA=="));
    QSignalSpy tested(&dialog, &ConnectionDialog::testFinished);
    dialog.testConnection();
    QVERIFY(tested.wait(15000));
    QCOMPARE(tested.first().first().toBool(), false);
    QVERIFY2(dialog.testResult().contains(QStringLiteral("401")), qPrintable(dialog.testResult()));
    QVERIFY(dialog.testResult().contains(QStringLiteral("key")));
}

void tst_ConnectionDialog::testConnectionUntrustedCertificate()
{
    ConnectionDialog dialog;
    fillEndpointKey(&dialog, Cosmos::ConnectionInfo::emulatorKey(), false); // no CA file
    QSignalSpy tested(&dialog, &ConnectionDialog::testFinished);
    dialog.testConnection();
    QVERIFY(tested.wait(15000));
    QCOMPARE(tested.first().first().toBool(), false);
    QVERIFY2(dialog.testResult().contains(QStringLiteral("not trusted")),
             qPrintable(dialog.testResult()));
    // "allow untrusted (localhost only)" makes it work without the CA
    dialog.findChild<QCheckBox *>(QStringLiteral("allowUntrusted"))->setChecked(true);
    dialog.testConnection();
    QVERIFY(tested.wait(15000));
    QCOMPARE(tested.last().first().toBool(), true);
}

void tst_ConnectionDialog::connectSavesWithoutSecret()
{
    MainWindow window;
    window.show();
    ConnectionDialog *dialog = window.connections()->newConnection();
    QVERIFY(dialog->isVisible());
    fillEndpointKey(dialog, Cosmos::ConnectionInfo::emulatorKey());
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("connectButton")),
                      Qt::LeftButton);
    QTRY_COMPARE(window.treeModel()->rowCount(), 1);
    QCOMPARE(window.treeModel()->index(0, 0).data().toString(), QStringLiteral("Loopback"));
    const QModelIndex db
        = waitForChild(&window, window.treeModel()->index(0, 0), QStringLiteral("SampleDB"));
    QVERIFY(db.isValid());

    // remembered: name, endpoint, kind, CA file … never the key
    Settings settings;
    const QList<SavedConnection> saved = settings.connections();
    QCOMPARE(saved.size(), 1);
    QCOMPARE(saved.first().name, QStringLiteral("Loopback"));
    QCOMPARE(saved.first().caFile, GatewayProcess::caFile());
    QCOMPARE(saved.first().kind, SavedConnection::Kind::EndpointKey);
    QSettings().sync();
    QFile file(QSettings().fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray contents = file.readAll();
    QVERIFY(contents.contains("Loopback"));
    QVERIFY(!contents.contains(Cosmos::ConnectionInfo::emulatorKey().toLatin1()));
    QVERIFY(!contents.contains(Cosmos::ConnectionInfo::emulatorKey().left(20).toLatin1()));

    // no keychain in tests: the user is told the key stays in memory for this session
    QTRY_VERIFY(window.messageBar()->isVisible());
    QVERIFY2(window.messageBar()->text().contains(QStringLiteral("memory")),
             qPrintable(window.messageBar()->text()));

    // reopening the saved connection in this session finds the key in memory
    window.connections()->openSaved(saved.first());
    QTRY_COMPARE(window.treeModel()->rowCount(), 2);
    QVERIFY(waitForChild(&window, window.treeModel()->index(1, 0), QStringLiteral("SampleDB"))
                .isValid());
    window.connections()->forget(saved.first().id);
    QVERIFY(Settings().connections().isEmpty());
}

void tst_ConnectionDialog::connectionStringAndSecondAccount()
{
    MainWindow window;
    window.show();
    ConnectionDialog *dialog = window.connections()->newConnection();
    dialog->findChild<QComboBox *>(QStringLiteral("connectionKind"))
        ->setCurrentIndex(int(SavedConnection::Kind::ConnectionString));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("connectionString")),
                     QStringLiteral("AccountEndpoint=%1;AccountKey=%2;")
                         .arg(m_gateway.url().toString(), Cosmos::ConnectionInfo::emulatorKey()));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("caFile")),
                     GatewayProcess::caFile());
    dialog->findChild<QCheckBox *>(QStringLiteral("rememberConnection"))->setChecked(false);
    dialog->accept();
    QTRY_COMPARE(window.treeModel()->rowCount(), 1);
    QVERIFY(Settings().connections().isEmpty());

    // a second account at the same time, with a wrong key: an error node and the message bar
    Cosmos::CosmosError error;
    const auto wrong = [&] {
        Cosmos::ConnectionInfo info = m_gateway.connection();
        info.masterKey = "d3JvbmcgYnV0IHZhbGlkIGJhc2U2NA==";
        return info;
    }();
    window.connections()->openConnection(QStringLiteral("wrong"), wrong);
    QCOMPARE(window.treeModel()->rowCount(), 2);
    QVERIFY(waitForChild(&window, window.treeModel()->index(0, 0), QStringLiteral("SampleDB"))
                .isValid());
    const QModelIndex second = window.treeModel()->index(1, 0);
    window.treeView()->expand(second);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.treeModel()->rowCount(second) == 1
            && window.treeModel()->kind(window.treeModel()->index(0, 0, second))
                   == AccountTreeModel::NodeKind::Error,
        15000);
    QTRY_VERIFY(window.messageBar()->text().contains(QStringLiteral("401")));
}

void tst_ConnectionDialog::resourceToken()
{
    // The sample's user "reader" has a Read permission on Products: its token.
    Cosmos::CosmosClient admin(m_gateway.connection());
    const Cosmos::CosmosResponse permission = call([&](QObject *ctx, Cosmos::ResponseCallback cb) {
        admin.read(Cosmos::ResourcePath::database("SampleDB")
                       .child(Cosmos::ResourceKind::User, "reader")
                       .child(Cosmos::ResourceKind::Permission, "read-products"),
                   {},
                   ctx,
                   cb);
    });
    QVERIFY2(permission.ok(), qPrintable(permission.error.toString()));
    const QString token = permission.object().value("_token").toString();
    QVERIFY(!token.isEmpty());

    MainWindow window;
    window.show();
    ConnectionDialog *dialog = window.connections()->newConnection();
    dialog->findChild<QComboBox *>(QStringLiteral("connectionKind"))
        ->setCurrentIndex(int(SavedConnection::Kind::ResourceToken));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("connectionName")),
                     QStringLiteral("reader"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("tokenEndpoint")),
                     m_gateway.url().toString());
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("resourceLink")),
                     QStringLiteral("dbs/SampleDB/colls/Products"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("resourceToken")), token);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("caFile")),
                     GatewayProcess::caFile());
    dialog->findChild<QCheckBox *>(QStringLiteral("rememberConnection"))->setChecked(false);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("connectButton")),
                      Qt::LeftButton);
    QTRY_COMPARE(window.connections()->sessions().size(), 1);
    AccountSession *session = window.connections()->sessions().first();
    QVERIFY(session->client()->connection().usesResourceTokens());

    // the token reads the container's items …
    ItemsTab *tab
        = window.openItemsTab(session, Cosmos::ResourcePath::container("SampleDB", "Products"));
    QTRY_VERIFY_WITH_TIMEOUT(tab->model()->itemCount() == 100, 15000);
    // … but listing the account's databases is outside its scope: 403, said in the bar
    window.treeView()->expand(window.treeModel()->accountIndex(session->accountId()));
    QTRY_VERIFY_WITH_TIMEOUT(window.messageBar()->text().contains(QStringLiteral("403")), 15000);
}

// Preferred regions and a consistency level: typed, offered only as strong as the account
// allows once tested, saved with the connection (no secret) and read back into the dialog.
void tst_ConnectionDialog::preferredRegionsAndConsistency()
{
    ConnectionDialog dialog;
    dialog.show();
    fillEndpointKey(&dialog, Cosmos::ConnectionInfo::emulatorKey());
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("preferredRegions")),
                     QStringLiteral("Loopback,  West Europe"));
    auto consistency = dialog.findChild<QComboBox *>(QStringLiteral("consistencyLevel"));
    QVERIFY(consistency);
    QCOMPARE(consistency->count(), 6); // account default + five levels before a test
    QCOMPARE(consistency->currentData().toString(), QString());
    QSignalSpy tested(&dialog, &ConnectionDialog::testFinished);
    dialog.testConnection();
    QVERIFY(tested.wait(15000));
    QCOMPARE(tested.first().first().toBool(), true);
    QStringList offered;
    for (int i = 0; i < consistency->count(); ++i)
        offered << consistency->itemData(i).toString();
    // the account is Session: Strong and BoundedStaleness would be refused by the service
    QCOMPARE(offered, (QStringList{QString(), "Session", "ConsistentPrefix", "Eventual"}));
    QVERIFY(consistency->itemText(0).contains(QStringLiteral("Session")));
    consistency->setCurrentIndex(consistency->findData(QStringLiteral("Eventual")));

    Cosmos::CosmosError error;
    const Cosmos::ConnectionInfo info = dialog.connectionInfo(&error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(info.preferredRegions, (QStringList{"Loopback", "West Europe"}));
    QCOMPARE(info.consistencyLevel, QStringLiteral("Eventual"));

    SavedConnection saved = dialog.savedConnection();
    saved.id = QStringLiteral("regions-test"); // assigned by the controller on Connect
    QCOMPARE(saved.preferredRegions, (QStringList{"Loopback", "West Europe"}));
    QCOMPARE(saved.consistency, QStringLiteral("Eventual"));
    Settings settings;
    settings.saveConnection(saved);
    const QList<SavedConnection> stored = Settings().connections();
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().preferredRegions, saved.preferredRegions);
    QCOMPARE(stored.first().consistency, QStringLiteral("Eventual"));

    ConnectionDialog again;
    again.setConnection(stored.first(), Cosmos::ConnectionInfo::emulatorKey());
    QCOMPARE(again.findChild<QLineEdit *>(QStringLiteral("preferredRegions"))->text(),
             QStringLiteral("Loopback, West Europe"));
    QCOMPARE(again.findChild<QComboBox *>(QStringLiteral("consistencyLevel"))
                 ->currentData()
                 .toString(),
             QStringLiteral("Eventual"));
    const Cosmos::ConnectionInfo reopened = again.connectionInfo(&error);
    QCOMPARE(reopened.consistencyLevel, QStringLiteral("Eventual"));
    Settings().removeConnection(saved.id);

    // the level is sent and accepted; reads go to the preferred region that exists
    Cosmos::CosmosClient client(reopened);
    Cosmos::CosmosResponse answer;
    client.readAccount(nullptr, [&answer](const Cosmos::CosmosResponse &r) { answer = r; });
    QTRY_VERIFY_WITH_TIMEOUT(answer.status != 0 || answer.error.isError(), 15000);
    QVERIFY2(answer.ok(), qPrintable(answer.error.message));
    QCOMPARE(answer.region, QStringLiteral("Loopback"));
}

// Each kind's fields sit right above "CA certificate", whatever the tallest page (Entra) is.
void tst_ConnectionDialog::pagesLeaveNoEmptyBand()
{
    ConnectionDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto kind = dialog.findChild<QComboBox *>(QStringLiteral("connectionKind"));
    auto caFile = dialog.findChild<QLineEdit *>(QStringLiteral("caFile"));
    const QList<QPair<SavedConnection::Kind, const char *>> lastFieldOf{
        {SavedConnection::Kind::ConnectionString, "connectionString"},
        {SavedConnection::Kind::EndpointKey, "accountKey"},
        {SavedConnection::Kind::ResourceToken, "resourceToken"},
        {SavedConnection::Kind::Emulator, "emulatorEndpoint"}};
    for (const auto &[k, name] : lastFieldOf) {
        kind->setCurrentIndex(int(k));
        auto last = dialog.findChild<QLineEdit *>(QLatin1String(name));
        QVERIFY2(last, name);
        // the emulator page has a one-line note under its field
        const int slack = k == SavedConnection::Kind::Emulator ? 3 * last->height() : last->height();
        QTRY_VERIFY2(caFile->mapTo(&dialog, QPoint()).y()
                             - last->mapTo(&dialog, QPoint(0, last->height())).y()
                         < slack,
                     name);
    }
}

QTEST_MAIN(tst_ConnectionDialog)
#include "tst_connectiondialog.moc"
