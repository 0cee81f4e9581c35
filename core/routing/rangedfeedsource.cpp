#include "rangedfeedsource.h"

#include "cosmosclient.h"

#include <QTimer>

namespace Cosmos::Routing {

RangedFeedSource::RangedFeedSource(CosmosClient *client, const CosmosRequest &request)
    : m_client(client)
    , m_request(request)
{}

PendingRequest *RangedFeedSource::fetch(const QString &continuation, QObject *context,
                                        PageCallback callback)
{
    auto page = std::make_shared<FeedPage>();
    QPointer<PendingRequest> group = PendingRequest::group(
        context, [page, callback](const CosmosResponse &r) {
            if (r.error.isError())
                page->error = r.error;
            callback(*page);
        });
    const auto failLater = [group](const CosmosError &error) {
        QTimer::singleShot(0, group.data(), [group, error] {
            CosmosResponse r;
            r.error = error;
            if (group)
                group->complete(r);
        });
    };
    if (!m_client) {
        failLater(CosmosError::invalidInput(QStringLiteral("The connection was closed.")));
        return group;
    }
    FeedRanges ranges;
    if (!continuation.isEmpty()) {
        if (!FeedRanges::fromText(continuation, &ranges)) {
            failLater(CosmosError::invalidInput(
                QStringLiteral("This continuation is not a range-by-range read position.")));
            return group;
        }
        QTimer::singleShot(0, group.data(), [this, group, page, ranges] {
            step(group, page, ranges);
        });
        return group;
    }
    PartitionKeyRangeCache::of(m_client)->ranges(
        m_request.path.parent(), group,
        [this, group, page](const QList<PartitionKeyRange> &all, const CosmosError &error,
                            double charge) {
            page->requestCharge += charge;
            if (!group)
                return;
            if (error.isError()) {
                CosmosResponse r;
                r.error = error;
                return group->complete(r);
            }
            step(group, page, FeedRanges(all));
        });
    return group;
}

void RangedFeedSource::step(const QPointer<PendingRequest> &group,
                            const std::shared_ptr<FeedPage> &page, FeedRanges ranges)
{
    if (!group)
        return;
    int index = 0;
    while (index < ranges.size() && ranges.at(index).done)
        ++index;
    if (index >= ranges.size() || !m_client) {
        page->continuation.clear();
        return group->complete({});
    }
    const FeedRanges::Entry entry = ranges.at(index);
    CosmosRequest r = m_request;
    r.options.extraHeaders.push_back(
        {"x-ms-documentdb-partitionkeyrangeid", entry.range.id.toUtf8()});
    if (!entry.continuation.isEmpty())
        r.options.extraHeaders.push_back({"x-ms-continuation", entry.continuation.toUtf8()});
    m_client->send(r, group, [this, group, page, ranges, index,
                              entry](const CosmosResponse &response) mutable {
        if (!group)
            return;
        page->requestCharge += response.requestCharge;
        page->elapsedMs += response.elapsedMs;
        page->activityId = response.activityId;
        page->region = response.region;
        if (isPartitionGone(response.error) && m_client) {
            PartitionKeyRangeCache::of(m_client)->replacementsFor(
                m_request.path.parent(), entry.range, group,
                [this, group, page, ranges,
                 index](const QList<PartitionKeyRange> &children, const CosmosError &error,
                        double charge) mutable {
                    page->requestCharge += charge;
                    if (!group)
                        return;
                    if (error.isError()) {
                        CosmosResponse failed;
                        failed.error = error;
                        return group->complete(failed);
                    }
                    ranges.split(index, children);
                    step(group, page, ranges);
                });
            return;
        }
        if (!response.ok()) {
            CosmosResponse failed;
            failed.error = response.error;
            return group->complete(failed);
        }
        CosmosResponse damaged;
        damaged.error = readFeedPage(response, QStringLiteral("Documents"), &page->items,
                                     &page->rawItems);
        if (damaged.error.isError())
            return group->complete(damaged);
        ranges.setContinuation(index, response.continuation);
        if (response.continuation.isEmpty())
            ranges.setDone(index);
        bool more = false;
        for (int i = 0; i < ranges.size(); ++i)
            more = more || !ranges.at(i).done;
        page->continuation = more ? ranges.toText() : QString();
        group->complete({});
    });
}

} // namespace Cosmos::Routing
