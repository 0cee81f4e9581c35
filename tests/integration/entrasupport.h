#pragma once

// Shared by the Entra integration tests: the gateway with --entra --disable-local-auth, cloud
// settings pointing at its mock identity platform and ARM, a service principal, clients.

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
#include <optional>

inline constexpr char Contoso[] = "11111111-1111-4111-8111-111111111111";
inline constexpr char SpClientId[] = "33333333-3333-4333-8333-333333333333";
inline constexpr char AdaOid[] = "55555555-5555-4555-8555-555555555555";

namespace EntraSupport {

using namespace Cosmos;
using namespace Support;

class EntraTest : public QObject
{
protected:
    void startGateway()
    {
        GatewayProcess::Options options;
        options.entra = true;
        options.disableLocalAuth = true;
        QVERIFY2(m_gateway.start(options), qPrintable(m_gateway.errorString()));
        QVERIFY(m_gateway.loginUrl().isValid());
        QVERIFY(m_gateway.armUrl().isValid());
        QCOMPARE(GatewayProcess::postJson(m_gateway.loginUrl(),
                                          QStringLiteral("/_test/identity"),
                                          QJsonObject{{QStringLiteral("deviceInterval"), 1}}),
                 200);
    }
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
        return std::make_shared<Entra::ClientSecretCredential>(
            cloud(), QString::fromLatin1(SpClientId), QStringLiteral("test-sp-secret"));
    }
    std::unique_ptr<CosmosClient> client(std::shared_ptr<Entra::TokenCredential> credential) const
    {
        CosmosError error;
        ConnectionInfo info = ConnectionInfo::fromEndpointAndCredential(
            m_gateway.url().toString(), credential, &error);
        info.caCertificateFile = GatewayProcess::caFile();
        return std::make_unique<CosmosClient>(info);
    }
    /// Makes the mock identity platform issue tokens that live `seconds`.
    int setTokenLifetime(int seconds) const
    {
        return GatewayProcess::postJson(m_gateway.loginUrl(),
                                        QStringLiteral("/_test/identity"),
                                        QJsonObject{{QStringLiteral("tokenLifetimeSec"), seconds}});
    }
    /// A token of `inner` for `scopes` that has already expired (issued with a 1 s lifetime,
    /// waited out); later tokens live an hour again. Empty when none came.
    std::optional<Entra::AccessToken> expiredToken(Entra::TokenCredential *inner,
                                                   const QStringList &scopes) const
    {
        if (setTokenLifetime(1) != 200)
            return {};
        auto token = std::make_shared<std::optional<Entra::AccessToken>>();
        inner->getToken(scopes, nullptr, [token](const Entra::AccessToken &t, const CosmosError &) {
            *token = t;
        });
        const bool issued = QTest::qWaitFor([&] { return token->has_value(); }, WaitMs);
        if (setTokenLifetime(3600) != 200 || !issued)
            return {};
        const QDateTime expiry = (*token)->expiresOn;
        if (!QTest::qWaitFor([&] { return QDateTime::currentDateTimeUtc() > expiry.addSecs(1); },
                             10000))
            return {};
        return *token;
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
        QObject::connect(
            op, &Arm::ArmOperation::finished, [done](const Arm::ArmResponse &r) { *done = r; });
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
    static Throughput
    throughput(CosmosClient *c, const ResourcePath &path, const ThroughputSettings *set)
    {
        auto result = std::make_shared<std::optional<Throughput>>();
        const auto done = [result](const ThroughputInfo &i, const CosmosError &e) {
            *result = Throughput{i, e};
        };
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
            c->create(ResourcePath::databases(),
                      QJsonObject{{QStringLiteral("id"), QStringLiteral("ada-db")}},
                      {},
                      nullptr,
                      cb);
        });
        if (!db.ok())
            qWarning() << db.error.toString();
        const QJsonObject container{
            {QStringLiteral("id"), QStringLiteral("notes")},
            {QStringLiteral("partitionKey"),
             QJsonObject{{QStringLiteral("paths"), QJsonArray{QStringLiteral("/pk")}},
                         {QStringLiteral("kind"), QStringLiteral("Hash")}}}};
        const CosmosResponse coll = await([&](auto cb) {
            c->create(
                ResourcePath::database(QStringLiteral("ada-db")).feed(ResourceKind::Container),
                container,
                {},
                nullptr,
                cb);
        });
        if (!coll.ok())
            qWarning() << coll.error.toString();
        return db.ok() && coll.ok();
    }

    GatewayProcess m_gateway;
};

} // namespace EntraSupport
