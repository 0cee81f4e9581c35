#pragma once

#include "cosmoserror.h"
#include "queryplan.h"
#include "resourcepath.h"

#include <QHash>
#include <QJsonArray>
#include <QObject>

#include <functional>

namespace Cosmos {

class CosmosClient;
struct CosmosResponse;

namespace Routing {

using PartitionKeyRange = Query::PartitionKeyRange;

/// A 410 that means the partition key range a request named no longer exists: split or merged
/// (substatus 1002 PartitionKeyRangeGone, 1007 CompletingSplit, 1008 CompletingPartitionMigration).
bool isPartitionGone(const CosmosError &error);

/// The ranges of a `…/pkranges` answer's `PartitionKeyRanges` array (id, bounds, parents).
QList<PartitionKeyRange> rangesFromJson(const QJsonArray &list);

/// The partition key ranges of each container, per client (it dies with the client).
///
/// The first read takes the whole `…/pkranges` feed. A refresh reads it as a change feed, as
/// the .NET SDK does: `A-IM: Incremental feed` with `If-None-Match: <etag of the last read>`
/// answers only the ranges created since (children of a split carry `parents`), or 304 when
/// nothing changed; the cached set is combined with them and parents are dropped.
class PartitionKeyRangeCache : public QObject
{
    Q_OBJECT
public:
    /// Live ranges sorted by minInclusive; `charge` is what the requests made for it cost (0
    /// when answered from the cache).
    using RangesCallback = std::function<void(const QList<PartitionKeyRange> &ranges,
                                              const CosmosError &error, double charge)>;

    static PartitionKeyRangeCache *of(CosmosClient *client);

    /// The container's live ranges, from the cache when it has them.
    void ranges(const ResourcePath &container, QObject *context, RangesCallback callback);
    /// Reads what changed since the cached etag (everything when nothing is cached).
    void refresh(const ResourcePath &container, QObject *context, RangesCallback callback);
    /// After a request for `gone` answered 410 (isPartitionGone): refreshes and answers the
    /// live ranges that replace it (its children after a split), in minInclusive order. A
    /// replacement that covers more than `gone` (a merge) is reported as an error: continuing
    /// there with gone's continuation would repeat items of its neighbours.
    void replacementsFor(const ResourcePath &container, const PartitionKeyRange &gone,
                         QObject *context, RangesCallback callback);

    /// Forgets a container (deleted or recreated).
    void forget(const ResourcePath &container) { m_entries.remove(container.link()); }

private:
    explicit PartitionKeyRangeCache(CosmosClient *client);
    struct Entry
    {
        QList<PartitionKeyRange> ranges; ///< live, sorted
        QString etag;
    };
    void read(const ResourcePath &container, QObject *context, double charge, int round,
              RangesCallback callback);
    void retryReplacements(const ResourcePath &container, const PartitionKeyRange &gone,
                           QObject *context, RangesCallback callback, int attempt, double charge);

    CosmosClient *m_client;
    QHash<QString, Entry> m_entries;
};

} // namespace Routing
} // namespace Cosmos
