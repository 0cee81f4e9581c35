#include "partitionkeyrangecache.h"

#include "cosmosclient.h"

#include <QJsonArray>
#include <QPointer>
#include <QTimer>

namespace Cosmos::Routing {

static const char CacheName[] = "cosmoscope.partitionKeyRangeCache";

bool isPartitionGone(const CosmosError &error)
{
    return error.status == 410
           && (error.subStatus == 1002 || error.subStatus == 1007 || error.subStatus == 1008);
}

PartitionKeyRangeCache::PartitionKeyRangeCache(CosmosClient *client)
    : QObject(client)
    , m_client(client)
{
    setObjectName(QLatin1String(CacheName));
}

PartitionKeyRangeCache *PartitionKeyRangeCache::of(CosmosClient *client)
{
    auto *found = client->findChild<PartitionKeyRangeCache *>(QLatin1String(CacheName),
                                                              Qt::FindDirectChildrenOnly);
    return found ? found : new PartitionKeyRangeCache(client);
}

void PartitionKeyRangeCache::ranges(const ResourcePath &container, QObject *context,
                                    RangesCallback callback)
{
    const auto it = m_entries.constFind(container.link());
    if (it == m_entries.cend())
        return read(container, context, 0, 0, std::move(callback));
    const QList<PartitionKeyRange> cached = it->ranges;
    QTimer::singleShot(0, context ? context : this, [callback, cached] {
        callback(cached, {}, 0);
    });
}

void PartitionKeyRangeCache::refresh(const ResourcePath &container, QObject *context,
                                     RangesCallback callback)
{
    read(container, context, 0, 0, std::move(callback));
}

QList<PartitionKeyRange> rangesFromJson(const QJsonArray &list)
{
    QList<PartitionKeyRange> out;
    for (const QJsonValue &v : list) {
        const QJsonObject o = v.toObject();
        PartitionKeyRange range{o.value(QStringLiteral("id")).toString(),
                                o.value(QStringLiteral("minInclusive")).toString(),
                                o.value(QStringLiteral("maxExclusive")).toString(),
                                {}};
        for (const QJsonValue &p : o.value(QStringLiteral("parents")).toArray())
            range.parents << p.toString();
        out << range;
    }
    return out;
}

// One page of the pkranges feed (incremental after the cached etag); rounds go on until 304,
// as the .NET SDK reads it, bounded in case a server never says "not modified".
void PartitionKeyRangeCache::read(const ResourcePath &container, QObject *context,
                                  double charge, int round, RangesCallback callback)
{
    const QString link = container.link();
    CosmosRequest r = CosmosRequest::get(container.feed(ResourceKind::PartitionKeyRange));
    const auto cached = m_entries.constFind(link);
    const bool incremental = cached != m_entries.cend() && !cached->etag.isEmpty();
    if (incremental) {
        r.options.ifNoneMatch = cached->etag;
        r.options.extraHeaders.push_back({"A-IM", "Incremental feed"});
    }
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    m_client->send(r, context, [=](const CosmosResponse &response) {
        if (hasContext && !guard)
            return;
        const double total = charge + response.requestCharge;
        const auto current = m_entries.constFind(link);
        if (response.status == 304 && current != m_entries.cend())
            return callback(current->ranges, {}, total);
        if (!response.ok())
            return callback({}, response.error, total);
        const QList<PartitionKeyRange> page = rangesFromJson(
            response.object().value(QStringLiteral("PartitionKeyRanges")).toArray());
        Entry entry;
        if (incremental && current != m_entries.cend())
            entry.ranges = current->ranges;
        entry.ranges = Query::liveRanges(entry.ranges + page);
        entry.etag = response.etag;
        if (entry.ranges.isEmpty()) {
            return callback({}, CosmosError::invalidInput(QStringLiteral(
                                    "The container reported no partition key ranges.")),
                            total);
        }
        m_entries.insert(link, entry);
        if (!incremental || entry.etag.isEmpty() || round >= 4)
            return callback(entry.ranges, {}, total);
        read(container, context, total, round + 1, callback); // until 304
    });
}

void PartitionKeyRangeCache::replacementsFor(const ResourcePath &container,
                                             const PartitionKeyRange &gone, QObject *context,
                                             RangesCallback callback)
{
    retryReplacements(container, gone, context, std::move(callback), 0, 0);
}

void PartitionKeyRangeCache::retryReplacements(const ResourcePath &container,
                                               const PartitionKeyRange &gone, QObject *context,
                                               RangesCallback callback, int attempt,
                                               double charge)
{
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    refresh(container, context, [=](const QList<PartitionKeyRange> &all, const CosmosError &error,
                                    double cost) {
        if (hasContext && !guard)
            return;
        const double total = charge + cost;
        if (error.isError())
            return callback({}, error, total);
        const QList<PartitionKeyRange> children
            = Query::overlappingRanges(all, {Query::EpkRange{gone.minInclusive, gone.maxExclusive,
                                                             true, false}});
        const bool stillThere = std::any_of(children.cbegin(), children.cend(),
                                            [&gone](const PartitionKeyRange &r) {
                                                return r.id == gone.id;
                                            });
        if (stillThere || children.isEmpty()) {
            // A split still completing (1007): the feed may not list the children yet.
            if (attempt < 3) {
                QTimer::singleShot(100 << attempt, context ? context : this, [=] {
                    retryReplacements(container, gone, context, callback, attempt + 1, total);
                });
                return;
            }
            CosmosError e;
            e.kind = CosmosError::Kind::Service;
            e.status = 410;
            e.message = QStringLiteral("Partition key range %1 is gone, but the container's "
                                       "partition key ranges do not show what replaced it.")
                            .arg(gone.id);
            return callback({}, e, total);
        }
        for (const PartitionKeyRange &c : children) {
            if (c.minInclusive < gone.minInclusive || c.maxExclusive > gone.maxExclusive) {
                CosmosError e;
                e.kind = CosmosError::Kind::Service;
                e.status = 410;
                e.message = QStringLiteral("Partition key range %1 was merged into %2, which "
                                           "Cosmoscope cannot continue from the old position; "
                                           "run it again.")
                                .arg(gone.id, c.id);
                return callback({}, e, total);
            }
        }
        callback(children, {}, total);
    });
}

} // namespace Cosmos::Routing
