// Microsoft Entra ID end to end against the gateway's mock identity platform and ARM
// (--entra --disable-local-auth): each credential opens the Entra-only account; management
// goes through ARM; RBAC refusals are explained and lifted by a role assignment; tokens renew.
#include "integrationsupport.h"

#include <armdiscovery.h>
#include <armrbac.h>
#include <azureclicredential.h>
#include <browsercredential.h>
#include <clientsecretcredential.h>
#include <controlplane.h>
#include <dataplanetokens.h>
#include <devicecodecredential.h>
#include <jwt.h>
#include <throughput.h>

#include <QTemporaryDir>
#include <QUrlQuery>

#include <algorithm>

using namespace Cosmos;
using namespace Support;

static const char Contoso[] = "11111111-1111-4111-8111-111111111111";
static const char SpClientId[] = "33333333-3333-4333-8333-333333333333";
static const char AdaOid[] = "55555555-5555-4555-8555-555555555555";

class tst_Entra : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void keysAreRefused();
    void servicePrincipalManagesThroughArm();
    void deviceCodeUserGetsRoleAssigned();
    void browserSignIn();
    void browserIgnoresForeignState();
    void discoveryListsNoSqlAccounts();
    void expiredTokenIsRenewed();
    void rejectedTokenIsRenewedOnce();
    void azureCliCredential();
    void refreshTokenStoreAndSignOut();
    void unknownResourceFallsBackToCosmosScope();
    void longRunningOperationPolling();
    void armRefusalExplained();

private:
    Entra::CloudSettings cloud() const
    {
        Entra::CloudSettings c;
        c.authorityHost = m_gateway.loginUrl();
        c.armEndpoint = m_gateway.armUrl();
        c.tenant = QString::fromLatin1(Contoso);
        c.caCertificateFile = GatewayProcess::caFile();
        return c;
    }
    std::shared_ptr<Entra::TokenCredential> servicePrincipal() const
    {
        return std::make_shared<Entra::ClientSecretCredential>(cloud(), QString::fromLatin1(SpClientId),
                                                               QStringLiteral("test-sp-secret"));
    }
    std::unique_ptr<CosmosClient> client(std::shared_ptr<Entra::TokenCredential> credential) const
    {
        CosmosError error;
        ConnectionInfo info = ConnectionInfo::fromEndpointAndCredential(m_gateway.url().toString(),
                                                                        credential, &error);
        info.caCertificateFile = GatewayProcess::caFile();
        return std::make_unique<CosmosClient>(info);
    }
    int armRequests() const
    {
        QByteArray body;
        GatewayProcess::postJson(m_gateway.armUrl(), QStringLiteral("/_test/arm"), {}, &body);
        return QJsonDocument::fromJson(body).object().value(QStringLiteral("requests")).toInt();
    }
    static bool waitOp(Arm::ArmOperation *op, Arm::ArmResponse *out)
    {
        auto done = std::make_shared<std::optional<Arm::ArmResponse>>();
        QObject::connect(op, &Arm::ArmOperation::finished, [done](const Arm::ArmResponse &r) { *done = r; });
        const bool ok = QTest::qWaitFor([done] { return done->has_value(); }, WaitMs);
        if (ok)
            *out = **done;
        return ok;
    }
    struct Throughput
    {
        ThroughputInfo info;
        CosmosError error;
    };
    static Throughput throughput(CosmosClient *c, const ResourcePath &path, const ThroughputSettings *set)
    {
        auto result = std::make_shared<std::optional<Throughput>>();
        const auto done = [result](const ThroughputInfo &i, const CosmosError &e) { *result = Throughput{i, e}; };
        if (set)
            replaceThroughput(c, path, *set, nullptr, done);
        else
            readThroughput(c, path, nullptr, done);
        if (!QTest::qWaitFor([result] { return result->has_value(); }, WaitMs))
            return {{}, CosmosError::invalidInput(QStringLiteral("timeout"))};
        return **result;
    }

    static bool createContainerViaArm(CosmosClient *c)
    {
        const CosmosResponse db = await([&](auto cb) {
            c->create(ResourcePath::databases(), QJsonObject{{QStringLiteral("id"), QStringLiteral("ada-db")}},
                      {}, nullptr, cb);
        });
        if (!db.ok())
            qWarning() << db.error.toString();
        const QJsonObject container{{QStringLiteral("id"), QStringLiteral("notes")},
                                    {QStringLiteral("partitionKey"),
                                     QJsonObject{{QStringLiteral("paths"), QJsonArray{QStringLiteral("/pk")}},
                                                 {QStringLiteral("kind"), QStringLiteral("Hash")}}}};
        const CosmosResponse coll = await([&](auto cb) {
            c->create(ResourcePath::database(QStringLiteral("ada-db")).feed(ResourceKind::Container), container,
                      {}, nullptr, cb);
        });
        if (!coll.ok())
            qWarning() << coll.error.toString();
        return db.ok() && coll.ok();
    }

    GatewayProcess m_gateway;
};

void tst_Entra::initTestCase()
{
    GatewayProcess::Options options;
    options.entra = true;
    options.disableLocalAuth = true;
    QVERIFY2(m_gateway.start(options), qPrintable(m_gateway.errorString()));
    QVERIFY(m_gateway.loginUrl().isValid());
    QVERIFY(m_gateway.armUrl().isValid());
    QCOMPARE(GatewayProcess::postJson(m_gateway.loginUrl(), QStringLiteral("/_test/identity"),
                                      QJsonObject{{QStringLiteral("deviceInterval"), 1}}),
             200);
}

void tst_Entra::keysAreRefused()
{
    CosmosClient keyed(m_gateway.connection());
    const CosmosResponse r = await([&](auto cb) { keyed.readAccount(nullptr, cb); });
    QCOMPARE(r.error.status, 401); // the account is Entra-only
}

void tst_Entra::servicePrincipalManagesThroughArm()
{
    auto credential = servicePrincipal();
    auto c = client(credential);
    const CosmosResponse account = await([&](auto cb) { c->readAccount(nullptr, cb); });
    QVERIFY2(account.ok(), qPrintable(account.error.toString()));
    QCOMPARE(credential->username(), QString::fromLatin1(SpClientId));

    const int before = armRequests();
    QSignalSpy progress(c->controlPlane(), &Arm::ControlPlane::progress);
    const CosmosResponse db = await([&](auto cb) {
        c->create(ResourcePath::databases(), QJsonObject{{QStringLiteral("id"), QStringLiteral("sp-db")}}, {},
                  nullptr, cb);
    });
    QVERIFY2(db.ok(), qPrintable(db.error.toString()));
    QCOMPARE(db.status, 201);
    QCOMPARE(db.object().value(QStringLiteral("id")).toString(), QStringLiteral("sp-db"));
    QVERIFY(armRequests() > before); // went through ARM, not the data plane (403/5300 there)
    QVERIFY(progress.count() > 0);

    const CosmosResponse again = await([&](auto cb) {
        c->create(ResourcePath::databases(), QJsonObject{{QStringLiteral("id"), QStringLiteral("sp-db")}}, {},
                  nullptr, cb);
    });
    QCOMPARE(again.error.status, 409);

    RequestOptions options;
    options.offerThroughput = 400;
    const QJsonObject container{{QStringLiteral("id"), QStringLiteral("orders")},
                                {QStringLiteral("partitionKey"),
                                 QJsonObject{{QStringLiteral("paths"), QJsonArray{QStringLiteral("/pk")}},
                                             {QStringLiteral("kind"), QStringLiteral("Hash")}}}};
    const CosmosResponse created = await([&](auto cb) {
        c->create(ResourcePath::database(QStringLiteral("sp-db")).feed(ResourceKind::Container), container,
                  options, nullptr, cb);
    });
    QVERIFY2(created.ok(), qPrintable(created.error.toString()));
    const ResourcePath coll = ResourcePath::container(QStringLiteral("sp-db"), QStringLiteral("orders"));

    Throughput t = throughput(c.get(), coll, nullptr);
    QVERIFY2(!t.error.isError(), qPrintable(t.error.toString()));
    QCOMPARE(t.info.autoscale, false);
    QCOMPARE(t.info.throughput, 400);
    const ThroughputSettings autoscale{true, 4000};
    t = throughput(c.get(), coll, &autoscale);
    QVERIFY2(!t.error.isError(), qPrintable(t.error.toString()));
    QCOMPARE(t.info.autoscale, true);
    QCOMPARE(t.info.autoscaleMaxThroughput, 4000);
    t = throughput(c.get(), coll, nullptr); // read back
    QCOMPARE(t.info.autoscale, true);
    QCOMPARE(t.info.autoscaleMaxThroughput, 4000);

    const QJsonObject sproc{{QStringLiteral("id"), QStringLiteral("hello")},
                            {QStringLiteral("body"),
                             QStringLiteral("function () { getContext().getResponse().setBody('hi'); }")}};
    const CosmosResponse saved = await([&](auto cb) {
        c->create(coll.feed(ResourceKind::StoredProcedure), sproc, {}, nullptr, cb);
    });
    QVERIFY2(saved.ok(), qPrintable(saved.error.toString()));
    QCOMPARE(saved.status, 201);
    QJsonObject changed = sproc;
    changed.insert(QStringLiteral("body"), QStringLiteral("function () { getContext().getResponse().setBody('hey'); }"));
    const CosmosResponse replaced = await([&](auto cb) {
        c->replace(coll.child(ResourceKind::StoredProcedure, QStringLiteral("hello")), changed, {}, nullptr, cb);
    });
    QVERIFY2(replaced.ok(), qPrintable(replaced.error.toString()));
    // The data plane serves what ARM saved; execution is a data action the SP holds.
    RequestOptions pk;
    pk.partitionKey = PartitionKey(QJsonArray{QStringLiteral("x")});
    const CosmosResponse ran = await([&](auto cb) {
        c->executeStoredProcedure(coll.child(ResourceKind::StoredProcedure, QStringLiteral("hello")), {}, pk,
                                  nullptr, cb);
    });
    QVERIFY2(ran.ok(), qPrintable(ran.error.toString()));
    QCOMPARE(ran.body, QByteArray("\"hey\""));
    const CosmosResponse item = await([&](auto cb) {
        c->writeItem(CosmosClient::ItemWrite::Create, coll,
                     QJsonObject{{QStringLiteral("id"), QStringLiteral("1")}, {QStringLiteral("pk"), QStringLiteral("x")}},
                     {}, nullptr, cb);
    });
    QVERIFY2(item.ok(), qPrintable(item.error.toString()));
    const CosmosResponse removed = await([&](auto cb) {
        c->remove(ResourcePath::database(QStringLiteral("sp-db")), {}, nullptr, cb);
    });
    QVERIFY2(removed.ok(), qPrintable(removed.error.toString()));
    QCOMPARE(removed.status, 204);
}

void tst_Entra::deviceCodeUserGetsRoleAssigned()
{
    auto credential = std::make_shared<Entra::DeviceCodeCredential>(cloud());
    QString shownCode;
    connect(credential.get(), &Entra::DeviceCodeCredential::userCodeReady, this,
            [&](const QString &code, const QUrl &uri, const QString &message) {
                shownCode = code;
                QVERIFY(message.contains(code));
                QCOMPARE(uri.path(), QStringLiteral("/devicelogin"));
                QCOMPARE(m_gateway.deviceLogin(code, QStringLiteral("ada@contoso.test")), 200);
            });
    auto c = client(credential);
    const CosmosResponse account = await([&](auto cb) { c->readAccount(nullptr, cb); });
    QVERIFY2(account.ok(), qPrintable(account.error.toString()));
    QVERIFY(!shownCode.isEmpty());
    QCOMPARE(credential->username(), QStringLiteral("ada@contoso.test"));
    QVERIFY(credential->hasRefreshToken());

    // Ada holds Data Reader only: a write is refused with 403/5301, explained.
    QVERIFY(createContainerViaArm(c.get()));
    const ResourcePath coll = ResourcePath::container(QStringLiteral("ada-db"), QStringLiteral("notes"));
    const QJsonObject doc{{QStringLiteral("id"), QStringLiteral("n1")}, {QStringLiteral("pk"), QStringLiteral("a")}};
    CosmosResponse write = await([&](auto cb) {
        c->writeItem(CosmosClient::ItemWrite::Create, coll, doc, {}, nullptr, cb);
    });
    QCOMPARE(write.error.status, 403);
    QCOMPARE(write.error.subStatus, 5301);
    QVERIFY2(write.error.message.contains(QStringLiteral("Cosmos DB Built-in Data Contributor")),
             qPrintable(write.error.message));
    QVERIFY(write.error.message.contains(QStringLiteral("00000000-0000-0000-0000-000000000002")));
    QVERIFY(write.error.message.contains(QStringLiteral("az cosmosdb sql role assignment create")));
    QVERIFY(write.error.message.contains(QString::fromLatin1(AdaOid)));
    QVERIFY(write.error.message.contains(QStringLiteral("items/create")));
    QVERIFY(write.error.message.contains(QStringLiteral("--resource-group rg-cosmoscope")));

    // Ada is an ARM Contributor: she assigns herself Data Contributor on the container.
    Arm::Rbac rbac(c->controlPlane()->arm(), c->controlPlane()->knownAccountId());
    Arm::ArmResponse assigned;
    QVERIFY(waitOp(rbac.createAssignment(QString::fromLatin1(AdaOid), Arm::dataContributorRoleId(),
                                              QStringLiteral("/dbs/ada-db/colls/notes"), nullptr),
                        &assigned));
    QVERIFY2(assigned.ok(), qPrintable(assigned.error.toString()));
    const Arm::RoleAssignment a = Arm::RoleAssignment::fromJson(assigned.json);
    QCOMPARE(a.principalId, QString::fromLatin1(AdaOid));
    QVERIFY(a.scope.endsWith(QStringLiteral("/dbs/ada-db/colls/notes")));

    write = await([&](auto cb) { c->writeItem(CosmosClient::ItemWrite::Create, coll, doc, {}, nullptr, cb); });
    QVERIFY2(write.ok(), qPrintable(write.error.toString()));
    QCOMPARE(write.status, 201);

    // Listing shows it; deleting it takes the right away again.
    auto assignments = std::make_shared<std::optional<QList<Arm::RoleAssignment>>>();
    rbac.assignments(nullptr, [assignments](const QList<Arm::RoleAssignment> &l, const CosmosError &) {
        *assignments = l;
    });
    QVERIFY(QTest::qWaitFor([&] { return assignments->has_value(); }, WaitMs));
    QVERIFY(std::any_of((*assignments)->cbegin(), (*assignments)->cend(),
                        [&](const Arm::RoleAssignment &x) { return x.name == a.name; }));
    Arm::ArmResponse deleted;
    QVERIFY(waitOp(rbac.deleteAssignment(a.name, nullptr), &deleted));
    QVERIFY2(deleted.ok(), qPrintable(deleted.error.toString()));
    write = await([&](auto cb) {
        c->writeItem(CosmosClient::ItemWrite::Create, coll,
                     QJsonObject{{QStringLiteral("id"), QStringLiteral("n2")}, {QStringLiteral("pk"), QStringLiteral("a")}},
                     {}, nullptr, cb);
    });
    QCOMPARE(write.error.subStatus, 5301);

    // A custom role from data actions.
    Arm::ArmResponse role;
    QVERIFY(waitOp(rbac.createDefinition(QStringLiteral("Item writers"),
                                              {QStringLiteral("Microsoft.DocumentDB/databaseAccounts/readMetadata"),
                                               QStringLiteral("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/create")},
                                              nullptr),
                        &role));
    QVERIFY2(role.ok(), qPrintable(role.error.toString()));
    QCOMPARE(Arm::RoleDefinition::fromJson(role.json).type, QStringLiteral("CustomRole"));
}

void tst_Entra::browserSignIn()
{
    QCOMPARE(GatewayProcess::postJson(m_gateway.loginUrl(), QStringLiteral("/_test/identity"),
                                      QJsonObject{{QStringLiteral("browserUser"), QStringLiteral("ada@contoso.test")}}),
             200);
    auto credential = std::make_shared<Entra::InteractiveBrowserCredential>(cloud());
    QUrl authorize;
    int browserStatus = 0;
    QByteArray page;
    connect(credential.get(), &Entra::InteractiveBrowserCredential::authorizeUrlReady, this,
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
    discovery.allAccounts(nullptr, [accounts](const QList<Arm::Account> &l, const CosmosError &) { *accounts = l; });
    QVERIFY(QTest::qWaitFor([&] { return accounts->has_value(); }, WaitMs));
    QVERIFY(!(*accounts)->isEmpty());
    QCOMPARE(authorize, first);
}

void tst_Entra::browserIgnoresForeignState()
{
    auto credential = std::make_shared<Entra::InteractiveBrowserCredential>(cloud());
    QUrl authorize;
    connect(credential.get(), &Entra::InteractiveBrowserCredential::authorizeUrlReady, this,
            [&](const QUrl &url) { authorize = url; });
    auto result = std::make_shared<std::optional<CosmosError>>();
    credential->getToken({QStringLiteral("https://cosmos.azure.com/.default")}, this,
                         [result](const Entra::AccessToken &, const CosmosError &e) { *result = e; });
    QTRY_VERIFY_WITH_TIMEOUT(authorize.isValid(), WaitMs);
    // A forged answer with another state is refused and the sign-in keeps waiting.
    const QString redirect = QUrlQuery(authorize).queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded);
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

void tst_Entra::discoveryListsNoSqlAccounts()
{
    QCOMPARE(GatewayProcess::postJson(m_gateway.armUrl(), QStringLiteral("/_test/arm"),
                                      QJsonObject{{QStringLiteral("pageSize"), 2}}),
             200);
    auto credential = servicePrincipal();
    Arm::ArmClient arm(credential.get());
    Arm::Discovery discovery(&arm);
    auto tenants = std::make_shared<std::optional<QList<Arm::Tenant>>>();
    discovery.tenants(nullptr, [tenants](const QList<Arm::Tenant> &l, const CosmosError &) { *tenants = l; });
    QVERIFY(QTest::qWaitFor([&] { return tenants->has_value(); }, WaitMs));
    QCOMPARE((*tenants)->size(), 1);
    QCOMPARE((*tenants)->first().tenantId, QString::fromLatin1(Contoso));

    auto accounts = std::make_shared<std::optional<QList<Arm::Account>>>();
    auto error = std::make_shared<CosmosError>();
    discovery.allAccounts(nullptr, [=](const QList<Arm::Account> &l, const CosmosError &e) {
        *accounts = l;
        *error = e;
    });
    QVERIFY(QTest::qWaitFor([&] { return accounts->has_value(); }, WaitMs));
    QVERIFY2(!error->isError(), qPrintable(error->toString()));
    QStringList names;
    for (const Arm::Account &a : **accounts)
        names << a.name;
    names.sort();
    // Subscription 1 has 5 accounts (3 pages of 2): the MongoDB and Table ones are left out.
    QCOMPARE(names, QStringList({QStringLiteral("analytics-west"), QStringLiteral("cosmoscope-sandbox"),
                                 QStringLiteral("orders-staging"), QStringLiteral("reports-east")}));
    const auto sandbox = std::find_if((*accounts)->cbegin(), (*accounts)->cend(),
                                      [](const Arm::Account &a) { return a.name == QLatin1String("cosmoscope-sandbox"); });
    QVERIFY(Arm::sameEndpoint(sandbox->documentEndpoint, m_gateway.url()));
    QVERIFY(sandbox->disableLocalAuth);
    QCOMPARE(sandbox->resourceGroup, QStringLiteral("rg-cosmoscope"));

    auto key = std::make_shared<std::optional<QByteArray>>();
    discovery.listKeys(sandbox->id, nullptr, [key](const QByteArray &k, const CosmosError &) { *key = k; });
    QVERIFY(QTest::qWaitFor([&] { return key->has_value(); }, WaitMs));
    QCOMPARE(**key, ConnectionInfo::emulatorKey().toLatin1());
    QCOMPARE(GatewayProcess::postJson(m_gateway.armUrl(), QStringLiteral("/_test/arm"),
                                      QJsonObject{{QStringLiteral("pageSize"), 1000}}),
             200);
}

void tst_Entra::expiredTokenIsRenewed()
{
    QCOMPARE(GatewayProcess::postJson(m_gateway.loginUrl(), QStringLiteral("/_test/identity"),
                                      QJsonObject{{QStringLiteral("tokenLifetimeSec"), 2}}),
             200);
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
    QCOMPARE(GatewayProcess::postJson(m_gateway.loginUrl(), QStringLiteral("/_test/identity"),
                                      QJsonObject{{QStringLiteral("tokenLifetimeSec"), 3600}}),
             200);
}

namespace {
/// Hands out a token the service has already expired while claiming it is good for an hour,
/// as a token revoked or expired early would look; then the inner credential's tokens.
class StaleFirstCredential : public Entra::TokenCredential
{
public:
    StaleFirstCredential(const Entra::CloudSettings &cloud, Entra::TokenCredential *inner,
                         const Entra::AccessToken &stale)
        : TokenCredential(cloud), m_inner(inner), m_stale(stale)
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

void tst_Entra::rejectedTokenIsRenewedOnce()
{
    QCOMPARE(GatewayProcess::postJson(m_gateway.loginUrl(), QStringLiteral("/_test/identity"),
                                      QJsonObject{{QStringLiteral("tokenLifetimeSec"), 1}}),
             200);
    auto inner = servicePrincipal();
    Entra::DataPlaneTokens scopeOnly(inner.get(), m_gateway.url());
    auto stale = std::make_shared<std::optional<Entra::AccessToken>>();
    inner->getToken(scopeOnly.scopes(), nullptr,
                    [stale](const Entra::AccessToken &t, const CosmosError &) { *stale = t; });
    QVERIFY(QTest::qWaitFor([&] { return stale->has_value(); }, WaitMs));
    QCOMPARE(GatewayProcess::postJson(m_gateway.loginUrl(), QStringLiteral("/_test/identity"),
                                      QJsonObject{{QStringLiteral("tokenLifetimeSec"), 3600}}),
             200);
    const QDateTime expiry = (*stale)->expiresOn;
    QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() > expiry.addSecs(1), 10000);
    auto credential = std::make_shared<StaleFirstCredential>(cloud(), inner.get(), **stale);
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
    sp->getToken(scopeOnly.scopes(), nullptr, [token](const Entra::AccessToken &t, const CosmosError &) { *token = t; });
    QVERIFY(QTest::qWaitFor([&] { return token->has_value(); }, WaitMs));
    QTemporaryDir dir;
    QFile script(dir.filePath(QStringLiteral("az")));
    QVERIFY(script.open(QIODevice::WriteOnly));
    const QByteArray json = QJsonDocument(QJsonObject{
        {QStringLiteral("accessToken"), QString::fromUtf8((*token)->token)},
        {QStringLiteral("expiresOn"), QStringLiteral("2099-01-01 00:00:00.000000")},
        {QStringLiteral("expires_on"), double((*token)->expiresOn.toSecsSinceEpoch())},
        {QStringLiteral("subscription"), QStringLiteral("aaaaaaaa-0000-4000-8000-000000000001")},
        {QStringLiteral("tenant"), QString::fromLatin1(Contoso)},
        {QStringLiteral("tokenType"), QStringLiteral("Bearer")}}).toJson(QJsonDocument::Compact);
    script.write("#!/bin/sh\necho \"$@\" > \"$(dirname \"$0\")/args\"\ncat <<'JSON'\n" + json + "\nJSON\n");
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
    QVERIFY2(given.contains("account get-access-token --output json --scope https://127.0.0.1:"), given.constData());
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
    first->getToken(scopes, nullptr, [token](const Entra::AccessToken &, const CosmosError &e) { *token = e; });
    QVERIFY(QTest::qWaitFor([&] { return token->has_value(); }, WaitMs));
    QVERIFY(!(*token)->isError());
    QCOMPARE(store.size(), 1);
    QVERIFY(store.contains(first->storeKey()));

    // A new session signs in silently from the stored refresh token.
    auto second = std::make_shared<Entra::DeviceCodeCredential>(cloud());
    second->setRefreshTokenStore(&store);
    QSignalSpy prompted(second.get(), &Entra::DeviceCodeCredential::userCodeReady);
    token->reset();
    second->getToken(scopes, nullptr, [token](const Entra::AccessToken &, const CosmosError &e) { *token = e; });
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
    ConnectionInfo info = ConnectionInfo::fromEndpointAndCredential(endpoint.toString(), credential, &error);
    info.caCertificateFile = GatewayProcess::caFile();
    CosmosClient c(info);
    const CosmosResponse r = await([&](auto cb) { c.readAccount(nullptr, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(obtained.count(), 1);
    const QJsonObject claims = Entra::jwtClaims(obtained.at(0).at(0).value<Entra::AccessToken>().token);
    QCOMPARE(claims.value(QStringLiteral("aud")).toString(), QStringLiteral("https://cosmos.azure.com"));
}

void tst_Entra::longRunningOperationPolling()
{
    QCOMPARE(GatewayProcess::postJson(m_gateway.armUrl(), QStringLiteral("/_test/arm"),
                                      QJsonObject{{QStringLiteral("lroPolls"), 2}, {QStringLiteral("retryAfter"), 1}}),
             200);
    auto credential = servicePrincipal();
    auto c = client(credential);
    QSignalSpy progress(c->controlPlane(), &Arm::ControlPlane::progress);
    QElapsedTimer timer;
    timer.start();
    const CosmosResponse db = await([&](auto cb) {
        c->create(ResourcePath::databases(), QJsonObject{{QStringLiteral("id"), QStringLiteral("lro-db")}}, {},
                  nullptr, cb);
    });
    QVERIFY2(db.ok(), qPrintable(db.error.toString()));
    QVERIFY(timer.elapsed() >= 2000); // Retry-After: 1 s before each of the polls
    QStringList statuses;
    for (const QList<QVariant> &args : std::as_const(progress))
        statuses << args.at(1).toString();
    QCOMPARE(statuses, QStringList({QStringLiteral("Accepted"), QStringLiteral("Enqueued"),
                                    QStringLiteral("InProgress")}));

    // Cancelling stops waiting and answers Cancelled.
    Arm::ArmOperation *op = c->controlPlane()->arm()->begin(
        "DELETE", c->controlPlane()->knownAccountId() + QStringLiteral("/sqlDatabases/lro-db"), {},
        Arm::documentDbApiVersion(), nullptr);
    QSignalSpy finished(op, &Arm::ArmOperation::finished);
    connect(op, &Arm::ArmOperation::progress, op, &Arm::ArmOperation::cancel);
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(finished.at(0).at(0).value<Arm::ArmResponse>().error.kind, CosmosError::Kind::Cancelled);
    QCOMPARE(GatewayProcess::postJson(m_gateway.armUrl(), QStringLiteral("/_test/arm"),
                                      QJsonObject{{QStringLiteral("lroPolls"), 1}, {QStringLiteral("retryAfter"), 0}}),
             200);
}

void tst_Entra::armRefusalExplained()
{
    // grace@contoso.test is an ARM Reader: ARM refuses her writes, in the user's terms.
    auto credential = std::make_shared<Entra::DeviceCodeCredential>(cloud());
    connect(credential.get(), &Entra::DeviceCodeCredential::userCodeReady, this,
            [this](const QString &code, const QUrl &, const QString &) {
                QCOMPARE(m_gateway.deviceLogin(code, QStringLiteral("grace@contoso.test")), 200);
            });
    auto c = client(credential);
    const CosmosResponse db = await([&](auto cb) {
        c->create(ResourcePath::databases(), QJsonObject{{QStringLiteral("id"), QStringLiteral("grace-db")}}, {},
                  nullptr, cb);
    });
    QCOMPARE(db.error.status, 403);
    QCOMPARE(db.error.code, QStringLiteral("AuthorizationFailed"));
    QVERIFY2(db.error.message.contains(QStringLiteral("DocumentDB Account Contributor")),
             qPrintable(db.error.message));
}

QTEST_GUILESS_MAIN(tst_Entra)
#include "tst_entra.moc"
