#include "crosspartitionpagesource.h"

#include "partitionkeyrangecache.h"
#include "querypipeline.h"

#include <QHash>
#include <QTimer>
#include <QUuid>

namespace Cosmos::Query {

static const char TokenPrefix[] = "cosmoscope-xq:";
// Positions a token names, so that another source of the same query (a new Pager with bigger
// pages for "Load all") can take the position over: the live sources, and the positions of
// sources already gone (the last few; ResultLoader deletes the old Pager before the new one
// fetches).
struct CrossPartitionPosition
{
    QString query;
    QString link;
    QueryPlan plan;
    QList<PartitionKeyRange> ranges;
    QStringList rangeContinuations;
    std::unique_ptr<QueryPipeline> pipeline;
};

static QHash<QString, CrossPartitionPageSource *> &liveTokens()
{
    static QHash<QString, CrossPartitionPageSource *> tokens;
    return tokens;
}

static QList<QPair<QString, std::shared_ptr<CrossPartitionPosition>>> &parkedTokens()
{
    static QList<QPair<QString, std::shared_ptr<CrossPartitionPosition>>> parked;
    return parked;
}

std::shared_ptr<CrossPartitionPosition> CrossPartitionPageSource::takePosition()
{
    auto p = std::make_shared<CrossPartitionPosition>();
    p->query = m_spec.query;
    p->link = m_request.path.link();
    p->plan = m_plan;
    p->ranges = m_ranges;
    p->rangeContinuations = m_rangeContinuations;
    p->pipeline = std::move(m_pipeline);
    liveTokens().remove(m_token);
    m_token.clear();
    return p;
}

bool CrossPartitionPageSource::adopt(const QString &token)
{
    std::shared_ptr<CrossPartitionPosition> p;
    if (CrossPartitionPageSource *from = liveTokens().value(token); from && from != this) {
        if (from->m_pipeline)
            p = from->takePosition();
    } else {
        auto &parked = parkedTokens();
        for (qsizetype i = 0; i < parked.size(); ++i) {
            if (parked.at(i).first == token) {
                p = parked.takeAt(i).second;
                break;
            }
        }
    }
    if (!p || !p->pipeline || p->query != m_spec.query || p->link != m_request.path.link())
        return false;
    m_mode = Mode::Pipeline;
    m_planned = true;
    m_plan = p->plan;
    m_ranges = p->ranges;
    m_rangeContinuations = p->rangeContinuations;
    m_pipeline = std::move(p->pipeline);
    m_token = token;
    liveTokens().insert(m_token, this);
    return true;
}

CrossPartitionPageSource::CrossPartitionPageSource(CosmosClient *client,
                                                   const CosmosRequest &request, QuerySpec spec)
    : m_client(client)
    , m_request(request)
    , m_spec(std::move(spec))
    , m_gateway(std::make_unique<GatewayPageSource>(client, request))
{}

CrossPartitionPageSource::~CrossPartitionPageSource()
{
    if (m_token.isEmpty() || !m_pipeline)
        return;
    const QString token = m_token;
    auto &parked = parkedTokens();
    parked.append({token, takePosition()});
    while (parked.size() > 4)
        parked.removeFirst(); // only the latest few are kept for taking over
}

int CrossPartitionPageSource::pageSize() const
{
    const int n = m_request.options.maxItemCount;
    if (n > 0)
        return n;
    return n < 0 ? 1000 : 100; // -1: "service decides"; not sent: the service's default
}

PendingRequest *CrossPartitionPageSource::fetch(const QString &continuation, QObject *context,
                                                PageCallback callback)
{
    const quint64 serial = ++m_serial;
    m_callback = std::move(callback);
    m_page = FeedPage();
    m_activityIds.clear();
    m_inFlight = 0;
    m_goneRanges.clear();
    m_group = PendingRequest::group(context, [this, serial](const CosmosResponse &r) {
        if (serial != m_serial)
            return;
        if (r.error.isError()) {
            ++m_serial; // cancelled or failed: answers still on their way are dropped
            m_page.error = r.error;
        }
        m_page.activityId = m_activityIds.join(QStringLiteral(", "));
        const PageCallback cb = m_callback;
        cb(m_page);
    });
    QTimer::singleShot(0, m_group.data(), [this, serial, continuation] {
        if (serial == m_serial)
            begin(continuation);
    });
    return m_group;
}

void CrossPartitionPageSource::account(const CosmosResponse &response)
{
    m_page.requestCharge += response.requestCharge;
    m_page.elapsedMs += response.elapsedMs;
    if (!response.activityId.isEmpty())
        m_activityIds << response.activityId;
}

void CrossPartitionPageSource::fail(const CosmosError &error)
{
    if (!m_group)
        return;
    CosmosResponse r;
    r.error = error;
    m_group->complete(r); // deleting the group aborts the other requests
}

void CrossPartitionPageSource::begin(const QString &continuation)
{
    const bool ours = continuation.startsWith(QLatin1String(TokenPrefix));
    if (ours && continuation != m_token)
        adopt(continuation); // a position of another source of this query (other page size)
    if (m_mode == Mode::Pipeline) {
        if (continuation.isEmpty()) { // from the beginning again
            m_pipeline.reset();
            m_rangeContinuations.clear();
            startPipeline();
            return;
        }
        if (continuation != m_token || !m_pipeline) {
            fail(CosmosError::invalidInput(QStringLiteral(
                "This cross-partition query position is only kept while the query is open; run "
                "the query again.")));
            return;
        }
        m_pipeline->rollback(); // whatever an undelivered (cancelled, failed) page took
        pump();
        return;
    }
    if (ours) {
        fail(CosmosError::invalidInput(QStringLiteral(
            "This cross-partition query position is only kept while the query is open; run the "
            "query again.")));
        return;
    }
    plainFetch(continuation, m_mode == Mode::Undecided && continuation.isEmpty());
}

void CrossPartitionPageSource::plainFetch(const QString &continuation, bool firstTry)
{
    const quint64 serial = m_serial;
    m_gateway->fetch(continuation, m_group, [this, serial, firstTry](const FeedPage &page) {
        if (serial != m_serial || !m_group)
            return;
        m_page.requestCharge += page.requestCharge;
        m_page.elapsedMs += page.elapsedMs;
        if (!page.activityId.isEmpty())
            m_activityIds << page.activityId;
        if (page.error.isError()) {
            if (firstTry && page.error.status == 400 && page.error.subStatus == 1004) {
                m_mode = Mode::Pipeline;
                startPipeline();
                return;
            }
            fail(page.error);
            return;
        }
        m_mode = Mode::Gateway;
        m_page.items = page.items;
        m_page.rawItems = page.rawItems;
        m_page.continuation = page.continuation;
        m_page.queryMetrics = page.queryMetrics;
        m_page.indexMetrics = page.indexMetrics;
        m_group->complete({});
    });
}

CosmosRequest CrossPartitionPageSource::baseQueryRequest(const QString &query) const
{
    QuerySpec spec = m_spec;
    spec.query = query;
    CosmosRequest r = CosmosRequest::post(m_request.path, QJsonDocument(spec.toJson()));
    r.idempotent = true;
    r.contentType = "application/query+json";
    r.options.consistencyLevel = m_request.options.consistencyLevel;
    r.options.populateQueryMetrics = m_request.options.populateQueryMetrics;
    r.options.extraHeaders.push_back({"x-ms-documentdb-isquery", "True"});
    r.options.extraHeaders.push_back({"x-ms-documentdb-query-enablecrosspartition", "True"});
    return r;
}

void CrossPartitionPageSource::startPipeline()
{
    if (!m_planned)
        requestPlan();
    else
        requestRanges();
}

void CrossPartitionPageSource::requestPlan()
{
    if (!m_client)
        return fail(CosmosError::invalidInput(QStringLiteral("The connection was closed.")));
    CosmosRequest r = baseQueryRequest(m_spec.query);
    r.options.extraHeaders.push_back({"x-ms-cosmos-is-query-plan-request", "True"});
    r.options.extraHeaders.push_back({"x-ms-cosmos-query-version", "1.0"});
    r.options.extraHeaders.push_back({"x-ms-cosmos-supported-query-features", supportedQueryFeatures()});
    const quint64 serial = m_serial;
    m_client->send(r, m_group, [this, serial](const CosmosResponse &response) {
        if (serial != m_serial || !m_group)
            return;
        account(response);
        if (!response.ok())
            return fail(response.error);
        QString error;
        m_plan = QueryPlan::fromJson(response.object(), &error);
        if (error.isEmpty())
            error = m_plan.unsupportedReason();
        if (!error.isEmpty())
            return fail(CosmosError::invalidInput(error));
        m_planned = true;
        requestRanges();
    });
}

void CrossPartitionPageSource::requestRanges()
{
    if (!m_client)
        return fail(CosmosError::invalidInput(QStringLiteral("The connection was closed.")));
    const quint64 serial = m_serial;
    Routing::PartitionKeyRangeCache::of(m_client)->ranges(
        m_request.path.parent(), m_group,
        [this, serial](const QList<PartitionKeyRange> &all, const CosmosError &error,
                       double charge) {
            if (serial != m_serial || !m_group)
                return;
            m_page.requestCharge += charge;
            if (error.isError())
                return fail(error);
            setupRanges(all);
        });
}

void CrossPartitionPageSource::setupRanges(const QList<PartitionKeyRange> &all)
{
    m_ranges = overlappingRanges(liveRanges(all), m_plan.queryRanges);
    m_rangeContinuations = QStringList(m_ranges.size(), QString());
    m_pipeline = std::make_unique<QueryPipeline>(m_plan, m_ranges.size());
    pump();
}

void CrossPartitionPageSource::pump()
{
    if (!m_group)
        return;
    const int size = pageSize();
    m_pipeline->take(size, m_page.items, &m_page.rawItems); // fills the page up to `size`
    const QList<int> wanted = m_pipeline->wantedRanges();
    if (m_page.items.size() >= size || m_pipeline->isFinished() || wanted.isEmpty()) {
        deliver();
        return;
    }
    m_inFlight = int(wanted.size());
    for (int i : wanted)
        fetchRange(i);
}

void CrossPartitionPageSource::fetchRange(int index)
{
    if (!m_client)
        return fail(CosmosError::invalidInput(QStringLiteral("The connection was closed.")));
    CosmosRequest r = baseQueryRequest(m_plan.rangeQuery(m_spec.query));
    r.options.maxItemCount = m_plan.isAggregate() ? -1 : pageSize();
    r.options.extraHeaders.push_back({"x-ms-documentdb-partitionkeyrangeid",
                                      m_ranges.at(index).id.toUtf8()});
    if (!m_rangeContinuations.at(index).isEmpty())
        r.options.extraHeaders.push_back({"x-ms-continuation", m_rangeContinuations.at(index).toUtf8()});
    const quint64 serial = m_serial;
    m_client->send(r, m_group, [this, serial, index](const CosmosResponse &response) {
        if (serial != m_serial || !m_group)
            return;
        account(response);
        if (Routing::isPartitionGone(response.error)) {
            m_goneRanges << index; // replaced by its children once the other answers are in
            if (--m_inFlight == 0)
                replaceGoneRanges();
            return;
        }
        if (!response.ok())
            return fail(response.error);
        QJsonArray rows;
        QList<QByteArray> raw;
        if (const CosmosError e = readFeedPage(response, QStringLiteral("Documents"), &rows, &raw);
            e.isError()) {
            return fail(e);
        }
        if (!response.continuation.isEmpty()
            && response.continuation == m_rangeContinuations.at(index)) {
            CosmosError e;
            e.kind = CosmosError::Kind::Damaged;
            e.activityId = response.activityId;
            e.message = QStringLiteral("Partition key range %1 returned the continuation it was "
                                       "given; reading on would repeat it forever.")
                            .arg(m_ranges.at(index).id);
            return fail(e);
        }
        m_rangeContinuations[index] = response.continuation;
        m_pipeline->addPage(index, rows, !response.continuation.isEmpty(), raw);
        if (--m_inFlight == 0)
            replaceGoneRanges();
    });
}

// A range answered 410 (split): its children take its place and its continuation, as the SDKs
// do; the pipeline keeps what it buffered, so nothing is skipped or repeated.
void CrossPartitionPageSource::replaceGoneRanges()
{
    if (m_goneRanges.isEmpty())
        return pump();
    if (!m_client)
        return fail(CosmosError::invalidInput(QStringLiteral("The connection was closed.")));
    std::sort(m_goneRanges.begin(), m_goneRanges.end());
    const int index = m_goneRanges.takeLast(); // from the end: earlier indexes stay valid
    const quint64 serial = m_serial;
    Routing::PartitionKeyRangeCache::of(m_client)->replacementsFor(
        m_request.path.parent(), m_ranges.at(index), m_group,
        [this, serial, index](const QList<PartitionKeyRange> &children, const CosmosError &error,
                              double charge) {
            if (serial != m_serial || !m_group)
                return;
            m_page.requestCharge += charge;
            if (error.isError())
                return fail(error);
            const QString continuation = m_rangeContinuations.at(index);
            m_ranges.removeAt(index);
            m_rangeContinuations.removeAt(index);
            for (qsizetype i = 0; i < children.size(); ++i) {
                m_ranges.insert(index + i, children.at(i));
                m_rangeContinuations.insert(index + i, continuation);
            }
            m_pipeline->splitRange(index, int(children.size()));
            replaceGoneRanges();
        });
}

void CrossPartitionPageSource::deliver()
{
    m_pipeline->commit();
    if (!m_token.isEmpty())
        liveTokens().remove(m_token);
    if (m_pipeline->isFinished()) {
        m_page.continuation.clear();
        m_token.clear();
    } else {
        static const QString instance = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_token = QLatin1String(TokenPrefix) + instance + QLatin1Char(':')
                  + QString::number(quintptr(this), 16) + QLatin1Char(':')
                  + QString::number(++m_tokenSerial);
        m_page.continuation = m_token;
        liveTokens().insert(m_token, this);
    }
    m_group->complete({});
}

} // namespace Cosmos::Query
