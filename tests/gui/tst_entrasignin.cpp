// Microsoft Entra ID sign-in in the GUI against the gateway's mock identity platform (--entra
// --disable-local-auth): the connection dialog's browser flow (the test plays the browser by
// following the authorize URL to the loopback redirect) and device-code flow (the test reads
// the code from the dialog and approves it as the user), the signed-in identity on the account
// node, nothing secret in the settings file, reopening a saved connection silently with the
// refresh token, a silent renewal after the access token expires while a tab stays open, a new
// browser sign-in when the refresh token was revoked (the request waits, the tab stays), and
// sign-out removing the refresh token.

#include "entratestsupport.h"
#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <browseropener.h>
#include <connectioncontroller.h>
#include <dataplanetokens.h>
#include <connectiondialog.h>
#include <entrasigninpage.h>
#include <keychaintokenstore.h>
#include <messagebar.h>
#include <secretstore.h>
#include <settings.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QtTest>

using namespace Cosmoscope;

static const char Tenant[] = "11111111-1111-4111-8111-111111111111";

class tst_EntraSignIn : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void browserSignInSavesNoSecret();
    void deviceCodeSignIn();
    void cancelBrowserSignIn();
    void renewsSilentlyWhileTabOpen();

private:
    void fill(ConnectionDialog *dialog, const QString &method);

    GatewayProcess m_gateway;
    QUrl m_authorizeUrl;
    int m_browserOpened = 0;
};

void tst_EntraSignIn::initTestCase()
{
    prepareGuiTest();
    QVERIFY2(m_gateway.start({.seedSample = true, .entra = true, .disableLocalAuth = true}),
             qPrintable(m_gateway.errorString()));
    // The test is the browser: it takes the URL the app would open.
    setBrowserOpener([this](const QUrl &url) {
        m_authorizeUrl = url;
        ++m_browserOpened;
        return true;
    });
}

void tst_EntraSignIn::init()
{
    m_authorizeUrl.clear();
    m_browserOpened = 0;
    QCOMPARE(GatewayProcess::postJson(
                 m_gateway.loginUrl(),
                 QStringLiteral("/_test/identity"),
                 {{QStringLiteral("browserUser"), QStringLiteral("ada@contoso.test")},
                  {QStringLiteral("deviceInterval"), 1},
                  {QStringLiteral("tokenLifetimeSec"), 3600}}),
             200);
}

void tst_EntraSignIn::cleanup()
{
    QSettings().clear();
}

void tst_EntraSignIn::fill(ConnectionDialog *dialog, const QString &method)
{
    dialog->findChild<QComboBox *>(QStringLiteral("connectionKind"))
        ->setCurrentIndex(int(SavedConnection::Kind::Entra));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("connectionName")),
                     QStringLiteral("Entra loopback"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("entraEndpoint")),
                     m_gateway.url().toString());
    auto methods = dialog->findChild<QComboBox *>(QStringLiteral("entraMethod"));
    methods->setCurrentIndex(methods->findData(method));
    auto clouds = dialog->findChild<QComboBox *>(QStringLiteral("entraCloud"));
    QCOMPARE(clouds->currentData().toString(), QStringLiteral("public")); // the default
    clouds->setCurrentIndex(clouds->findData(QStringLiteral("custom")));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("authorityHost")),
                     m_gateway.loginUrl().toString());
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("armEndpoint")),
                     m_gateway.armUrl().toString());
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("entraTenant")),
                     QLatin1String(Tenant));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("caFile")),
                     GatewayProcess::caFile());
}

void tst_EntraSignIn::browserSignInSavesNoSecret()
{
    MainWindow window;
    window.show();
    ConnectionDialog *dialog = window.connections()->newConnection();
    fill(dialog, QStringLiteral("browser"));
    EntraSignInPage *page = dialog->entraPage();
    QSignalSpy signedIn(page, &EntraSignInPage::signedIn);

    // Connect signs in first: the browser is "opened" on the authorize URL …
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("connectButton")),
                      Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_authorizeUrl.isValid(), 15000);
    QCOMPARE(m_browserOpened, 1);
    QVERIFY2(page->statusText().contains(QStringLiteral("Waiting for the browser")),
             qPrintable(page->statusText()));
    QVERIFY(dialog->findChild<QPushButton *>(QStringLiteral("cancelSignIn"))->isVisible());
    EntraTest::saveShots(dialog, QStringLiteral("entra-browser-waiting"));
    const QUrlQuery query(m_authorizeUrl);
    QCOMPARE(query.queryItemValue(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
    QVERIFY(m_authorizeUrl.path().contains(QLatin1String(Tenant)));

    // … the "browser" signs in and follows the redirect to the app's loopback listener.
    QByteArray landing;
    QCOMPARE(GatewayProcess::followAuthorizeUrl(m_authorizeUrl, &landing), 200);
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 15000);

    // Signed in, the dialog connected (and closed): the account node shows who signed in, and the
    // tree lists through the data plane with the Entra token (keys are refused by this gateway).
    QTRY_COMPARE(int(window.treeModel()->accountIds().size()), 1);
    const QModelIndex account = window.treeModel()->index(0, 0);
    QTRY_COMPARE(account.data().toString(),
                 QStringLiteral("Entra loopback (ada@contoso.test, browser)"));
    QVERIFY(waitForChild(&window, account, QStringLiteral("SampleDB")).isValid());

    // Saved like the others, with no token: the refresh token is in the (memory) keychain.
    const QList<SavedConnection> saved = Settings().connections();
    QCOMPARE(saved.size(), 1);
    QCOMPARE(saved.first().kind, SavedConnection::Kind::Entra);
    QCOMPARE(saved.first().entraMethod, QStringLiteral("browser"));
    QCOMPARE(saved.first().entraTenant, QLatin1String(Tenant));
    const QString refresh
        = readSecret(window.secrets(), KeychainTokenStore::keyFor(saved.first().id));
    QVERIFY(refresh.size() > 20);
    AccountSession *session = window.connections()->sessions().first();
    const Cosmos::Entra::AccessToken access = [&] {
        Cosmos::Entra::AccessToken t;
        bool done = false;
        session->client()->connection().credential->getToken(
            {QStringLiteral("https://cosmos.azure.com/.default")},
            this,
            [&](const Cosmos::Entra::AccessToken &token, const Cosmos::CosmosError &) {
                t = token;
                done = true;
            });
        [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return done; }, 15000);
        return t;
    }();
    QVERIFY(access.token.size() > 100);
    QSettings().sync();
    QFile file(QSettings().fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray contents = file.readAll();
    QVERIFY(contents.contains("Entra loopback"));
    QVERIFY(!contents.contains(refresh.toLatin1()));
    QVERIFY(!contents.contains(refresh.left(16).toLatin1()));
    QVERIFY(!contents.contains(access.token.left(40)));
    QVERIFY(!contents.contains("eyJ")); // no JWT at all
    QVERIFY(!contents.contains("test-sp-secret"));

    // Reopened from the settings: the refresh token signs in silently (no browser).
    window.connections()->openSaved(saved.first());
    QTRY_COMPARE(int(window.treeModel()->accountIds().size()), 2);
    const QModelIndex second
        = window.treeModel()->accountIndex(window.treeModel()->accountIds().at(1));
    QVERIFY(waitForChild(&window, second, QStringLiteral("SampleDB")).isValid());
    QCOMPARE(m_browserOpened, 1);
    QTRY_VERIFY(second.data().toString().contains(QStringLiteral("ada@contoso.test")));

    // Sign-out forgets the refresh token and closes the account.
    const int secondId = window.treeModel()->accountId(second);
    const QString stored = readSecret(window.secrets(), KeychainTokenStore::keyFor(saved.first().id));
    QVERIFY(!stored.isEmpty());
    QVERIFY(stored != refresh); // rotated by the silent sign-in
    window.connections()->signOut(secondId);
    QTRY_COMPARE(int(window.treeModel()->accountIds().size()), 1);
    QTRY_VERIFY(readSecret(window.secrets(), KeychainTokenStore::keyFor(saved.first().id)).isEmpty());
}

void tst_EntraSignIn::deviceCodeSignIn()
{
    MainWindow window;
    window.show();
    ConnectionDialog *dialog = window.connections()->newConnection();
    fill(dialog, QStringLiteral("devicecode"));
    dialog->findChild<QCheckBox *>(QStringLiteral("rememberConnection"))->setChecked(false);
    EntraSignInPage *page = dialog->entraPage();
    QSignalSpy signedIn(page, &EntraSignInPage::signedIn);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("signInButton")),
                      Qt::LeftButton);
    auto code = dialog->findChild<QLabel *>(QStringLiteral("userCode"));
    QTRY_VERIFY_WITH_TIMEOUT(code->isVisible() && !code->text().isEmpty(), 15000);
    QVERIFY(dialog->findChild<QPushButton *>(QStringLiteral("copyCode"))->isVisible());
    QVERIFY2(page->statusText().contains(QStringLiteral("devicelogin")),
             qPrintable(page->statusText()));
    QCOMPARE(m_browserOpened, 0);
    QCOMPARE(signedIn.size(), 0); // still waiting for the user
    EntraTest::saveShots(dialog, QStringLiteral("entra-devicecode"));

    QCOMPARE(m_gateway.deviceLogin(code->text(), QStringLiteral("ada@contoso.test")), 200);
    QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 20000);
    QVERIFY(!code->isVisible());
    QVERIFY2(page->statusText().contains(QStringLiteral("ada@contoso.test")),
             qPrintable(page->statusText()));

    // Test connection reads the account with the Entra token.
    QSignalSpy tested(dialog, &ConnectionDialog::testFinished);
    dialog->testConnection();
    QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 15000);
    QVERIFY2(tested.first().first().toBool(), qPrintable(dialog->testResult()));
    dialog->accept();
    QTRY_COMPARE(int(window.treeModel()->accountIds().size()), 1);
    QTRY_COMPARE(window.treeModel()->index(0, 0).data().toString(),
                 QStringLiteral("Entra loopback (ada@contoso.test, device code)"));
    QVERIFY(Settings().connections().isEmpty()); // not remembered
}

void tst_EntraSignIn::cancelBrowserSignIn()
{
    ConnectionDialog dialog;
    dialog.show();
    fill(&dialog, QStringLiteral("browser"));
    EntraSignInPage *page = dialog.entraPage();
    QSignalSpy failed(page, &EntraSignInPage::signInFailed);
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("signInButton")),
                      Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_authorizeUrl.isValid(), 15000);
    QVERIFY(page->isSigningIn());
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("cancelSignIn")),
                      Qt::LeftButton);
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY(!page->isSigningIn());
    QVERIFY(!page->isSignedIn());
    Cosmos::CosmosError error;
    dialog.connectionInfo(&error);
    QVERIFY(error.isError()); // not signed in: nothing to connect with
}

void tst_EntraSignIn::renewsSilentlyWhileTabOpen()
{
    // Short-lived access tokens: the app must renew them with the refresh token.
    QCOMPARE(GatewayProcess::postJson(m_gateway.loginUrl(),
                                      QStringLiteral("/_test/identity"),
                                      {{QStringLiteral("tokenLifetimeSec"), 2}}),
             200);
    MainWindow window;
    window.show();
    ConnectionDialog *dialog = window.connections()->newConnection();
    fill(dialog, QStringLiteral("browser"));
    dialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(m_authorizeUrl.isValid(), 15000);
    QCOMPARE(GatewayProcess::followAuthorizeUrl(m_authorizeUrl), 200);
    QTRY_COMPARE_WITH_TIMEOUT(int(window.treeModel()->accountIds().size()), 1, 15000);
    AccountSession *session = window.connections()->sessions().first();
    const Cosmos::ResourcePath products
        = Cosmos::ResourcePath::container(QStringLiteral("SampleDB"), QStringLiteral("Products"));
    ItemsTab *tab = window.openItemsTab(session, products);
    QVERIFY(tab);
    QSignalSpy obtained(session->client()->connection().credential.get(),
                        &Cosmos::Entra::TokenCredential::tokenObtained);
    const auto readProducts = [&] {
        return call([&](QObject *context, Cosmos::ResponseCallback done) {
            session->client()->read(products, {}, context, done);
        });
    };
    Cosmos::CosmosResponse first = readProducts();
    QVERIFY2(first.ok(), qPrintable(first.error.message));

    // The data-plane token in use, and its expiry.
    Cosmos::Entra::TokenCredential *credential = session->client()->connection().credential.get();
    const QString scope
        = Cosmos::Entra::DataPlaneTokens(credential, m_gateway.url()).accountScope();
    Cosmos::Entra::AccessToken current;
    credential->getToken(
        {scope}, this, [&](const Cosmos::Entra::AccessToken &t, const Cosmos::CosmosError &) {
            current = t;
        });
    QTRY_VERIFY(!current.isEmpty());
    QVERIFY(current.expiresOn.isValid());
    obtained.clear();

    // After its expiry the next request renews it silently (refresh token, no browser).
    QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() > current.expiresOn, 10000);
    Cosmos::CosmosResponse second = readProducts();
    QVERIFY2(second.ok(), qPrintable(second.error.message));
    QVERIFY(obtained.size() >= 1);
    QCOMPARE(m_browserOpened, 1);                    // no second sign-in
    QCOMPARE(window.tabs()->indexOf(tab) > 0, true); // the tab is still open

    // The refresh token revoked: after the next expiry the app asks again (the browser opens),
    // the request waits for the sign-in, and the tab stays open.
    QCOMPARE(GatewayProcess::postJson(m_gateway.loginUrl(),
                                      QStringLiteral("/_test/identity"),
                                      {{QStringLiteral("revokeRefreshTokens"), true}}),
             200);
    credential->getToken(
        {scope}, this, [&](const Cosmos::Entra::AccessToken &t, const Cosmos::CosmosError &) {
            current = t;
        });
    QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() > current.expiresOn, 10000);
    m_authorizeUrl.clear();
    bool done = false;
    Cosmos::CosmosResponse third;
    QObject context;
    session->client()->read(products, {}, &context, [&](const Cosmos::CosmosResponse &r) {
        third = r;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(m_authorizeUrl.isValid(), 15000);
    QCOMPARE(m_browserOpened, 2);
    QVERIFY(!done); // waiting for the sign-in
    QVERIFY2(window.messageBar()->text().contains(QStringLiteral("in the browser to continue")),
             qPrintable(window.messageBar()->text()));
    QCOMPARE(GatewayProcess::followAuthorizeUrl(m_authorizeUrl), 200);
    QTRY_VERIFY_WITH_TIMEOUT(done, 15000);
    QVERIFY2(third.ok(), qPrintable(third.error.message));
    QVERIFY(window.tabs()->indexOf(tab) > 0);
    // The prompt goes once the sign-in is done.
    QTRY_VERIFY2(window.messageBar()->isHidden()
                     || !window.messageBar()->text().contains(QStringLiteral("to continue")),
                 qPrintable(window.messageBar()->text()));
}

QTEST_MAIN(tst_EntraSignIn)
#include "tst_entrasignin.moc"
