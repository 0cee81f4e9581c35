#pragma once

#include "feedranges.h"
#include "pager.h"

#include <QPointer>

#include <memory>

namespace Cosmos {

class CosmosClient;

namespace Routing {

/// Reads a container's item feed range by range (`x-ms-documentdb-partitionkeyrangeid`), one
/// range after the other, each with its own continuation. The page continuation is the list of
/// ranges with their continuations (FeedRanges::toText()), so it resumes in another Pager or
/// process. A range that answers 410 (split) is replaced by its children, each starting from
/// the parent's continuation: nothing is skipped or read twice.
class RangedFeedSource : public PageSource
{
public:
    /// `request` is the GET of the container's docs feed (headers, page size).
    RangedFeedSource(CosmosClient *client, const CosmosRequest &request);

    PendingRequest *fetch(const QString &continuation, QObject *context,
                          PageCallback callback) override;

private:
    void step(const QPointer<PendingRequest> &group, const std::shared_ptr<FeedPage> &page,
              FeedRanges ranges);

    QPointer<CosmosClient> m_client;
    CosmosRequest m_request;
};

} // namespace Routing
} // namespace Cosmos
