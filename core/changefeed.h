#pragma once

#include "pager.h"
#include "routing/feedranges.h"

#include <QDateTime>

namespace Cosmos {

struct ChangeFeedOptions
{
    enum class Start { Beginning, Now, Time, Continuation };
    Start start = Start::Beginning;
    QDateTime startTime;       ///< with Start::Time
    QString continuation;      ///< with Start::Continuation: an etag from a previous read
    PartitionKey partitionKey; ///< only this logical partition
    QString partitionKeyRangeId; ///< only this range (and its children after a split)
    int maxItemCount = 100;
    /// Read range by range, as the SDKs do (partitionKeyRangeId implies it): a split during the
    /// read is followed onto the children. The continuation is then a list of ranges with
    /// their etags (Routing::FeedRanges), which Start::Continuation accepts back.
    bool byRange = false;
};

/// Reads a container's change feed: each fetch returns the changes after the continuation
/// (the response etag). A 304 means caught up; polling again later reports new writes.
class ChangeFeedReader : public QObject
{
    Q_OBJECT
public:
    ChangeFeedReader(CosmosClient *client, const ResourcePath &container,
                     const ChangeFeedOptions &options, QObject *parent = nullptr);

    void fetchNext();
    void cancel();
    bool isBusy() const { return m_pending != nullptr || m_rangedBusy; }
    /// False after a fetch that reported nothing new (304 or an empty page).
    bool hasMore() const { return m_hasMore; }
    /// Resumable position; pass back as ChangeFeedOptions::continuation.
    QString continuation() const;
    double totalRequestCharge() const { return m_totalCharge; }

Q_SIGNALS:
    void changesReady(const Cosmos::FeedPage &page);
    void failed(const Cosmos::CosmosError &error);

private:
    bool ranged() const;
    void fetchRanged(int tried);
    CosmosRequest baseRequest() const;
    void finishRanged(FeedPage page);

    QPointer<CosmosClient> m_client;
    ResourcePath m_container;
    ChangeFeedOptions m_options;
    QPointer<PendingRequest> m_pending;
    QString m_continuation;
    bool m_first = true;
    bool m_hasMore = true;
    double m_totalCharge = 0;
    // range by range
    Routing::FeedRanges m_ranges;
    bool m_rangesReady = false;
    bool m_rangedBusy = false;
    int m_nextRange = 0;
    FeedPage m_rangedPage; ///< charges of the requests made for the page being fetched
};

} // namespace Cosmos
