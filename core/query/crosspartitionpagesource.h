#pragma once

#include "pager.h"
#include "cosmosclient.h"
#include "queryplan.h"

#include <QPointer>
#include <QStringList>

#include <memory>

namespace Cosmos::Query {

class QueryPipeline;
struct CrossPartitionPosition;

/// A query without a partition key, run the way the SDKs do it.
///
/// The first page is asked from the gateway as a plain query. When the gateway refuses it
/// (400, substatus 1004: TOP, ORDER BY, OFFSET/LIMIT, aggregates, DISTINCT across partitions),
/// the source fetches the query plan and the container's partition key ranges (cached per
/// client and container), runs the plan's rewritten query on every overlapping range with that
/// range's own continuation, and merges the results client-side (QueryPipeline).
///
/// Continuations: in gateway mode they are the service's. In pipeline mode the merge state
/// (one buffered page per range, per-range continuations, skip/take/distinct counters) stays in
/// this object, and the continuation is an opaque in-process token ("cosmoscope-xq:…"). Another
/// source of the same query and container in this process (a new Pager with another page size,
/// as "Load all" makes) takes the position over from the token; it cannot resume a query in
/// another process.
///
/// Every page sums the request charge and elapsed time of all requests made for it and lists
/// their activity ids, comma-separated. Cancelling the page aborts all its requests.
class CrossPartitionPageSource : public PageSource
{
public:
    /// `request` is the plain query request (as GatewayPageSource would send it).
    CrossPartitionPageSource(CosmosClient *client, const CosmosRequest &request, QuerySpec spec);
    ~CrossPartitionPageSource() override;

    PendingRequest *fetch(const QString &continuation, QObject *context,
                          PageCallback callback) override;

private:
    enum class Mode { Undecided, Gateway, Pipeline };
    void begin(const QString &continuation);
    bool adopt(const QString &token);
    std::shared_ptr<CrossPartitionPosition> takePosition();
    void plainFetch(const QString &continuation, bool firstTry);
    void startPipeline();
    void requestPlan();
    void requestRanges();
    void setupRanges(const QList<PartitionKeyRange> &all);
    void pump();
    void fetchRange(int index);
    void replaceGoneRanges();
    void account(const CosmosResponse &response);
    void fail(const CosmosError &error);
    void deliver();
    CosmosRequest baseQueryRequest(const QString &query) const;
    int pageSize() const;

    QPointer<CosmosClient> m_client;
    CosmosRequest m_request;
    QuerySpec m_spec;
    std::unique_ptr<GatewayPageSource> m_gateway;
    Mode m_mode = Mode::Undecided;

    bool m_planned = false;
    QueryPlan m_plan;
    QList<PartitionKeyRange> m_ranges;
    QStringList m_rangeContinuations;
    QList<int> m_goneRanges; ///< answered 410 (split) in the current round
    std::unique_ptr<QueryPipeline> m_pipeline;
    QString m_token;
    quint64 m_tokenSerial = 0;

    // the fetch in progress
    QPointer<PendingRequest> m_group;
    PageCallback m_callback;
    FeedPage m_page;
    QStringList m_activityIds;
    int m_inFlight = 0;
    quint64 m_serial = 0;
};

} // namespace Cosmos::Query
