#pragma once

// Helpers shared by the integration tests: one gateway per test binary, waiting for callbacks
// with QTest::qWaitFor (no fixed sleeps), draining pagers, and raw calls to the gateway's
// /_test routes (which no product API addresses).

#include "gatewayprocess.h"

#include <auth.h>
#include <cosmosclient.h>
#include <pager.h>
#include <validation.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QElapsedTimer>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>
#include <optional>

namespace Support {

// How long a test waits for an answer that should come: generous, since the sanitized build
// runs the suites several times slower on a loaded machine (a slow answer is not a wrong one).
constexpr int WaitMs = 60000;

/// Starts an operation that reports through a ResponseCallback and waits for the answer.
template<typename Start>
Cosmos::CosmosResponse await(Start start)
{
    auto result = std::make_shared<std::optional<Cosmos::CosmosResponse>>();
    start([result](const Cosmos::CosmosResponse &r) { *result = r; });
    if (!QTest::qWaitFor([result] { return result->has_value(); }, WaitMs)) {
        Cosmos::CosmosResponse r;
        r.error = Cosmos::CosmosError::invalidInput(QStringLiteral("test: no answer in time"));
        return r;
    }
    return **result;
}

/// The result of draining a pager.
struct Drained
{
    QList<QJsonObject> items;
    QList<QByteArray> raw; ///< the items' text as the server sent it
    int pages = 0;
    QList<int> pageSizes;
    QStringList queryMetrics;
    Cosmos::CosmosError error;
    QStringList ids() const
    {
        QStringList list;
        for (const QJsonObject &o : items)
            list << o.value(QStringLiteral("id")).toString();
        return list;
    }
};

/// Fetches every page of `pager` (owned by the caller).
inline Drained drain(Cosmos::Pager *pager)
{
    auto out = std::make_shared<Drained>();
    auto done = std::make_shared<bool>(false);
    QObject guard;
    QObject::connect(pager, &Cosmos::Pager::pageReady, &guard, [=](const Cosmos::FeedPage &page) {
        ++out->pages;
        out->pageSizes << int(page.items.size());
        if (!page.queryMetrics.isEmpty())
            out->queryMetrics << page.queryMetrics;
        for (const QJsonValue &v : page.items)
            out->items << v.toObject();
        out->raw << page.rawItems;
        if (pager->hasMore())
            pager->fetchNext();
    });
    QObject::connect(pager, &Cosmos::Pager::finished, &guard, [=] { *done = true; });
    QObject::connect(pager, &Cosmos::Pager::failed, &guard, [=](const Cosmos::CosmosError &e) {
        out->error = e;
        *done = true;
    });
    pager->fetchNext();
    if (!QTest::qWaitFor([done] { return *done; }, WaitMs))
        out->error = Cosmos::CosmosError::invalidInput(QStringLiteral("test: pager did not finish"));
    return *out;
}

/// A raw master-key-signed request to the gateway, for its test-only routes.
inline int rawRequest(const GatewayProcess &gateway, const QByteArray &verb, const QString &path,
                      const QString &resourceType, const QString &resourceLink,
                      const QJsonObject &body, QByteArray *responseBody = nullptr)
{
    return gateway.rawRequest(verb, path, resourceType, resourceLink, body, responseBody);
}

/// The result of running cosmoscope-cli.
struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    qint64 elapsedMs = 0;
};

/// Runs cosmoscope-cli with `args` (connection options included by the caller).
inline CliRun runCli(const QStringList &args, const QByteArray &input = {}, int timeoutMs = 120000)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("COSMOSCOPE_CONNECTION_STRING"));
    p.setProcessEnvironment(env);
    QElapsedTimer timer;
    timer.start();
    p.start(QStringLiteral(COSMOSCOPE_CLI_PATH), args);
    if (!p.waitForStarted(5000))
        return {};
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
        return {-2, p.readAllStandardOutput(), p.readAllStandardError(), timer.elapsed()};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError(), timer.elapsed()};
}

/// Connection options for the CLI: `endpoint` with the emulator key and the test CA.
inline QStringList cliConnection(const QUrl &endpoint)
{
    return {QStringLiteral("--endpoint"), endpoint.toString(), QStringLiteral("--key"),
            Cosmos::ConnectionInfo::emulatorKey(), QStringLiteral("--ca-cert"),
            GatewayProcess::caFile()};
}

/// Turns the gateway's random faults on (`config` as in tests/gateway/faults.js) or off ({}).
inline int setRandomFaults(const GatewayProcess &gateway, const QJsonObject &config)
{
    return gateway.setFaults(config);
}

/// How many faults of each kind were injected since the last setRandomFaults().
inline QJsonObject faultCounts(const GatewayProcess &gateway)
{
    return gateway.faults().value(QStringLiteral("counts")).toObject();
}

/// Makes the gateway answer the next `count` requests with `status` (429 by default).
inline int injectFaults(const GatewayProcess &gateway, int count, int retryAfterMs, int status = 429)
{
    return rawRequest(gateway, "POST", QStringLiteral("/_test/throttle"), QStringLiteral("throttle"),
                      QString(),
                      QJsonObject{{QStringLiteral("count"), count},
                                  {QStringLiteral("retryAfterMs"), retryAfterMs},
                                  {QStringLiteral("status"), status}});
}

/// Creates database `db` and container `c` with partition key paths `pk` (comma separated).
inline bool createContainer(Cosmos::CosmosClient *client, const QString &db, const QString &c,
                            const QString &pk, int throughput = 0)
{
    Cosmos::RequestOptions dbOptions;
    const Cosmos::CosmosResponse d = await([&](Cosmos::ResponseCallback cb) {
        client->create(Cosmos::ResourcePath::databases(), QJsonObject{{QStringLiteral("id"), db}},
                       dbOptions, nullptr, cb);
    });
    if (!d.ok() && d.error.status != 409)
        return false;
    Cosmos::CosmosError error;
    const auto def = Cosmos::PartitionKeyDefinition::fromPathList(pk, &error);
    Cosmos::RequestOptions options;
    options.offerThroughput = throughput;
    const Cosmos::CosmosResponse r = await([&](Cosmos::ResponseCallback cb) {
        client->create(Cosmos::ResourcePath::database(db).feed(Cosmos::ResourceKind::Container),
                       QJsonObject{{QStringLiteral("id"), c}, {QStringLiteral("partitionKey"), def.toJson()}},
                       options, nullptr, cb);
    });
    return r.ok();
}

inline QJsonObject object(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace Support

// Evaluates each argument once (like CHECK_EXIT in tst_cli.cpp).
#define START_GATEWAY(gateway, options)                                                           \
    do {                                                                                          \
        GatewayProcess &startGateway_ = (gateway);                                                \
        QVERIFY2(startGateway_.start(options), qPrintable(startGateway_.errorString()));          \
    } while (false)
