// account, db, container and throughput commands.
#include "application.h"

#include <partitionkey.h>
#include <throughput.h>
#include <validation.h>

#include <QJsonArray>
#include <QJsonObject>

namespace Cli {

using namespace Cosmos;

void Application::runAccount()
{
    if (expectArguments(1, QStringLiteral("account")))
        m_client->readAccount(this, printResource());
}

static bool throughputOptions(Application *app, RequestOptions *options)
{
    Arguments &args = app->args();
    if (args.isSet(QStringLiteral("throughput")) && args.isSet(QStringLiteral("autoscale-max"))) {
        app->usageError(QStringLiteral("Give either --throughput or --autoscale-max, not both."));
        return false;
    }
    if (!args.intValue(QStringLiteral("throughput"), 400, 1000000, &options->offerThroughput)
        || !args.intValue(QStringLiteral("autoscale-max"), 1000, 1000000,
                          &options->autoscaleMaxThroughput)) {
        app->usageError(args.error());
        return false;
    }
    return true;
}

void Application::runDatabase()
{
    const QString sub = m_args.positional(1);
    const QString synopsis = QStringLiteral("db list | db query SQL | db show DB | db delete DB | "
                                            "db create DB [--throughput N | --autoscale-max N] "
                                            "[--if-not-exists]");
    if (sub == QLatin1String("create")) {
        if (!expectArguments(3, synopsis) || !checkIds({2}))
            return;
        RequestOptions options;
        if (!throughputOptions(this, &options))
            return;
        const QJsonObject body{{QStringLiteral("id"), m_args.positional(2)}};
        if (m_args.isSet(QStringLiteral("if-not-exists")))
            return m_client->createIfNotExists(ResourcePath::databases(), body, options, this,
                                               printResource());
        m_client->create(ResourcePath::databases(), body, options, this, printResource());
        return;
    }
    if (!genericResourceCommand(sub, ResourcePath(), ResourceKind::Database, 2, synopsis))
        usageError(QStringLiteral("Usage: cosmoscope-cli ") + synopsis);
}

void Application::runContainer()
{
    const QString sub = m_args.positional(1);
    const QString synopsis = QStringLiteral(
        "container list DB | container query DB SQL | container show DB C | container delete DB C "
        "| container replace DB C --body FILE | container create DB C --partition-key /p[,/q…] "
        "[--ttl S] [--throughput N | --autoscale-max N] [--unique-key /a[,/b]]… "
        "[--indexing-policy FILE] [--if-not-exists]");
    if (sub == QLatin1String("create"))
        return createContainer();
    if (sub == QLatin1String("replace")) {
        if (!expectArguments(4, synopsis) || !checkIds({2, 3}))
            return;
        if (!m_args.isSet(QStringLiteral("body")))
            return usageError(QStringLiteral("container replace needs --body FILE."));
        QJsonObject body;
        if (!readJsonObjectFile(m_args.value(QStringLiteral("body")), &body))
            return;
        const QString id = m_args.positional(3);
        if (!body.contains(QStringLiteral("id")))
            body.insert(QStringLiteral("id"), id);
        const ResourcePath path = ResourcePath::container(m_args.positional(2), id);
        m_client->forgetContainer(path);
        return void(m_client->replace(path, body, writeOptions(), this, printResource()));
    }
    if (!genericResourceCommand(sub, ResourcePath::database(m_args.positional(2)),
                                ResourceKind::Container, 3, synopsis))
        usageError(QStringLiteral("Usage: cosmoscope-cli ") + synopsis);
}

void Application::createContainer()
{
    const QString synopsis = QStringLiteral(
        "container create DB C --partition-key /p[,/q…] [--ttl S] [--throughput N | "
        "--autoscale-max N] [--unique-key /a[,/b]]… [--indexing-policy FILE] [--if-not-exists]");
    if (!expectArguments(4, synopsis) || !checkIds({2, 3}))
        return;
    if (!m_args.isSet(QStringLiteral("partition-key")))
        return usageError(QStringLiteral("container create needs --partition-key /path."));
    CosmosError error;
    const PartitionKeyDefinition pk = PartitionKeyDefinition::fromPathList(
        m_args.value(QStringLiteral("partition-key")), &error);
    if (error.isError())
        return fail(error);
    const QString id = m_args.positional(3);
    QJsonObject body{{QStringLiteral("id"), id}, {QStringLiteral("partitionKey"), pk.toJson()}};
    int ttl = 0;
    if (!m_args.intValue(QStringLiteral("ttl"), -1, 2147483647, &ttl))
        return usageError(m_args.error());
    if (m_args.isSet(QStringLiteral("ttl")))
        body.insert(QStringLiteral("defaultTtl"), ttl);
    QJsonArray uniqueKeys;
    for (const QString &keys : m_args.values(QStringLiteral("unique-key"))) {
        QJsonArray paths;
        for (const QString &p : keys.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!p.trimmed().startsWith(QLatin1Char('/')))
                return usageError(QStringLiteral("Unique key paths start with '/' (got \"%1\").").arg(p));
            paths.append(p.trimmed());
        }
        uniqueKeys.append(QJsonObject{{QStringLiteral("paths"), paths}});
    }
    if (!uniqueKeys.isEmpty())
        body.insert(QStringLiteral("uniqueKeyPolicy"),
                    QJsonObject{{QStringLiteral("uniqueKeys"), uniqueKeys}});
    if (m_args.isSet(QStringLiteral("indexing-policy"))) {
        QJsonObject policy;
        if (!readJsonObjectFile(m_args.value(QStringLiteral("indexing-policy")), &policy))
            return;
        body.insert(QStringLiteral("indexingPolicy"), policy);
    }
    RequestOptions options;
    if (!throughputOptions(this, &options))
        return;
    const ResourcePath feed = ResourcePath::database(m_args.positional(2)).feed(ResourceKind::Container);
    if (m_args.isSet(QStringLiteral("if-not-exists")))
        return m_client->createIfNotExists(feed, body, options, this, printResource());
    m_client->create(feed, body, options, this, printResource());
}

static QJsonObject throughputJson(const ThroughputInfo &info)
{
    QJsonObject o{{QStringLiteral("autoscale"), info.autoscale},
                  {QStringLiteral("throughput"), info.throughput}};
    if (info.autoscale)
        o.insert(QStringLiteral("autoscaleMaxThroughput"), info.autoscaleMaxThroughput);
    if (info.minThroughput > 0)
        o.insert(QStringLiteral("minThroughput"), info.minThroughput);
    o.insert(QStringLiteral("offer"), info.offer);
    return o;
}

void Application::runThroughput()
{
    const QString sub = m_args.positional(1);
    const QString synopsis = QStringLiteral("throughput show DB [C] | throughput set DB [C] "
                                            "(--manual N | --autoscale-max N)");
    if ((sub != QLatin1String("show") && sub != QLatin1String("set"))
        || !expectArguments(3, synopsis, 4) || !checkIds({2, 3})) {
        if (!isFinished())
            usageError(QStringLiteral("Usage: cosmoscope-cli ") + synopsis);
        return;
    }
    const ResourcePath path = m_args.count() == 4
                                  ? ResourcePath::container(m_args.positional(2), m_args.positional(3))
                                  : ResourcePath::database(m_args.positional(2));
    const auto print = [this](const ThroughputInfo &info, const CosmosError &error) {
        if (error.isError())
            return fail(error);
        m_out.printDocument(throughputJson(info));
        m_out.stats(info.requestCharge, -1, m_timer.elapsed(), QString());
        finish(ExitOk);
    };
    if (sub == QLatin1String("show"))
        return readThroughput(m_client, path, this, print);
    ThroughputSettings settings;
    const bool manual = m_args.isSet(QStringLiteral("manual"));
    if (manual == m_args.isSet(QStringLiteral("autoscale-max")))
        return usageError(QStringLiteral("throughput set needs --manual N or --autoscale-max N."));
    settings.autoscale = !manual;
    if (!m_args.intValue(manual ? QStringLiteral("manual") : QStringLiteral("autoscale-max"), 1,
                         100000000, &settings.value))
        return usageError(m_args.error());
    if (CosmosError e = settings.validate(); e.isError())
        return fail(e);
    replaceThroughput(m_client, path, settings, this, print);
}

} // namespace Cli
