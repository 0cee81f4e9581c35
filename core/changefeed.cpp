#include "changefeed.h"

#include "auth.h"
#include "cosmosclient.h"
#include "routing/partitionkeyrangecache.h"

namespace Cosmos {

ChangeFeedReader::ChangeFeedReader(CosmosClient *client, const ResourcePath &container,
                                   const ChangeFeedOptions &options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_container(container)
    , m_options(options)
{
    if (options.start == ChangeFeedOptions::Start::Continuation) {
        if (Routing::FeedRanges::fromText(options.continuation, &m_ranges))
            m_rangesReady = true;
        else
            m_continuation = options.continuation;
    }
}

bool ChangeFeedReader::ranged() const
{
    return m_rangesReady || m_options.byRange || !m_options.partitionKeyRangeId.isEmpty();
}

QString ChangeFeedReader::continuation() const
{
    return m_rangesReady ? m_ranges.toText() : m_continuation;
}

CosmosRequest ChangeFeedReader::baseRequest() const
{
    CosmosRequest r = CosmosRequest::get(m_container.feed(ResourceKind::Item));
    r.options.partitionKey = m_options.partitionKey;
    r.options.maxItemCount = m_options.maxItemCount;
    r.options.extraHeaders.push_back({"A-IM", "Incremental feed"});
    return r;
}

void ChangeFeedReader::fetchNext()
{
    if (m_pending || m_rangedBusy || !m_client)
        return;
    if (ranged()) {
        m_rangedBusy = true;
        m_rangedPage = FeedPage();
        fetchRanged(0);
        return;
    }
    CosmosRequest r = baseRequest();
    if (!m_continuation.isEmpty()) {
        r.options.ifNoneMatch = m_continuation;
    } else if (m_first && m_options.start == ChangeFeedOptions::Start::Now) {
        r.options.ifNoneMatch = QStringLiteral("*");
    } else if (m_first && m_options.start == ChangeFeedOptions::Start::Time) {
        r.options.extraHeaders.push_back(
            {"If-Modified-Since", httpDate(m_options.startTime).toLatin1()});
    }
    m_pending = m_client->send(r, this, [this](const CosmosResponse &response) {
        m_pending = nullptr;
        m_totalCharge += response.requestCharge;
        FeedPage page;
        page.requestCharge = response.requestCharge;
        page.activityId = response.activityId;
        page.elapsedMs = response.elapsedMs;
        page.region = response.region;
        if (response.status != 304 && response.error.isError()) {
            page.error = response.error;
            Q_EMIT failed(response.error);
            return;
        }
        m_first = false;
        if (!response.etag.isEmpty())
            m_continuation = response.etag;
        page.continuation = m_continuation;
        if (response.status != 304) {
            page.error = readFeedPage(response, QStringLiteral("Documents"), &page.items,
                                      &page.rawItems);
            if (page.error.isError()) {
                Q_EMIT failed(page.error);
                return;
            }
        }
        m_hasMore = !page.items.isEmpty();
        Q_EMIT changesReady(page);
    });
}

// One range after the other (round robin); a range with nothing new passes to the next, and
// the page is empty only when every range had nothing new. `tried` counts those.
void ChangeFeedReader::fetchRanged(int tried)
{
    if (!m_client)
        return;
    if (!m_rangesReady) {
        Routing::PartitionKeyRangeCache::of(m_client)->ranges(
            m_container, this,
            [this](const QList<Routing::PartitionKeyRange> &all, const CosmosError &error,
                   double charge) {
                m_rangedPage.requestCharge += charge;
                QList<Routing::PartitionKeyRange> chosen;
                for (const auto &r : all) {
                    if (m_options.partitionKeyRangeId.isEmpty()
                        || r.id == m_options.partitionKeyRangeId)
                        chosen << r;
                }
                CosmosError e = error;
                if (!e.isError() && chosen.isEmpty()) {
                    e = CosmosError::invalidInput(
                        QStringLiteral("The container has no partition key range %1.")
                            .arg(m_options.partitionKeyRangeId));
                }
                if (e.isError()) {
                    m_rangedBusy = false;
                    Q_EMIT failed(e);
                    return;
                }
                m_ranges = Routing::FeedRanges(chosen);
                m_rangesReady = true;
                fetchRanged(0);
            });
        return;
    }
    if (tried >= m_ranges.size()) { // caught up everywhere
        m_hasMore = false;
        finishRanged(m_rangedPage);
        return;
    }
    const int index = m_nextRange % m_ranges.size();
    const Routing::FeedRanges::Entry entry = m_ranges.at(index);
    CosmosRequest r = baseRequest();
    r.options.extraHeaders.push_back(
        {"x-ms-documentdb-partitionkeyrangeid", entry.range.id.toUtf8()});
    if (!entry.continuation.isEmpty()) {
        r.options.ifNoneMatch = entry.continuation;
    } else if (m_options.start == ChangeFeedOptions::Start::Now) {
        r.options.ifNoneMatch = QStringLiteral("*");
    } else if (m_options.start == ChangeFeedOptions::Start::Time) {
        r.options.extraHeaders.push_back(
            {"If-Modified-Since", httpDate(m_options.startTime).toLatin1()});
    }
    m_pending = m_client->send(r, this, [this, index, tried,
                                         entry](const CosmosResponse &response) {
        m_pending = nullptr;
        m_rangedPage.requestCharge += response.requestCharge;
        m_rangedPage.elapsedMs += response.elapsedMs;
        m_rangedPage.activityId = response.activityId;
        m_rangedPage.region = response.region;
        if (Routing::isPartitionGone(response.error) && m_client) {
            Routing::PartitionKeyRangeCache::of(m_client)->replacementsFor(
                m_container, entry.range, this,
                [this, index, tried](const QList<Routing::PartitionKeyRange> &children,
                                     const CosmosError &error, double charge) {
                    m_rangedPage.requestCharge += charge;
                    if (error.isError()) {
                        m_rangedBusy = false;
                        Q_EMIT failed(error);
                        return;
                    }
                    m_ranges.split(index, children);
                    fetchRanged(tried); // the first child, from the parent's etag
                });
            return;
        }
        if (response.status != 304 && response.error.isError()) {
            m_rangedBusy = false;
            Q_EMIT failed(response.error);
            return;
        }
        if (!response.etag.isEmpty())
            m_ranges.setContinuation(index, response.etag);
        if (response.status != 304) {
            FeedPage page = m_rangedPage;
            page.error = readFeedPage(response, QStringLiteral("Documents"), &page.items,
                                      &page.rawItems);
            if (page.error.isError()) {
                m_rangedBusy = false;
                Q_EMIT failed(page.error);
                return;
            }
            if (!page.items.isEmpty()) {
                // this range may have more: it is read again next time
                m_hasMore = true;
                finishRanged(page);
                return;
            }
        }
        m_nextRange = index + 1;
        fetchRanged(tried + 1);
    });
}

void ChangeFeedReader::finishRanged(FeedPage page)
{
    m_rangedBusy = false;
    m_first = false;
    m_totalCharge += page.requestCharge;
    page.continuation = m_ranges.toText();
    Q_EMIT changesReady(page);
}

void ChangeFeedReader::cancel()
{
    m_rangedBusy = false;
    if (PendingRequest *p = m_pending.data()) {
        m_pending = nullptr;
        p->cancel();
    }
}

} // namespace Cosmos
