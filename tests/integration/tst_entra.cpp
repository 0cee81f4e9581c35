// Microsoft Entra ID sign-in end to end against the gateway's mock identity platform
// (--entra --disable-local-auth): service principal, browser (PKCE, state), Azure CLI, device
// code with a refresh-token store; tokens renewed on expiry and on a 401; scope fallback.
#include "entrasupport.h"

using namespace EntraSupport;

class tst_Entra : public EntraTest
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { startGateway(); }
    void keysAreRefused();
    void browserSignIn();
    void browserIgnoresForeignState();
    void expiredTokenIsRenewed();
    void rejectedTokenIsRenewedOnce();
    void armRejectedTokenIsRenewedOnce();
    void azureCliCredential();
    void refreshTokenStoreAndSignOut();
    void unknownResourceFallsBackToCosmosScope();
};

namespace {
/// Hands out a token the service has already expired while claiming it is good for an hour,
/// as a token revoked or expired early would look; then the inner credential's tokens.
class StaleFirstCredential : public Entra::TokenCredential
{
public:
    StaleFirstCredential(const Entra::CloudSettings &cloud,
                         Entra::TokenCredential *inner,
                         const Entra::AccessToken &stale)
        : TokenCredential(cloud)
        , m_inner(inner)
        , m_stale(stale)
    {
        m_stale.expiresOn = QDateTime::currentDateTimeUtc().addSecs(3600);
        m_stale.obtainedOn = QDateTime::currentDateTimeUtc();
    }
    QString kindName() const override { return QStringLiteral("test"); }
    int acquired = 0;

protected:
    void acquire(const QStringList &scopes, Entra::TokenCallback done) override
    {
        if (acquired++ == 0)
            return done(m_stale, {});
        m_inner->getToken(scopes, this, done);
    }

private:
    Entra::TokenCredential *m_inner;
    Entra::AccessToken m_stale;
};
} // namespace

void tst_Entra::keysAreRefused()
{
    CosmosClient keyed(m_gateway.connection());
    const CosmosResponse r = await([&](auto cb) { keyed.readAccount(nullptr, cb); });
    QCOMPARE(r.error.status, 401); // the account is Entra-only
}

void tst_Entra::browserSignIn()
{
    QCOMPARE(GatewayProcess::postJson(
                 m_gateway.loginUrl(),
                 QStringLiteral("/_test/identity"),
                 QJsonObject{{QStringLiteral("browserUser"), QStringLiteral("ada@contoso.test")}}),
             200);
    auto credential = std::make_shared<Entra::InteractiveBrowserCredential>(cloud());
    QUrl authorize;
    int browserStatus = 0;
    QByteArray page;
    connect(credential.get(),
            &Entra::InteractiveBrowserCredential::authorizeUrlReady,
            this,
            [&](const QUrl &url) {
                authorize = url;
                browserStatus = GatewayProcess::followAuthorizeUrl(url, &page); // "the browser"
            });
    auto c = client(credential);
    const CosmosResponse account = await([&](auto cb) { c->readAccount(nullptr, cb); });
    QVERIFY2(account.ok(), qPrintable(account.error.toString()));
    const QUrlQuery q(authorize);
    QCOMPARE(q.queryItemValue(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
    QCOMPARE(q.queryItemValue(QStringLiteral("code_challenge")).size(), 43);
    QVERIFY(!q.queryItemValue(QStringLiteral("state")).isEmpty());
    QVERIFY(q.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded)
                .startsWith(QStringLiteral("http://127.0.0.1:")));
    QCOMPARE(browserStatus, 200);
    QVERIFY(page.contains("You can close this window"));
    QCOMPARE(credential->username(), QStringLiteral("ada@contoso.test"));
    // The ARM token comes from the refresh token: no second browser visit.
    const QUrl first = authorize;
    Arm::Discovery discovery(c->controlPlane()->arm());
    auto accounts = std::make_shared<std::optional<QList<Arm::Account>>>();
    discovery.allAccounts(
        nullptr, [accounts](const QList<Arm::Account> &l, const CosmosError &) { *accounts = l; });
    QVERIFY(QTest::qWaitFor([&] { return accounts->has_value(); }, WaitMs));
    QVERIFY(!(*accounts)->isEmpty());
    QCOMPARE(authorize, first);
}

void tst_Entra::browserIgnoresForeignState()
{
    auto credential = std::make_shared<Entra::InteractiveBrowserCredential>(cloud());
    QUrl authorize;
    connect(credential.get(),
            &Entra::InteractiveBrowserCredential::authorizeUrlReady,
            this,
            [&](const QUrl &url) { authorize = url; });
    auto result = std::make_shared<std::optional<CosmosError>>();
    credential->getToken(
        {QStringLiteral("https://cosmos.azure.com/.default")},
        this,
        [result](const Entra::AccessToken &, const CosmosError &e) { *result = e; });
    QTRY_VERIFY_WITH_TIMEOUT(authorize.isValid(), WaitMs);
    // A forged answer with another state is refused and the sign-in keeps waiting.
    const QString redirect
        = QUrlQuery(authorize).queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded);
    QNetworkAccessManager nam;
    std::unique_ptr<QNetworkReply> forged(
        nam.get(QNetworkRequest(QUrl(redirect + QStringLiteral("?code=stolen&state=not-ours")))));
    QTRY_VERIFY_WITH_TIMEOUT(forged->isFinished(), WaitMs);
    QCOMPARE(forged->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
    QVERIFY(!result->has_value());
    // The real answer still completes it.
    QCOMPARE(GatewayProcess::followAuthorizeUrl(authorize), 200);
    QTRY_VERIFY_WITH_TIMEOUT(result->has_value(), WaitMs);
    QVERIFY2(!(*result)->isError(), qPrintable((*result)->toString()));
}

void tst_Entra::expiredTokenIsRenewed()
{
    QCOMPARE(setTokenLifetime(2), 200);
    auto credential = servicePrincipal();
    QSignalSpy obtained(credential.get(), &Entra::TokenCredential::tokenObtained);
    auto c = client(credential);
    CosmosResponse r = await([&](auto cb) { c->readAccount(nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(obtained.count(), 1);
    const Entra::AccessToken first = obtained.at(0).at(0).value<Entra::AccessToken>();
    QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() > first.expiresOn, 10000);
    r = await([&](auto cb) { c->readAccount(nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(obtained.count(), 2);
    QVERIFY(obtained.at(1).at(0).value<Entra::AccessToken>().token != first.token);
    QCOMPARE(setTokenLifetime(3600), 200);
}

void tst_Entra::rejectedTokenIsRenewedOnce()
{
    auto inner = servicePrincipal();
    Entra::DataPlaneTokens scopeOnly(inner.get(), m_gateway.url());
    const std::optional<Entra::AccessToken> stale = expiredToken(inner.get(), scopeOnly.scopes());
    QVERIFY(stale);
    auto credential = std::make_shared<StaleFirstCredential>(cloud(), inner.get(), *stale);
    auto c = client(credential);
    const CosmosResponse r = await([&](auto cb) { c->readAccount(nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(credential->acquired, 2); // the 401 dropped the stale token; one new one sufficed
}

void tst_Entra::azureCliCredential()
{
    // A fake `az` on PATH prints what `az account get-access-token --output json` prints, with
    // a real token from the mock identity platform.
    auto sp = servicePrincipal();
    Entra::DataPlaneTokens scopeOnly(sp.get(), m_gateway.url());
    auto token = std::make_shared<std::optional<Entra::AccessToken>>();
    sp->getToken(scopeOnly.scopes(),
                 nullptr,
                 [token](const Entra::AccessToken &t, const CosmosError &) { *token = t; });
    QVERIFY(QTest::qWaitFor([&] { return token->has_value(); }, WaitMs));
    QTemporaryDir dir;
    QFile script(dir.filePath(QStringLiteral("az")));
    QVERIFY(script.open(QIODevice::WriteOnly));
    const QByteArray json
        = QJsonDocument(
              QJsonObject{
                  {QStringLiteral("accessToken"), QString::fromUtf8((*token)->token)},
                  {QStringLiteral("expiresOn"), QStringLiteral("2099-01-01 00:00:00.000000")},
                  {QStringLiteral("expires_on"), double((*token)->expiresOn.toSecsSinceEpoch())},
                  {QStringLiteral("subscription"),
                   QStringLiteral("aaaaaaaa-0000-4000-8000-000000000001")},
                  {QStringLiteral("tenant"), QString::fromLatin1(Contoso)},
                  {QStringLiteral("tokenType"), QStringLiteral("Bearer")}})
              .toJson(QJsonDocument::Compact);
    script.write("#!/bin/sh\necho \"$@\" > \"$(dirname \"$0\")/args\"\ncat <<'JSON'\n" + json
                 + "\nJSON\n");
    script.close();
    script.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QByteArray path = qgetenv("PATH");
    qputenv("PATH", dir.path().toLocal8Bit() + ':' + path);
    QVERIFY(!Entra::AzureCliCredential::executable().isEmpty());
    auto credential = std::make_shared<Entra::AzureCliCredential>(cloud());
    auto c = client(credential);
    const CosmosResponse r = await([&](auto cb) { c->readAccount(nullptr, cb); });
    qputenv("PATH", path);
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QFile args(dir.filePath(QStringLiteral("args")));
    QVERIFY(args.open(QIODevice::ReadOnly));
    const QByteArray given = args.readAll();
    QVERIFY2(given.contains("account get-access-token --output json --scope https://127.0.0.1:"),
             given.constData());
    QCOMPARE(credential->username(), QString::fromLatin1(SpClientId));
}

void tst_Entra::refreshTokenStoreAndSignOut()
{
    Entra::MemoryRefreshTokenStore store;
    const QStringList scopes{QStringLiteral("https://cosmos.azure.com/.default")};
    const auto approve = [this](const QString &code, const QUrl &, const QString &) {
        QCOMPARE(m_gateway.deviceLogin(code, QStringLiteral("ada@contoso.test")), 200);
    };
    auto first = std::make_shared<Entra::DeviceCodeCredential>(cloud());
    first->setRefreshTokenStore(&store);
    connect(first.get(), &Entra::DeviceCodeCredential::userCodeReady, this, approve);
    auto token = std::make_shared<std::optional<CosmosError>>();
    first->getToken(
        scopes, nullptr, [token](const Entra::AccessToken &, const CosmosError &e) { *token = e; });
    QVERIFY(QTest::qWaitFor([&] { return token->has_value(); }, WaitMs));
    QVERIFY(!(*token)->isError());
    QCOMPARE(store.size(), 1);
    QVERIFY(store.contains(first->storeKey()));

    // A new session signs in silently from the stored refresh token.
    auto second = std::make_shared<Entra::DeviceCodeCredential>(cloud());
    second->setRefreshTokenStore(&store);
    QSignalSpy prompted(second.get(), &Entra::DeviceCodeCredential::userCodeReady);
    token->reset();
    second->getToken(
        scopes, nullptr, [token](const Entra::AccessToken &, const CosmosError &e) { *token = e; });
    QVERIFY(QTest::qWaitFor([&] { return token->has_value(); }, WaitMs));
    QVERIFY2(!(*token)->isError(), qPrintable((*token)->toString()));
    QCOMPARE(prompted.count(), 0);
    QCOMPARE(second->username(), QStringLiteral("ada@contoso.test"));

    second->signOut();
    QCOMPARE(store.size(), 0);
    QVERIFY(!second->hasRefreshToken());
}

void tst_Entra::unknownResourceFallsBackToCosmosScope()
{
    // https://localhost:PORT is not a resource the tenant knows (AADSTS500011): the token is
    // asked for https://cosmos.azure.com instead, which the data plane accepts.
    auto credential = servicePrincipal();
    QSignalSpy obtained(credential.get(), &Entra::TokenCredential::tokenObtained);
    QUrl endpoint = m_gateway.url();
    endpoint.setHost(QStringLiteral("localhost"));
    CosmosError error;
    ConnectionInfo info
        = ConnectionInfo::fromEndpointAndCredential(endpoint.toString(), credential, &error);
    info.caCertificateFile = GatewayProcess::caFile();
    CosmosClient c(info);
    const CosmosResponse r = await([&](auto cb) { c.readAccount(nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(obtained.count(), 1);
    const QJsonObject claims
        = Entra::jwtClaims(obtained.at(0).at(0).value<Entra::AccessToken>().token);
    QCOMPARE(claims.value(QStringLiteral("aud")).toString(),
             QStringLiteral("https://cosmos.azure.com"));
}

void tst_Entra::armRejectedTokenIsRenewedOnce()
{
    auto inner = servicePrincipal();
    const std::optional<Entra::AccessToken> stale = expiredToken(inner.get(), {cloud().armScope()});
    QVERIFY(stale);
    auto credential = std::make_shared<StaleFirstCredential>(cloud(), inner.get(), *stale);
    Arm::ArmClient arm(credential.get());
    auto answer = std::make_shared<std::optional<Arm::ArmResponse>>();
    arm.request("GET",
                QStringLiteral("/subscriptions"),
                {},
                Arm::resourcesApiVersion(),
                nullptr,
                [answer](const Arm::ArmResponse &r) { *answer = r; });
    QVERIFY(QTest::qWaitFor([&] { return answer->has_value(); }, WaitMs));
    QVERIFY2((*answer)->ok(), qPrintable((*answer)->error.toString()));
    QCOMPARE((*answer)->json.value(QStringLiteral("value")).toArray().size(), 2);
    QCOMPARE(credential->acquired, 2); // ExpiredAuthenticationToken: one new token, once
}

QTEST_GUILESS_MAIN(tst_Entra)
#include "tst_entra.moc"
