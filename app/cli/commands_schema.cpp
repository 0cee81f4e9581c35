// cosmoscope-cli schema DB C [--sample N]: the sampled fields of a container, one JSON line
// per field path (presence, types, partition key), with the sampling cost under --verbose.
#include "application.h"

#include <schemasampler.h>

#include <QJsonDocument>
#include <QJsonObject>

namespace Cli {

using namespace Cosmos;

void Application::runSchema()
{
    const QString synopsis = QStringLiteral("schema DB C [--sample N]");
    if (!expectArguments(3, synopsis) || !checkIds({1, 2}))
        return;
    int size = 1000;
    if (!m_args.intValue(QStringLiteral("sample"), 1, 10000000, &size))
        return usageError(m_args.error());
    auto sampler = new SchemaSampler(
        m_client, ResourcePath::container(m_args.positional(1), m_args.positional(2)), this);
    connect(sampler, &SchemaSampler::failed, this, &Application::fail);
    connect(sampler, &SchemaSampler::finished, this, [this, sampler] {
        const Schema::SchemaStats &stats = sampler->stats();
        for (const Schema::FieldStats &f : stats.fields()) {
            QJsonObject types;
            for (Schema::JsonType t : f.typesSeen())
                types.insert(Schema::typeName(t), f.count(t));
            QJsonObject line{
                {QStringLiteral("path"), f.path},
                {QStringLiteral("documents"), f.documents},
                {QStringLiteral("presence"),
                 stats.documentCount() ? double(f.documents) / stats.documentCount() : 0.0},
                {QStringLiteral("values"), f.occurrences},
                {QStringLiteral("types"), types}};
            if (f.partitionKey)
                line.insert(QStringLiteral("partitionKeyLevel"), f.partitionKeyLevel);
            m_out.printRaw(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n'); // JSON lines
        }
        m_out.stats(sampler->requestCharge(), stats.documentCount(), sampler->elapsedMs(), {});
        finish(ExitOk);
    });
    sampler->start(size);
}

} // namespace Cli
