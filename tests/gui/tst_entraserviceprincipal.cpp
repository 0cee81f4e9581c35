// A service principal (client secret) in the connection dialog, against the gateway's mock
// identity platform (--entra --disable-local-auth): tenant and client id prefilled from
// AZURE_TENANT_ID / AZURE_CLIENT_ID, the secret typed into a masked field, the Entra-only
// account opened and listed; the secret kept in the (memory) keychain only, never in the
// settings file or the request log, read back to reopen the saved connection (and by session
// restore after a restart), removed by sign-out (reopening then asks for it); a wrong secret, an
// unknown tenant and an unreachable authority told in the dialog with every field kept, Cancel
// while the authority is silent; AZURE_CLIENT_SECRET used, never shown; "Azure CLI" offered
// when an `az` is on PATH (a fake one printing a token of the mock).

#include "entratestsupport.h"
#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <clientsecretcredential.h>
#include <connectioncontroller.h>
#include <dataplanetokens.h>
#include <connectiondialog.h>
#include <entrasigninpage.h>
#include <messagebar.h>
#include <requestlog.h>
#include <secretstore.h>
#include <settings.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

using namespace Cosmoscope;

static const char Tenant[] = "11111111-1111-4111-8111-111111111111";
static const char AppId[] = "33333333-3333-4333-8333-333333333333"; // the gateway's SP

class tst_EntraServicePrincipal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void signInOpensAccountAndKeepsSecretInKeychain();
    void errorsKeepTheForm();
    void cancelWhileAuthorityIsSilent();
    void secretFromEnvironment();
    void sessionRestoreReadsSecretBack();
    void azureCliWhenOnPath();

private:
    /// Fills the dialog for the gateway's service principal (tenant and client id from the
    /// environment set in init()); the secret is typed by the test.
    void fill(ConnectionDialog *dialog);
    template<typename T>
    T *child(QWidget *parent, const char *name)
    {
        return parent->findChild<T *>(QLatin1String(name));
    }

    GatewayProcess m_gateway;
    QString m_secret; ///< registered with the gateway for this run
};

void tst_EntraServicePrincipal::initTestCase()
{
    prepareGuiTest();
    QVERIFY2(m_gateway.start({.seedSample = true, .entra = true, .disableLocalAuth = true}),
             qPrintable(m_gateway.errorString()));
    // A secret of this run, to look for in the settings file and the request log.
    m_secret = QStringLiteral("sp-") + QUuid::createUuid().toString(QUuid::Id128);
    QCOMPARE(GatewayProcess::postJson(m_gateway.loginUrl(),
                                      QStringLiteral("/_test/identity"),
                                      {{QStringLiteral("servicePrincipalSecret"), m_secret}}),
             200);
}

void tst_EntraServicePrincipal::init()
{
    qputenv("AZURE_TENANT_ID", Tenant);
    qputenv("AZURE_CLIENT_ID", AppId);
    qunsetenv("AZURE_CLIENT_SECRET");
}

void tst_EntraServicePrincipal::cleanup()
{
    QSettings().clear();
    for (const char *name : {"AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"})
        qunsetenv(name);
}

void tst_EntraServicePrincipal::fill(ConnectionDialog *dialog)
{
    child<QComboBox>(dialog, "connectionKind")->setCurrentIndex(int(SavedConnection::Kind::Entra));
    QTest::keyClicks(child<QLineEdit>(dialog, "connectionName"), QStringLiteral("SP loopback"));
    QTest::keyClicks(child<QLineEdit>(dialog, "entraEndpoint"), m_gateway.url().toString());
    auto methods = child<QComboBox>(dialog, "entraMethod");
    const int sp = methods->findData(QStringLiteral("serviceprincipal"));
    QVERIFY(sp >= 0);
    QVERIFY(!child<QLineEdit>(dialog, "entraClientSecret")->isVisibleTo(dialog)); // browser
    methods->setCurrentIndex(sp);
    auto clouds = child<QComboBox>(dialog, "entraCloud");
    clouds->setCurrentIndex(clouds->findData(QStringLiteral("custom")));
    QTest::keyClicks(child<QLineEdit>(dialog, "authorityHost"), m_gateway.loginUrl().toString());
    QTest::keyClicks(child<QLineEdit>(dialog, "armEndpoint"), m_gateway.armUrl().toString());
    QTest::keyClicks(child<QLineEdit>(dialog, "caFile"), GatewayProcess::caFile());
}

void tst_EntraServicePrincipal::signInOpensAccountAndKeepsSecretInKeychain()
{
    MainWindow window;
    window.show();
    ConnectionDialog *dialog = window.connections()->newConnection();
    fill(dialog);
    // Tenant and client id from the environment; the secret field masked and empty.
    QCOMPARE(child<QLineEdit>(dialog, "entraTenant")->text(), QLatin1String(Tenant));
    QCOMPARE(child<QLineEdit>(dialog, "entraClientId")->text(), QLatin1String(AppId));
    auto secret = child<QLineEdit>(dialog, "entraClientSecret");
    QVERIFY(secret->isVisible());
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    QVERIFY(secret->text().isEmpty());
    QVERIFY(!child<QCheckBox>(dialog, "entraSecretFromEnvironment")->isVisible()); // none set
    QVERIFY(child<QCheckBox>(dialog, "rememberConnection")
                ->text()
                .contains(QStringLiteral("client secret")));
    QTest::keyClicks(secret, m_secret);
    EntraTest::saveShots(dialog, QStringLiteral("entra-service-principal"));

    // Connect signs in (no browser, no code) and opens the account.
    QSignalSpy signedIn(dialog->entraPage(), &EntraSignInPage::signedIn);
    QTest::mouseClick(child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 15000);
    QTRY_COMPARE(int(window.treeModel()->accountIds().size()), 1);
    const QModelIndex account = window.treeModel()->accountIndex(window.treeModel()->accountIds().at(0));
    QTRY_COMPARE(account.data().toString(),
                 QStringLiteral("SP loopback (%1, service principal)").arg(QLatin1String(AppId)));
    QVERIFY(waitForChild(&window, account, QStringLiteral("SampleDB")).isValid());

    // Saved with the client id; the secret only in the keychain, under the connection's id.
    const QList<SavedConnection> saved = Settings().connections();
    QCOMPARE(saved.size(), 1);
    QCOMPARE(saved.first().entraMethod, QStringLiteral("serviceprincipal"));
    QCOMPARE(saved.first().entraClientId, QLatin1String(AppId));
    QCOMPARE(saved.first().entraTenant, QLatin1String(Tenant));
    QVERIFY(!saved.first().entraSecretFromEnvironment);
    QTRY_COMPARE(readSecret(window.secrets(), saved.first().id), m_secret);

    // Neither the secret nor a token in the settings file or the request log.
    Cosmos::Entra::AccessToken token;
    window.connections()->sessions().first()->client()->connection().credential->getToken(
        {QStringLiteral("https://cosmos.azure.com/.default")},
        this,
        [&](const Cosmos::Entra::AccessToken &t, const Cosmos::CosmosError &) { token = t; });
    QTRY_VERIFY(!token.isEmpty());
    QSettings().sync();
    QFile file(QSettings().fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray settings = file.readAll();
    QVERIFY(settings.contains("SP loopback"));
    QVERIFY(settings.contains(AppId));
    const QByteArray log = Cosmos::RequestRecord::toJsonArray(window.requestLog()->records());
    QVERIFY(window.requestLog()->count() > 0);
    for (const QByteArray &text : {settings, log}) {
        QVERIFY(!text.contains(m_secret.toLatin1()));
        QVERIFY(!text.contains(token.token.left(40)));
        QVERIFY(!text.contains("eyJ")); // no JWT at all
    }

    // Reopened from the settings (as session restore does): the secret is read back.
    window.connections()->openSaved(saved.first());
    QTRY_COMPARE(int(window.treeModel()->accountIds().size()), 2);
    const QModelIndex second = window.treeModel()->accountIndex(window.treeModel()->accountIds().at(1));
    QVERIFY(waitForChild(&window, second, QStringLiteral("SampleDB")).isValid());
    QVERIFY(window.connections()->currentDialog() == nullptr); // nothing asked

    // Sign-out removes the secret; reopening then asks for it, the rest of the form filled.
    window.connections()->signOut(window.treeModel()->accountId(second));
    QTRY_COMPARE(int(window.treeModel()->accountIds().size()), 1);
    QTRY_VERIFY(readSecret(window.secrets(), saved.first().id).isEmpty());
    window.connections()->openSaved(saved.first());
    QTRY_VERIFY(window.connections()->currentDialog() != nullptr);
    ConnectionDialog *asked = window.connections()->currentDialog();
    QVERIFY2(window.messageBar()->text().contains(QStringLiteral("client secret")),
             qPrintable(window.messageBar()->text()));
    QCOMPARE(child<QLineEdit>(asked, "entraClientId")->text(), QLatin1String(AppId));
    QCOMPARE(child<QLineEdit>(asked, "entraTenant")->text(), QLatin1String(Tenant));
    QVERIFY(child<QLineEdit>(asked, "entraClientSecret")->text().isEmpty());
    QTest::keyClicks(child<QLineEdit>(asked, "entraClientSecret"), m_secret);
    QTest::mouseClick(child<QPushButton>(asked, "connectButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(int(window.treeModel()->accountIds().size()), 2, 15000);
    QCOMPARE(Settings().connections().size(), 1); // the same connection, saved again
    QTRY_COMPARE(readSecret(window.secrets(), saved.first().id), m_secret);
}

void tst_EntraServicePrincipal::errorsKeepTheForm()
{
    ConnectionDialog dialog;
    dialog.show();
    fill(&dialog);
    EntraSignInPage *page = dialog.entraPage();
    QSignalSpy failed(page, &EntraSignInPage::signInFailed);
    auto secret = child<QLineEdit>(&dialog, "entraClientSecret");
    auto tenant = child<QLineEdit>(&dialog, "entraTenant");
    auto authority = child<QLineEdit>(&dialog, "authorityHost");
    auto signIn = child<QPushButton>(&dialog, "signInButton");
    const auto attempt = [&] {
        failed.clear();
        QTest::mouseClick(signIn, Qt::LeftButton);
        return QTest::qWaitFor([&] { return failed.size() == 1; }, 20000);
    };

    // The secret's id instead of its value: AAD's AADSTS7000215, the form as typed.
    QTest::keyClicks(secret, QStringLiteral("b1e7f0c2-secret-id"));
    QVERIFY(attempt());
    QVERIFY2(page->statusText().contains(QStringLiteral("AADSTS7000215")),
             qPrintable(page->statusText()));
    QVERIFY2(page->statusText().contains(QStringLiteral("client secret value")),
             qPrintable(page->statusText()));
    QVERIFY2(!dialog.testResult().contains(QStringLiteral("AADSTS7000215")), // said once
             qPrintable(dialog.testResult()));
    QCOMPARE(secret->text(), QStringLiteral("b1e7f0c2-secret-id"));
    QCOMPARE(tenant->text(), QLatin1String(Tenant));
    QCOMPARE(child<QLineEdit>(&dialog, "entraClientId")->text(), QLatin1String(AppId));
    QCOMPARE(child<QLineEdit>(&dialog, "entraEndpoint")->text(), m_gateway.url().toString());
    QVERIFY(!page->isSignedIn());
    QVERIFY(signIn->isEnabled());
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("cancelSignIn"))->isVisible());
    EntraTest::saveShots(&dialog, QStringLiteral("entra-service-principal-wrong-secret"));

    // A tenant the directory does not know.
    secret->clear();
    QTest::keyClicks(secret, m_secret);
    tenant->clear();
    QTest::keyClicks(tenant, QStringLiteral("99999999-9999-4999-8999-999999999999"));
    QVERIFY(attempt());
    QVERIFY2(page->statusText().contains(QStringLiteral("AADSTS90002")),
             qPrintable(page->statusText()));
    QCOMPARE(tenant->text(), QStringLiteral("99999999-9999-4999-8999-999999999999"));

    // No tenant at all: said before any request.
    tenant->clear();
    QVERIFY(attempt());
    QVERIFY2(page->statusText().contains(QStringLiteral("its own tenant")),
             qPrintable(page->statusText()));

    // An authority nobody answers on: a connection error, not a hang.
    QTest::keyClicks(tenant, QLatin1String(Tenant));
    authority->clear();
    QTest::keyClicks(authority, QStringLiteral("https://127.0.0.1:1/"));
    QVERIFY(attempt());
    QVERIFY2(page->statusText().contains(QStringLiteral("Could not reach the sign-in service")),
             qPrintable(page->statusText()));
    QCOMPARE(secret->text(), m_secret);

    // Put right, the same form signs in.
    authority->clear();
    QTest::keyClicks(authority, m_gateway.loginUrl().toString());
    QSignalSpy signedIn(page, &EntraSignInPage::signedIn);
    QTest::mouseClick(signIn, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 15000);
    QVERIFY2(page->statusText().contains(QLatin1String(AppId)), qPrintable(page->statusText()));
    QSignalSpy tested(&dialog, &ConnectionDialog::testFinished);
    dialog.testConnection();
    QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 15000);
    QVERIFY2(tested.first().first().toBool(), qPrintable(dialog.testResult()));

    // Editing the secret afterwards needs a new sign-in.
    QTest::keyClicks(secret, QStringLiteral("x"));
    QVERIFY(!page->isSignedIn());
}

void tst_EntraServicePrincipal::cancelWhileAuthorityIsSilent()
{
    // An authority that accepts the connection and never answers: the dialog stays responsive,
    // Cancel ends the wait at once and the form is kept.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    int accepted = 0;
    connect(&silent, &QTcpServer::newConnection, this, [&] { ++accepted; });
    ConnectionDialog dialog;
    dialog.show();
    fill(&dialog);
    auto authority = child<QLineEdit>(&dialog, "authorityHost");
    authority->clear();
    QTest::keyClicks(authority, QStringLiteral("https://127.0.0.1:%1/").arg(silent.serverPort()));
    QTest::keyClicks(child<QLineEdit>(&dialog, "entraClientSecret"), m_secret);
    EntraSignInPage *page = dialog.entraPage();
    QSignalSpy failed(page, &EntraSignInPage::signInFailed);
    QTest::mouseClick(child<QPushButton>(&dialog, "signInButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(accepted, 1, 10000);
    QVERIFY(page->isSigningIn());
    auto cancel = child<QPushButton>(&dialog, "cancelSignIn");
    QVERIFY(cancel->isVisible());
    QVERIFY(!child<QPushButton>(&dialog, "signInButton")->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().first().value<Cosmos::CosmosError>().kind,
             Cosmos::CosmosError::Kind::Cancelled);
    QVERIFY(!page->isSigningIn());
    QVERIFY(!page->isSignedIn());
    QVERIFY(child<QPushButton>(&dialog, "signInButton")->isEnabled());
    QCOMPARE(child<QLineEdit>(&dialog, "entraClientSecret")->text(), m_secret);
    QCOMPARE(authority->text(), QStringLiteral("https://127.0.0.1:%1/").arg(silent.serverPort()));
}

void tst_EntraServicePrincipal::secretFromEnvironment()
{
    qputenv("AZURE_CLIENT_SECRET", m_secret.toLatin1());
    MainWindow window;
    window.show();
    ConnectionDialog *dialog = window.connections()->newConnection();
    fill(dialog);
    auto fromEnvironment = child<QCheckBox>(dialog, "entraSecretFromEnvironment");
    auto secret = child<QLineEdit>(dialog, "entraClientSecret");
    QVERIFY(fromEnvironment->isVisible());
    QVERIFY(secret->text().isEmpty()); // never prefilled with the environment's value
    QTest::mouseClick(fromEnvironment, Qt::LeftButton);
    QVERIFY(fromEnvironment->isChecked());
    QVERIFY(!secret->isEnabled());
    QVERIFY(secret->text().isEmpty());
    QTest::mouseClick(child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(int(window.treeModel()->accountIds().size()), 1, 15000);
    QVERIFY(waitForChild(&window, window.treeModel()->accountIndex(window.treeModel()->accountIds().at(0)), QStringLiteral("SampleDB"))
                .isValid());

    // Saved as "from the environment": nothing in the keychain; reopening reads it again.
    const QList<SavedConnection> saved = Settings().connections();
    QCOMPARE(saved.size(), 1);
    QVERIFY(saved.first().entraSecretFromEnvironment);
    QVERIFY(readSecret(window.secrets(), saved.first().id).isEmpty());
    window.connections()->openSaved(saved.first());
    QTRY_COMPARE(int(window.treeModel()->accountIds().size()), 2);
    QVERIFY(waitForChild(&window, window.treeModel()->accountIndex(window.treeModel()->accountIds().at(1)), QStringLiteral("SampleDB"))
                .isValid());
}

void tst_EntraServicePrincipal::sessionRestoreReadsSecretBack()
{
    SavedConnection c;
    c.id = QStringLiteral("sp-restore");
    c.name = QStringLiteral("SP restored");
    c.kind = SavedConnection::Kind::Entra;
    c.endpoint = m_gateway.url().toString();
    c.entraMethod = QStringLiteral("serviceprincipal");
    c.entraClientId = QLatin1String(AppId);
    c.entraCloud = QStringLiteral("custom");
    c.entraTenant = QLatin1String(Tenant);
    c.authorityHost = m_gateway.loginUrl().toString();
    c.armEndpoint = m_gateway.armUrl().toString();
    c.caFile = GatewayProcess::caFile();
    Settings().saveConnection(c);
    // Tests have no OS keychain: each window's SecretStore is its memory. A keychain keeps the
    // secret across runs; the test writes it into the "restarted" window's store to play that.
    const auto keychainHasSecret = [&](MainWindow *window) {
        bool written = false;
        window->secrets()->write(
            c.id, m_secret, this, [&](bool, const QString &) { written = true; });
        return QTest::qWaitFor([&] { return written; }, 5000);
    };
    {
        MainWindow window;
        window.show();
        QVERIFY(keychainHasSecret(&window));
        window.connections()->openSaved(c);
        QTRY_COMPARE_WITH_TIMEOUT(int(window.treeModel()->accountIds().size()), 1, 15000);
        QVERIFY(waitForChild(&window, window.treeModel()->accountIndex(window.treeModel()->accountIds().at(0)), QStringLiteral("SampleDB"))
                    .isValid());
        window.close(); // saves the session, as quitting does
    }
    QSettings().sync();
    QFile file(QSettings().fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray settings = file.readAll();
    QVERIFY(settings.contains("sp-restore"));
    QVERIFY(!settings.contains(m_secret.toLatin1()));

    // The next start reopens the account with the secret read back, asking nothing.
    {
        MainWindow restarted;
        restarted.show();
        QVERIFY(keychainHasSecret(&restarted));
        restarted.restoreSession();
        QTRY_COMPARE_WITH_TIMEOUT(restarted.connections()->sessions().size(), 1, 15000);
        const QModelIndex account = restarted.treeModel()->accountIndex(restarted.treeModel()->accountIds().at(0));
        QVERIFY(waitForChild(&restarted, account, QStringLiteral("SampleDB")).isValid());
        QTRY_VERIFY(account.data().toString().contains(QLatin1String(AppId)));
        QVERIFY(restarted.connections()->currentDialog() == nullptr);
    }

    // Without the secret in the keychain the restore asks for it instead of failing silently.
    MainWindow empty;
    empty.show();
    empty.restoreSession();
    QTRY_VERIFY_WITH_TIMEOUT(empty.connections()->currentDialog() != nullptr, 15000);
    QVERIFY(empty.connections()->sessions().isEmpty());
    QVERIFY2(empty.messageBar()->text().contains(QStringLiteral("client secret")),
             qPrintable(empty.messageBar()->text()));
}

void tst_EntraServicePrincipal::azureCliWhenOnPath()
{
    // What `az account get-access-token --output json` prints, with a real data-plane token of
    // the mock (obtained here as the service principal, as `az login --service-principal`).
    Cosmos::Entra::CloudSettings cloud;
    cloud.authorityHost = m_gateway.loginUrl();
    cloud.armEndpoint = m_gateway.armUrl();
    cloud.tenant = QLatin1String(Tenant);
    cloud.caCertificateFile = GatewayProcess::caFile();
    Cosmos::Entra::ClientSecretCredential sp(cloud, QLatin1String(AppId), m_secret);
    Cosmos::Entra::AccessToken token;
    sp.getToken(
        Cosmos::Entra::DataPlaneTokens(&sp, m_gateway.url()).scopes(),
        this,
        [&](const Cosmos::Entra::AccessToken &t, const Cosmos::CosmosError &) { token = t; });
    QTRY_VERIFY(!token.isEmpty());
    QTemporaryDir dir;
    QFile script(dir.filePath(QStringLiteral("az")));
    QVERIFY(script.open(QIODevice::WriteOnly));
    const QJsonObject answer{
        {QStringLiteral("accessToken"), QString::fromLatin1(token.token)},
        {QStringLiteral("expires_on"), double(token.expiresOn.toSecsSinceEpoch())},
        {QStringLiteral("tenant"), QLatin1String(Tenant)},
        {QStringLiteral("tokenType"), QStringLiteral("Bearer")}};
    script.write("#!/bin/sh\ncat <<'JSON'\n" + QJsonDocument(answer).toJson() + "JSON\n");
    script.close();
    script.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QByteArray path = qgetenv("PATH");
    qputenv("PATH", dir.path().toLocal8Bit() + ':' + path);
    const auto restorePath = qScopeGuard([&] { qputenv("PATH", path); });

    ConnectionDialog dialog;
    dialog.show();
    fill(&dialog);
    auto methods = child<QComboBox>(&dialog, "entraMethod");
    QVERIFY(methods->findData(QStringLiteral("azurecli")) >= 0);
    methods->setCurrentIndex(methods->findData(QStringLiteral("azurecli")));
    QVERIFY(!child<QLineEdit>(&dialog, "entraClientSecret")->isVisibleTo(&dialog));
    QSignalSpy signedIn(dialog.entraPage(), &EntraSignInPage::signedIn);
    QTest::mouseClick(child<QPushButton>(&dialog, "signInButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 15000);
    const QString status = dialog.entraPage()->statusText();
    QVERIFY2(status.contains(QStringLiteral("(Azure CLI)"))
                 && status.contains(QLatin1String(AppId)),
             qPrintable(status));
    QSignalSpy tested(&dialog, &ConnectionDialog::testFinished);
    dialog.testConnection();
    QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 15000);
    QVERIFY2(tested.first().first().toBool(), qPrintable(dialog.testResult()));
    QCOMPARE(dialog.savedConnection().entraMethod, QStringLiteral("azurecli"));
    QVERIFY(dialog.secret().isEmpty()); // nothing for the keychain
}

QTEST_MAIN(tst_EntraServicePrincipal)
#include "tst_entraserviceprincipal.moc"
