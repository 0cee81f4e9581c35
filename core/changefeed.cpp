#include "changefeed.h"

#include "auth.h"
#include "cosmosclient.h"

namespace Cosmos {

ChangeFeedReader::ChangeFeedReader(CosmosClient *client, const ResourcePath &container,
                                   const ChangeFeedOptions &options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_container(container)
    , m_options(options)
{
    if (options.start == ChangeFeedOptions::Start::Continuation)
        m_continuation = options.continuation;
}

void ChangeFeedReader::fetchNext()
{
    if (m_pending || !m_client)
        return;
    CosmosRequest r = CosmosRequest::get(m_container.feed(ResourceKind::Item));
    r.options.partitionKey = m_options.partitionKey;
    r.options.maxItemCount = m_options.maxItemCount;
    r.options.extraHeaders.push_back({"A-IM", "Incremental feed"});
    if (!m_options.partitionKeyRangeId.isEmpty())
        r.options.extraHeaders.push_back({"x-ms-documentdb-partitionkeyrangeid",
                                       m_options.partitionKeyRangeId.toUtf8()});
    if (!m_continuation.isEmpty()) {
        r.options.ifNoneMatch = m_continuation;
    } else if (m_first && m_options.start == ChangeFeedOptions::Start::Now) {
        r.options.ifNoneMatch = QStringLiteral("*");
    } else if (m_first && m_options.start == ChangeFeedOptions::Start::Time) {
        r.options.extraHeaders.push_back({"If-Modified-Since", httpDate(m_options.startTime).toLatin1()});
    }
    m_pending = m_client->send(r, this, [this](const CosmosResponse &response) {
        m_pending = nullptr;
        m_totalCharge += response.requestCharge;
        FeedPage page;
        page.requestCharge = response.requestCharge;
        page.activityId = response.activityId;
        page.elapsedMs = response.elapsedMs;
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

void ChangeFeedReader::cancel()
{
    if (PendingRequest *p = m_pending.data()) {
        m_pending = nullptr;
        p->cancel();
    }
}

} // namespace Cosmos
